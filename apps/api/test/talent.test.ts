import { appRouter } from '@zhanqian/api-router';
import { verifyAuditChain } from '@zhanqian/audit';
import type { Database, Kysely } from '@zhanqian/db';
import { sql } from '@zhanqian/db';
import { describeEachDialect, tableCounts } from '@zhanqian/db/testing';
import { expect, it } from 'vitest';
import { buildFixture, callerAs, type Fixture } from './fixture.ts';

/** A caller's `talent.*` procedures. */
const talentAs = async (db: Kysely<Database>, username: string, locale: 'zh-CN' | 'en' = 'zh-CN') =>
  (await callerAs(db, username, locale)).talent;

const TALENT_TABLES = [
  'talent_tier',
  'talent_catalogue',
  'talent_person',
  'talent_fund',
  'talent_fund_entry',
  'talent_subsidy_application',
  'talent_award_cycle',
  'talent_nomination',
  'talent_award_score',
] as const;

async function counts(db: Kysely<Database>) {
  const out: Record<string, number> = await tableCounts(db);
  for (const t of TALENT_TABLES) {
    const r = await db.selectFrom(t).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out;
}

/** The talent office opens the fund, a tier, the 2024 catalogue and two talents (one linked to the fixture member). */
async function setup(db: Kysely<Database>, f: Fixture) {
  const rc = await talentAs(db, 'rencai');
  await rc.fund.open({});
  await rc.fund.budget({
    amountFen: 1_000_000_000,
    reason: '区财政拨入人才专项资金',
    entryDate: '2024-01-02',
  });
  const tier = await rc.registry.createTier({
    code: 'B',
    name: 'B类人才',
    rank: 2,
    settlingFen: 20_000_000,
    housingFen: 30_000_000,
  });
  await rc.registry.addCatalogueField({ year: 2024, fieldCode: 'IC', fieldName: '集成电路' });
  const base = {
    gender: 'F' as const,
    birthDate: '1990-01-01',
    fieldCode: 'IC',
    fieldName: '集成电路',
    employer: '营口某芯片公司',
    introducedOn: '2024-04-01',
    introducedVia: 'introduction' as const,
    tierId: tier.id,
  };
  const linked = await rc.registry.create({
    ...base,
    name: '党员1-1',
    memberId: f.streets[0]!.members[0]!.id,
  });
  const other = await rc.registry.create({ ...base, name: '张工', introducedVia: 'public_selection' });
  // The fund keeps four eyes (#21 item 2): the office's director approves, its accountant pays.
  const hash = (
    await db
      .selectFrom('app_user')
      .select('password_hash')
      .where('username', '=', 'rencai')
      .executeTakeFirstOrThrow()
  ).password_hash;
  for (const [username, display] of [
    ['rencai_shenpi', '人才办主任'],
    ['rencai_bofu', '人才办资金会计'],
  ] as const)
    await db
      .insertInto('app_user')
      .values({
        username,
        display_name: display,
        password_hash: hash,
        role: 'dept_admin',
        org_unit_id: f.departments.rcb.id,
        member_id: null,
        password_changed_at: 'x',
        created_at: 'x',
      })
      .execute();
  const approver = await talentAs(db, 'rencai_shenpi');
  const payer = await talentAs(db, 'rencai_bofu');
  return { rc, tier, linked, other, approver, payer };
}

describeEachDialect('talent API', (t) => {
  it('a talent applies from the member app; the talent office reviews, approves, pays; all audited', async () => {
    const f = await buildFixture(t.db);
    const { rc, linked, other, approver, payer } = await setup(t.db, f);
    const member = await talentAs(t.db, 'member');
    const mine = await member.applications.mine();
    expect(mine.talent?.id).toBe(linked.id);
    expect(mine.eligibility?.settling.eligible).toBe(true);
    const app = await member.applications.submit({ kind: 'settling', note: '申请安家补贴' });
    expect(app).toMatchObject({ status: 'submitted', applied_via: 'member_app', amount_fen: 20_000_000 });
    await expect(member.applications.submit({ kind: 'settling' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    // a member cannot apply for someone else
    await expect(member.applications.submit({ kind: 'housing', talentId: other.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    // three accounts of the office: the verifier, the approver, the payer
    await rc.applications.transition({ id: app.id, action: 'review' });
    await approver.applications.transition({ id: app.id, action: 'approve' });
    await payer.applications.transition({ id: app.id, action: 'disburse' });
    const seen = await member.applications.get({ id: app.id });
    expect(seen.status).toBe('disbursed');
    const summary = await rc.fund.summary();
    expect(summary.balances).toEqual({
      availableFen: 980_000_000,
      committedFen: 0,
      disbursedFen: 20_000_000,
      budgetFen: 1_000_000_000,
    });
    const entries = await rc.fund.entries({ refType: 'subsidy', refId: app.id });
    expect(entries.rows.map((e) => e.approved_by_name)).toEqual(['人才办资金会计', '人才办主任']);
    const actions = (
      await t.db.selectFrom('audit_log').select('action').where('result', '=', 'ok').orderBy('id').execute()
    ).map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'talent.fund.open',
        'talent.fund.budget',
        'talent.registry.create',
        'talent.applications.submit',
        'talent.applications.review',
        'talent.applications.approve',
        'talent.applications.disburse',
      ]),
    );
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
    // staff file for a talent too, and see all applications in scope with counts by status
    await rc.applications.submit({ talentId: other.id, kind: 'housing' });
    const list = await rc.applications.list({});
    expect(list.total).toBe(2);
    expect(list.byStatus.disbursed).toEqual({ count: 1, amountFen: 20_000_000 });
  });

  it('a member sees only their own applications; a member with no talent record sees none and cannot apply', async () => {
    const f = await buildFixture(t.db);
    const { rc, other } = await setup(t.db, f);
    const member = await talentAs(t.db, 'member');
    const own = await member.applications.submit({ kind: 'settling' });
    const staffFiled = await rc.applications.submit({ talentId: other.id, kind: 'settling' });
    const mineList = await member.applications.list({});
    expect(mineList.rows.map((r) => r.id)).toEqual([own.id]);
    await expect(member.applications.list({ talentId: other.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(member.applications.get({ id: staffFiled.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(member.applications.withdraw({ id: staffFiled.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      member.applications.eligibility({ kind: 'settling', talentId: other.id }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // a second member account, not a talent
    const hash = (
      await t.db
        .selectFrom('app_user')
        .select('password_hash')
        .where('username', '=', 'member')
        .executeTakeFirstOrThrow()
    ).password_hash;
    await t.db
      .insertInto('app_user')
      .values({
        username: 'member2',
        display_name: 'member2',
        password_hash: hash,
        role: 'member',
        org_unit_id: f.streets[1]!.branch.id,
        member_id: f.streets[1]!.members[0]!.id,
        password_changed_at: 'x',
        created_at: 'x',
      })
      .execute();
    const m2 = await talentAs(t.db, 'member2');
    expect((await m2.applications.list({})).total).toBe(0);
    expect(await m2.applications.mine()).toEqual({
      talent: null,
      applications: [],
      eligibility: null,
      attachments: {},
    });
    await expect(m2.applications.get({ id: own.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const before = await counts(t.db);
    await expect(m2.applications.submit({ kind: 'settling' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await counts(t.db)).toEqual(before);
    // the applicant withdraws their own application
    expect((await member.applications.withdraw({ id: own.id })).status).toBe('withdrawn');
  });

  it('everyone outside the talent office (and the district admin) is FORBIDDEN, and the refusal is audited', async () => {
    const f = await buildFixture(t.db);
    const { linked } = await setup(t.db, f);
    const admin = await talentAs(t.db, 'district_admin');
    expect((await admin.registry.list({})).total).toBe(2);
    expect((await admin.fund.summary()).balances.availableFen).toBe(1_000_000_000);
    for (const who of [
      'ganbu',
      'kaohe',
      'street1',
      'unit_reporter',
      'branch_secretary',
      'sys_admin',
      'sec_admin',
      'audit_admin',
      'member',
    ]) {
      const c = await talentAs(t.db, who);
      await expect(c.registry.list({}), who).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(c.registry.get({ id: linked.id }), who).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(c.fund.summary(), who).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(c.fund.entries({}), who).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(c.reports.flow({}), who).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(c.reports.xlsx(), who).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(c.awards.cycles(), who).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const before = await counts(t.db);
      await expect(c.fund.budget({ amountFen: 100, reason: '越权' }), who).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      await expect(c.applications.transition({ id: 1, action: 'approve' }), who).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      await expect(c.awards.createCycle({ year: 2026, quotas: [] }), who).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      const after = await counts(t.db);
      // only the audit log grew (the denials), nothing else changed
      expect({ ...after, audit_log: 0 }).toEqual({ ...before, audit_log: 0 });
      expect(after.audit_log).toBe(before.audit_log! + 3);
    }
    for (const who of ['ganbu', 'street1', 'kaohe']) {
      const c = await talentAs(t.db, who);
      await expect(c.applications.list({}), who).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(c.applications.submit({ kind: 'settling' }), who).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    }
    const denied = await t.db
      .selectFrom('audit_log')
      .select(sql<number>`count(*)`.as('n'))
      .where('result', '=', 'denied')
      .executeTakeFirstOrThrow();
    expect(Number(denied.n)).toBeGreaterThan(50);
  });

  it('bad input is refused with a localized message and changes nothing', async () => {
    const f = await buildFixture(t.db);
    const { rc, tier, other } = await setup(t.db, f);
    const before = await counts(t.db);
    await expect(rc.fund.budget({ amountFen: 0, reason: '零' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(rc.fund.budget({ amountFen: 1.5, reason: '小数' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(rc.fund.budget({ amountFen: 100, reason: '  ' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(
      rc.registry.createTier({ code: 'B', name: '重复', rank: 3, settlingFen: 1, housingFen: 1 }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message: '人才层次编码“B”已存在',
    });
    await expect(
      rc.registry.create({
        name: '',
        gender: 'M',
        birthDate: null,
        fieldCode: 'IC',
        fieldName: 'x',
        employer: 'x',
        introducedOn: '2024-01-01',
        introducedVia: 'local',
        tierId: tier.id,
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const en = await talentAs(t.db, 'rencai', 'en');
    await expect(en.applications.transition({ id: 999, action: 'approve' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'Subsidy application 999 does not exist',
    });
    const app = await rc.applications.submit({ talentId: other.id, kind: 'settling' });
    const mid = await counts(t.db);
    await expect(rc.applications.transition({ id: app.id, action: 'disburse' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: '当前状态“已提交”下不能执行“拨付”',
    });
    await expect(rc.applications.transition({ id: app.id, action: 'reject' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(rc.awards.createCycle({ year: 2025, quotas: [] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(await counts(t.db)).toEqual(mid);
    expect(mid.talent_subsidy_application).toBe(before.talent_subsidy_application! + 1);
  });

  it('the fund ledger offers no edit or delete; corrections are reversals', async () => {
    const f = await buildFixture(t.db);
    const { rc } = await setup(t.db, f);
    const procedures = Object.keys(appRouter._def.procedures).filter((k) => k.startsWith('talent.fund.'));
    expect(procedures.sort()).toEqual([
      'talent.fund.budget',
      'talent.fund.entries',
      'talent.fund.open',
      'talent.fund.reverse',
      'talent.fund.summary',
    ]);
    const extra = await rc.fund.budget({ amountFen: 5_000, reason: '误录' });
    const rev = await rc.fund.reverse({ entryId: extra.id, reason: '误录冲正' });
    expect(rev).toMatchObject({ kind: 'reversal', reverses_entry_id: extra.id });
    await expect(rc.fund.reverse({ entryId: extra.id, reason: '再冲' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect((await rc.fund.summary()).balances.availableFen).toBe(1_000_000_000);
    await expect(rc.fund.open({})).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('the selection through the API: panel scores with missing and duplicate scores, publicity, award, reports equal the ledger', async () => {
    const f = await buildFixture(t.db);
    const { rc, linked, other } = await setup(t.db, f);
    const cycle = await rc.awards.createCycle({
      year: 2024,
      quotas: [
        { title: 'leading', quota: 1, amountFen: 20_000_000 },
        { title: 'expert', quota: 1, amountFen: 7_000_000 },
      ],
    });
    const e1 = await rc.awards.addExpert({ cycleId: cycle.id, name: '专家甲' });
    const e2 = await rc.awards.addExpert({ cycleId: cycle.id, name: '专家乙' });
    // an expert's account must exist (issue #15: a foreign-key failure answered 500)
    await expect(
      rc.awards.addExpert({ cycleId: cycle.id, name: '专家丙', userId: 99_999 }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: '账号（编号 99999）不存在' });
    const n1 = await rc.awards.nominate({
      cycleId: cycle.id,
      talentId: linked.id,
      title: 'leading',
      nominatedBy: '区委组织部',
      reason: '领衔',
    });
    const n2 = await rc.awards.nominate({
      cycleId: cycle.id,
      talentId: other.id,
      title: 'expert',
      nominatedBy: '区科技局',
      reason: '突出',
    });
    await rc.awards.startScoring({ cycleId: cycle.id });
    await rc.awards.score({ nominationId: n1.id, expertId: e1.id, score: 9050 });
    await expect(
      rc.awards.score({ nominationId: n1.id, expertId: e1.id, score: 8000 }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      rc.awards.score({ nominationId: n1.id, expertId: e2.id, score: 100.5 }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const partial = await rc.awards.cycle({ id: cycle.id });
    expect(partial.sheet.missing).toHaveLength(3);
    await expect(rc.awards.shortlist({ cycleId: cycle.id })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: '还有 3 项评分未录入，不能确定入围名单',
    });
    await rc.awards.score({ nominationId: n1.id, expertId: e2.id, score: 9051 });
    await rc.awards.score({ nominationId: n2.id, expertId: e1.id, score: 8000 });
    await rc.awards.score({ nominationId: n2.id, expertId: e2.id, score: 8000 });
    const sl = await rc.awards.shortlist({ cycleId: cycle.id });
    expect(sl.ranked.filter((r) => r.shortlisted)).toHaveLength(2);
    expect(sl.ranked.find((r) => r.nominationId === n1.id)!.combined).toBe(9051);
    await rc.awards.publish({ cycleId: cycle.id, start: '2024-10-08', end: '2024-10-14' });
    const conferred = await rc.awards.confer({ cycleId: cycle.id });
    expect(conferred).toMatchObject({ awarded: 2, totalFen: 27_000_000 });
    const awards = await rc.reports.awards();
    expect(awards.totals).toMatchObject({ count: 2, amountFen: 27_000_000 });
    const awardEntries = await rc.fund.entries({ refType: 'award', kind: 'disbursement' });
    expect(awardEntries.sums.disbursedFen).toBe(awards.totals.amountFen);
    const flow = await rc.reports.flow({});
    const summary = await rc.fund.summary();
    expect(flow.series.availableAtMonthEnd.at(-1)).toBe(summary.balances.availableFen);
    expect(flow.rows.reduce((a, r) => a + r.dDisbursedFen, 0)).toBe(summary.balances.disbursedFen);
    const x = await rc.reports.xlsx();
    const year = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(
      new Date(),
    );
    expect(x.filename).toBe(`人才专项资金-${year}.xlsx`); // a Chinese file name (#21 item 13)
    expect(Buffer.from(x.base64, 'base64').subarray(0, 2).toString()).toBe('PK'); // a zip: the workbook (its content is tested in @zhanqian/talent)
    const got = await rc.registry.get({ id: linked.id });
    expect(got.nominations[0]).toMatchObject({
      year: 2024,
      title: 'leading',
      status: 'awarded',
      award_fen: 20_000_000,
    });
  });
  it('two approvals racing through the API for the last yuan: one passes, one is refused, the chain holds', async () => {
    const f = await buildFixture(t.db);
    const { rc, linked, other, approver, payer } = await setup(t.db, f);
    const [budget] = (await rc.fund.entries({ kind: 'budget' })).rows;
    await rc.fund.reverse({ entryId: budget!.id, reason: '调减：预算调整' });
    await rc.fund.budget({ amountFen: 30_000_000, reason: '本年度预算' });
    const a1 = await rc.applications.submit({ talentId: linked.id, kind: 'settling' });
    const a2 = await rc.applications.submit({ talentId: other.id, kind: 'settling' });
    // rencai filed both, the director reviewed both: the accountant and the district admin race to approve
    await approver.applications.transition({ id: a1.id, action: 'review' });
    await approver.applications.transition({ id: a2.id, action: 'review' });
    const admin = await talentAs(t.db, 'district_admin');
    const results = await Promise.all([
      payer.applications.transition({ id: a1.id, action: 'approve' }).then(
        () => 'ok',
        (e) => e.code,
      ),
      admin.applications.transition({ id: a2.id, action: 'approve' }).then(
        () => 'ok',
        (e) => e.code,
      ),
    ]);
    expect(results.sort()).toEqual(['PRECONDITION_FAILED', 'ok']);
    expect((await rc.fund.summary()).balances).toMatchObject({
      availableFen: 10_000_000,
      committedFen: 20_000_000,
    });
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('concurrent submissions of the same subsidy through the API: exactly one lands', async () => {
    const f = await buildFixture(t.db);
    const { rc, other } = await setup(t.db, f);
    const admin = await talentAs(t.db, 'district_admin');
    const results = await Promise.all(
      [rc, admin, rc, admin].map((c) =>
        c.applications.submit({ talentId: other.id, kind: 'housing' }).then(
          () => 'ok',
          (e) => e.code,
        ),
      ),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r === 'CONFLICT')).toHaveLength(3);
    expect((await rc.applications.list({ talentId: other.id })).total).toBe(1);
  });
});
