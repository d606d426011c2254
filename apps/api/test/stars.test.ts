import type { Database, Kysely } from '@zhanqian/db';
import { describeEachDialect, tableCounts } from '@zhanqian/db/testing';
import { readWorkbook, writeWorkbook } from '@zhanqian/stars';
import { expect, it } from 'vitest';
import { buildFixture, callerAs, type Fixture } from './fixture.ts';

const YEAR = 2026;
const ALL = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const NINE = [1, 2, 3, 4, 5, 6, 7, 8, 9];

/** Gives every fixture member a zone with `perZone` households; returns household ids per member. */
async function addZones(db: Kysely<Database>, f: Fixture, perZone = 5) {
  const households: Record<number, number[]> = {};
  for (const s of f.streets)
    for (const m of s.members) {
      const z = await db
        .insertInto('zone')
        .values({ member_id: m.id, name: `${m.name}责任区` })
        .returning('id')
        .executeTakeFirstOrThrow();
      households[m.id] = [];
      for (let k = 0; k < perZone; k++) {
        const h = await db
          .insertInto('household')
          .values({ zone_id: z.id, head_name: `户主${m.id}-${k}`, address: `${k}号` })
          .returning('id')
          .executeTakeFirstOrThrow();
        households[m.id]!.push(h.id);
      }
    }
  return households;
}

async function starCounts(db: Kysely<Database>) {
  const out: Record<string, number> = await tableCounts(db);
  for (const t of ['star_rating', 'star_criterion', 'star_config', 'star_result', 'star_snapshot'] as const)
    out[t] = Number((await db.selectFrom(t).select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return out;
}

async function setup(db: Kysely<Database>) {
  const f = await buildFixture(db);
  const households = await addZones(db, f);
  const admin = await callerAs(db, 'district_admin');
  await admin.stars.initYear({ year: YEAR });
  return { f, households, admin };
}

describeEachDialect('stars API', (t) => {
  it('the district sets up a year with the default criteria; only the district may change them', async () => {
    const { admin } = await setup(t.db);
    const criteria = await admin.stars.criteria({ year: YEAR });
    expect(criteria.map((c) => c.criteria.length)).toEqual([10, 10, 10, 10]);
    expect(criteria[0]!.criteria[0]!.name).toBe('爱国守法');
    expect(criteria[3]!.criteria[9]!.name).toBe('清正廉洁');

    const street1 = await callerAs(t.db, 'street1');
    const before = await starCounts(t.db);
    const ten = ALL.map((i) => ({ name: `标准${i}` }));
    await expect(
      street1.stars.setCriteria({ year: YEAR, level: 'household', criteria: ten }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      admin.stars.setCriteria({ year: YEAR, level: 'household', criteria: ten.slice(0, 9) }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const sec = await callerAs(t.db, 'branch_secretary');
    await expect(
      sec.stars.setCriteria({ year: YEAR, level: 'household', criteria: ten }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    // Only the refusal audits were added.
    const after = await starCounts(t.db);
    expect({ ...after, audit_log: 0 }).toEqual({ ...before, audit_log: 0 });

    const set = await admin.stars.setCriteria({ year: YEAR, level: 'household', criteria: ten });
    expect(set.map((c) => c.name)).toEqual(ten.map((c) => c.name));
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'stars.setCriteria')
      .where('result', '=', 'ok')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.before_json!)[0].name).toBe('爱国守法');
  });

  it('a branch secretary rates households and members of their branch only', async () => {
    const { f, households } = await setup(t.db);
    const sec = await callerAs(t.db, 'branch_secretary');
    const s1 = f.streets[0]!;
    const s2 = f.streets[1]!;
    const h = households[s1.members[0]!.id]![0]!;
    const r = await sec.stars.rate({ year: YEAR, level: 'household', id: h, met: ALL });
    expect(r.rating.stars).toBe(10);
    await sec.stars.rate({ year: YEAR, level: 'member', id: s1.members[0]!.id, met: NINE });

    const before = await starCounts(t.db);
    // Another street's household and member: out of scope.
    await expect(
      sec.stars.rate({ year: YEAR, level: 'household', id: households[s2.members[0]!.id]![0]!, met: ALL }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      sec.stars.rate({ year: YEAR, level: 'member', id: s2.members[0]!.id, met: ALL }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Its own branch is rated by the committee, not by itself; committees by the district.
    await expect(
      sec.stars.rate({ year: YEAR, level: 'branch', id: s1.branch.id, met: ALL }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      sec.stars.rate({ year: YEAR, level: 'committee', id: s1.committee.id, met: ALL }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    // Bad input: criterion 11, unknown household.
    await expect(sec.stars.rate({ year: YEAR, level: 'household', id: h, met: [11] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(
      sec.stars.rate({ year: YEAR, level: 'household', id: 999_999, met: ALL }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    // A year without criteria cannot be rated.
    await expect(sec.stars.rate({ year: 2030, level: 'household', id: h, met: ALL })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
    expect({ ...(await starCounts(t.db)), audit_log: 0 }).toEqual({ ...before, audit_log: 0 });

    const rows = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'stars.rate').execute();
    expect(rows).toHaveLength(2);
    expect(JSON.parse(rows[0]!.before_json!)).toEqual({ met: [], stars: 0 });
    expect(JSON.parse(rows[0]!.after_json!)).toEqual({ met: ALL, stars: 10 });
  });

  it('a street rates its branches but not committees; another street is refused; other portals have no access', async () => {
    const { f } = await setup(t.db);
    const street1 = await callerAs(t.db, 'street1');
    await street1.stars.rate({ year: YEAR, level: 'branch', id: f.streets[0]!.branch.id, met: ALL });
    await expect(
      street1.stars.rate({ year: YEAR, level: 'branch', id: f.streets[1]!.branch.id, met: ALL }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      street1.stars.rate({ year: YEAR, level: 'committee', id: f.streets[0]!.committee.id, met: ALL }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(street1.stars.stats({ year: YEAR, rootId: f.streets[1]!.street.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      street1.stars.explain({ year: YEAR, level: 'member', id: f.streets[1]!.members[0]!.id }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    for (const who of ['kaohe', 'rencai', 'sys_admin', 'audit_admin']) {
      const c = await callerAs(t.db, who);
      await expect(c.stars.stats({ year: YEAR })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(
        c.stars.rate({ year: YEAR, level: 'branch', id: f.streets[0]!.branch.id, met: ALL }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    const admin = await callerAs(t.db, 'district_admin');
    await admin.stars.rate({ year: YEAR, level: 'committee', id: f.streets[1]!.committee.id, met: ALL });
  });

  it('the cascade: a 9-star member over a perfect zone fails, explained; fixing it certifies the chain', async () => {
    const { f, households, admin } = await setup(t.db);
    const s1 = f.streets[0]!;
    const sec = await callerAs(t.db, 'branch_secretary');
    for (const m of s1.members) {
      for (const h of households[m.id]!)
        await sec.stars.rate({ year: YEAR, level: 'household', id: h, met: ALL });
      await sec.stars.rate({ year: YEAR, level: 'member', id: m.id, met: ALL });
    }
    await sec.stars.rate({ year: YEAR, level: 'member', id: s1.members[1]!.id, met: NINE });
    await admin.stars.rate({ year: YEAR, level: 'branch', id: s1.branch.id, met: ALL });
    await admin.stars.rate({ year: YEAR, level: 'committee', id: s1.committee.id, met: ALL });

    const m2 = await sec.stars.explain({ year: YEAR, level: 'member', id: s1.members[1]!.id });
    expect(m2).toMatchObject({
      tenStar: false,
      childrenTen: 5,
      childrenTotal: 5,
      reason: { kind: 'own', stars: 9 },
    });
    expect(m2.text).toBe('未认证：党员本级仅 9 星，未达标项：廉洁自律');
    // 1 of 2 members is ten-star: 50% < 80% at the branch level.
    const branch = await admin.stars.explain({ year: YEAR, level: 'branch', id: s1.branch.id });
    expect(branch).toMatchObject({
      tenStar: false,
      reason: { kind: 'share', level: 'branch', ten: 1, total: 2 },
    });
    expect(branch.text).toBe('未认证：十星党员占比 1/2，未达到 80% 以上');
    const en = await callerAs(t.db, 'district_admin', 'en');
    expect((await en.stars.explain({ year: YEAR, level: 'branch', id: s1.branch.id })).text).toBe(
      'Not certified: ten-star member are 1 of 2, below 80%',
    );

    await sec.stars.rate({ year: YEAR, level: 'member', id: s1.members[1]!.id, met: ALL });
    for (const [level, id] of [
      ['branch', s1.branch.id],
      ['committee', s1.committee.id],
    ] as const)
      expect((await admin.stars.explain({ year: YEAR, level, id })).tenStar).toBe(true);

    // One household drops to 9 stars: 4 of 5 = exactly 80% still certifies the member.
    await sec.stars.rate({
      year: YEAR,
      level: 'household',
      id: households[s1.members[0]!.id]![0]!,
      met: NINE,
    });
    expect((await admin.stars.explain({ year: YEAR, level: 'member', id: s1.members[0]!.id })).tenStar).toBe(
      true,
    );
    // A second one: 3 of 5 = 60% fails, and so does the chain above (incremental, same as full).
    await sec.stars.rate({
      year: YEAR,
      level: 'household',
      id: households[s1.members[0]!.id]![1]!,
      met: NINE,
    });
    const before = await admin.stars.explain({ year: YEAR, level: 'committee', id: s1.committee.id });
    expect(before).toMatchObject({
      tenStar: false,
      reason: { kind: 'share', level: 'committee', ten: 0, total: 1 },
    });
    await admin.stars.recompute({ year: YEAR });
    const after = await admin.stars.explain({ year: YEAR, level: 'committee', id: s1.committee.id });
    expect(after.tenStar).toBe(before.tenStar);
    expect(after.reason).toEqual(before.reason);

    // Street 2's committee has no rated children: its committee is not certified.
    const stats = await admin.stars.stats({ year: YEAR });
    expect(stats.computed).toBe(true);
    const hh = stats.district.find((l) => l.level === 'household')!;
    expect(hh).toMatchObject({ total: 20, ten: 8, rateBp: 4000 });
    expect(hh.distribution[10]).toBe(8);
    expect(hh.distribution[9]).toBe(2);
    expect(hh.distribution[0]).toBe(10);
    expect(stats.communities.map((c) => c.committeeId).sort()).toEqual(
      [f.streets[0]!.committee.id, f.streets[1]!.committee.id].sort(),
    );
    const street1 = await callerAs(t.db, 'street1');
    const own = await street1.stars.stats({ year: YEAR });
    expect(own.communities.map((c) => c.committeeId)).toEqual([s1.committee.id]);
    const trend = await admin.stars.trend({ years: [2025, YEAR] });
    expect(trend.years).toEqual([2025, YEAR]);
    expect(trend.series.find((s) => s.level === 'household')!.ten).toEqual([0, 8]);
  });

  it('a member reads own stars, zone and households, and nothing else', async () => {
    const { f, households } = await setup(t.db);
    const s1 = f.streets[0]!;
    const me = s1.members[0]!;
    const sec = await callerAs(t.db, 'branch_secretary');
    await sec.stars.rate({ year: YEAR, level: 'household', id: households[me.id]![0]!, met: ALL });
    const member = await callerAs(t.db, 'member');
    const mine = await member.stars.mine({ year: YEAR });
    expect(mine.member.id).toBe(me.id);
    expect(mine.householdTotal).toBe(5);
    expect(mine.households[0]).toMatchObject({ stars: 10, tenStar: true });
    await member.stars.explain({ year: YEAR, level: 'household', id: households[me.id]![0]! });
    await expect(
      member.stars.explain({ year: YEAR, level: 'member', id: s1.members[1]!.id }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      member.stars.explain({ year: YEAR, level: 'household', id: households[s1.members[1]!.id]![0]! }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(member.stars.entities({ year: YEAR, level: 'member' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect((await member.stars.entities({ year: YEAR, level: 'household', memberId: me.id })).total).toBe(5);
    await expect(member.stars.stats({ year: YEAR })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      member.stars.rate({ year: YEAR, level: 'household', id: households[me.id]![1]!, met: ALL }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('bulk import: the template round-trips; any bad row applies nothing and is reported by row', async () => {
    const { f, households } = await setup(t.db);
    const sec = await callerAs(t.db, 'branch_secretary');
    const tpl = await sec.stars.importTemplate({ year: YEAR, level: 'household' });
    // every export is named in Chinese (#21 item 13), not stars-2026-household.xlsx
    expect(tpl.filename).toBe(`星级评定导入模板-${YEAR}-户.xlsx`);
    expect((await sec.stars.importTemplate({ year: YEAR, level: 'member' })).filename).toBe(
      `星级评定导入模板-${YEAR}-党员.xlsx`,
    );
    const [sheet] = await readWorkbook(Buffer.from(tpl.base64, 'base64'));
    expect(sheet!.rows).toHaveLength(11); // header + 10 households of the branch
    expect(sheet!.rows[0]![2]).toBe('爱国守法');
    const rows = sheet!.rows.map((r, i) => (i === 0 ? r : [r[0]!, r[1]!, ...ALL.map(() => '✓')]));
    rows[2]![11] = 0;
    const good = (await writeWorkbook([{ name: 's', rows }])).toString('base64');

    // Add bad rows: a bad mark, a household of another street, a duplicate.
    const badRows = rows.map((r) => [...r]);
    badRows[3]![4] = 'maybe';
    badRows.push([String(households[f.streets[1]!.members[0]!.id]![0]), '', ...ALL.map(() => 1)]);
    badRows.push([badRows[1]![0]!, '', ...ALL.map(() => 1)]);
    const bad = (await writeWorkbook([{ name: 's', rows: badRows }])).toString('base64');
    const before = await starCounts(t.db);
    const refused = await sec.stars.importRatings({ year: YEAR, level: 'household', fileBase64: bad });
    expect(refused.applied).toBe(0);
    expect(refused.errors.map((e) => [e.row, e.code])).toEqual([
      [4, 'badCell'],
      [12, 'mayNotRate'],
      [13, 'duplicate'],
    ]);
    expect(refused.errors[0]!.message).toContain('第 4 行第 5 列');
    const afterRefused = await starCounts(t.db);
    expect({ ...afterRefused, audit_log: 0 }).toEqual({ ...before, audit_log: 0 });
    await expect(
      sec.stars.importRatings({
        year: YEAR,
        level: 'household',
        fileBase64: Buffer.from('nope').toString('base64'),
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    const ok = await sec.stars.importRatings({ year: YEAR, level: 'household', fileBase64: good });
    expect(ok).toEqual({ applied: 10, errors: [] });
    const list = await sec.stars.entities({ year: YEAR, level: 'household' });
    expect(list.total).toBe(10);
    expect(list.rows.filter((r) => r.stars === 10)).toHaveLength(9);
    const m = await sec.stars.explain({ year: YEAR, level: 'member', id: f.streets[0]!.members[0]!.id });
    expect(m).toMatchObject({ childrenTen: 4, childrenTotal: 5 });
  });

  it('the pay list stays within the budget, scaled down when short, and exports as xlsx', async () => {
    const { f, households, admin } = await setup(t.db);
    const s1 = f.streets[0]!;
    const sec = await callerAs(t.db, 'branch_secretary');
    for (const m of s1.members) {
      for (const h of households[m.id]!)
        await sec.stars.rate({ year: YEAR, level: 'household', id: h, met: ALL });
      await sec.stars.rate({ year: YEAR, level: 'member', id: m.id, met: ALL });
    }
    await admin.stars.rate({ year: YEAR, level: 'branch', id: s1.branch.id, met: ALL });
    await admin.stars.rate({ year: YEAR, level: 'committee', id: s1.committee.id, met: ALL });
    const bonusFen = { household: 10_000, member: 50_000, branch: 200_000, committee: 1_000_000 };
    // Owed: 10 × 100 + 2 × 500 + 2000 + 10000 yuan = 14,000 yuan; budget 7,000.01 yuan.
    const street1 = await callerAs(t.db, 'street1');
    await expect(
      street1.stars.setConfig({
        year: YEAR,
        policy: { num: 4, den: 5, emptyPasses: false },
        bonusFen,
        budgetFen: 1,
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      admin.stars.setConfig({
        year: YEAR,
        policy: { num: 6, den: 5, emptyPasses: false },
        bonusFen,
        budgetFen: 1,
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await admin.stars.setConfig({
      year: YEAR,
      policy: { num: 4, den: 5, emptyPasses: false },
      bonusFen,
      budgetFen: 700_001,
    });
    const alloc = await admin.stars.bonus({ year: YEAR });
    expect(alloc).toMatchObject({ owedFen: 1_400_000, budgetFen: 700_001, scaled: true });
    expect(alloc.paidFen).toBeLessThanOrEqual(700_001);
    expect(alloc.lines.map((l) => [l.level, l.payees, l.paidEachFen])).toEqual([
      ['household', 10, 5_000],
      ['member', 2, 25_000],
      ['branch', 1, 100_000],
      ['committee', 1, 500_000],
    ]);
    const list = await admin.stars.payList({ year: YEAR, level: 'household', pageSize: 4 });
    expect(list.total).toBe(10);
    expect(list.rows).toHaveLength(4);
    expect(list.rows[0]!.paidFen).toBe(5_000);
    const sheet = await street1.stars.payListXlsx({ year: YEAR });
    expect(sheet.filename).toBe(`星级补贴发放表-${YEAR}.xlsx`); // was stars-pay-2026.xlsx (#21 item 13)
    const sheets = await readWorkbook(Buffer.from(sheet.base64, 'base64'));
    expect(sheets.map((w) => w.name)).toEqual(['汇总', '十星户', '十星党员', '十星党支部', '十星社区党委']);
    expect(sheets[1]!.rows).toHaveLength(11);
    expect(sheets[1]!.rows[1]![3]).toBe(50);
    const sec2 = await callerAs(t.db, 'branch_secretary');
    await expect(sec2.stars.payList({ year: YEAR, level: 'household' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      street1.stars.payList({ year: YEAR, level: 'household', rootId: f.streets[1]!.street.id }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
  it('a community reads the bonus of its own area only, never the district-wide totals (issue #15)', async () => {
    const { f, households, admin } = await setup(t.db);
    const [s1, s2] = [f.streets[0]!, f.streets[1]!];
    await t.db
      .insertInto('app_user')
      .values({
        username: 'shequ',
        display_name: 'shequ',
        password_hash: 'x',
        role: 'dept_admin',
        org_unit_id: s1.committee.id,
        password_changed_at: 'x',
        created_at: 'x',
      })
      .execute();
    // ten-star households in both streets; street 1 also its members, branch and committee
    for (const s of [s1, s2])
      for (const m of s.members)
        for (const h of households[m.id]!)
          await admin.stars.rate({ year: YEAR, level: 'household', id: h, met: ALL });
    for (const m of s1.members) await admin.stars.rate({ year: YEAR, level: 'member', id: m.id, met: ALL });
    await admin.stars.rate({ year: YEAR, level: 'branch', id: s1.branch.id, met: ALL });
    await admin.stars.rate({ year: YEAR, level: 'committee', id: s1.committee.id, met: ALL });
    const bonusFen = { household: 10_000, member: 50_000, branch: 200_000, committee: 1_000_000 };
    // District owed: 20 × 100 + 2 × 500 + 2000 + 10000 yuan = 15,000 yuan; budget 7,500 yuan.
    await admin.stars.setConfig({
      year: YEAR,
      policy: { num: 4, den: 5, emptyPasses: false },
      bonusFen,
      budgetFen: 750_000,
    });
    const district = await admin.stars.bonus({ year: YEAR });
    expect(district).toMatchObject({ district: true, owedFen: 1_500_000, budgetFen: 750_000, scaled: true });
    expect(district.lines.map((l) => [l.level, l.payees, l.paidEachFen])).toEqual([
      ['household', 20, 5_000],
      ['member', 2, 25_000],
      ['branch', 1, 100_000],
      ['committee', 1, 500_000],
    ]);

    const shequ = await callerAs(t.db, 'shequ');
    const area = await shequ.stars.bonus({ year: YEAR });
    // only its own 10 households, paid what the district's allocation pays each
    expect(area).toEqual({
      district: false,
      computed: true,
      scaled: true,
      budgetFen: null,
      leftoverFen: null,
      owedFen: 10 * 10_000 + 2 * 50_000 + 200_000 + 1_000_000,
      paidFen: 10 * 5_000 + 2 * 25_000 + 100_000 + 500_000,
      lines: [
        { level: 'household', payees: 10, amountFen: 10_000, paidEachFen: 5_000, totalFen: 50_000 },
        { level: 'member', payees: 2, amountFen: 50_000, paidEachFen: 25_000, totalFen: 50_000 },
        { level: 'branch', payees: 1, amountFen: 200_000, paidEachFen: 100_000, totalFen: 100_000 },
        { level: 'committee', payees: 1, amountFen: 1_000_000, paidEachFen: 500_000, totalFen: 500_000 },
      ],
    });
    expect((await shequ.stars.payList({ year: YEAR, level: 'household' })).allocation).toEqual(area);
    const street1 = await callerAs(t.db, 'street1');
    expect((await street1.stars.bonus({ year: YEAR, rootId: s1.branch.id })).lines[0]!.payees).toBe(10);
    for (const rootId of [f.district.id, s1.street.id, s2.committee.id])
      await expect(shequ.stars.bonus({ year: YEAR, rootId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // the export carries the area's figures, not the district's budget
    const sheet = await shequ.stars.payListXlsx({ year: YEAR });
    const summary = (await readWorkbook(Buffer.from(sheet.base64, 'base64')))[0]!;
    expect(summary.rows.map((r) => r[0])).not.toContain('预算（元）');
    expect(summary.rows).toContainEqual(['范围', '本辖区']);
  });
});
