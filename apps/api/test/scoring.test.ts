import { TRPCError } from '@trpc/server';
import { verifyAuditChain } from '@zhanqian/audit';
import type { Database, Kysely } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import { sampleScheme } from '@zhanqian/scoring';
import { expect, it } from 'vitest';
import { buildFixture, callerAs, type Fixture } from './fixture.ts';

type Caller = Awaited<ReturnType<typeof callerAs>>;

async function code(run: Promise<unknown>): Promise<string> {
  try {
    await run;
    return 'ok';
  } catch (e) {
    if (e instanceof TRPCError) return e.code;
    throw e;
  }
}

const SCORING_TABLES = [
  'scoring_scheme',
  'scoring_node',
  'scoring_subject',
  'scoring_report',
  'scoring_result',
  'scoring_objection',
  'audit_log',
] as const;

async function counts(db: Kysely<Database>) {
  const out: Record<string, number> = {};
  for (const t of SCORING_TABLES) {
    const r = await db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out;
}

async function addReporter(db: Kysely<Database>, username: string, orgUnitId: number) {
  await db
    .insertInto('app_user')
    .values({
      username,
      display_name: username,
      password_hash: 'x',
      role: 'unit_reporter',
      org_unit_id: orgUnitId,
      password_changed_at: 'x',
      created_at: 'x',
    })
    .execute();
}

/** An open 2026 scheme with both streets (category street) and both communities (committee). */
async function openYear(db: Kysely<Database>, f: Fixture, year = 2026) {
  const kaohe = await callerAs(db, 'kaohe');
  await kaohe.scoring.scheme.save({ def: sampleScheme(year) });
  await kaohe.scoring.scheme.setStatus({ year, to: 'open' });
  const subjects = await kaohe.scoring.subjects.add({
    year,
    subjects: [
      { orgUnitId: f.streets[0]!.street.id, category: 'street' },
      { orgUnitId: f.streets[1]!.street.id, category: 'street' },
      { orgUnitId: f.streets[0]!.committee.id, category: 'committee' },
      { orgUnitId: f.streets[1]!.committee.id, category: 'committee' },
    ],
  });
  const tree = await kaohe.scoring.scheme.get({ year });
  return { kaohe, subjects, ids: tree.ids };
}

/** Reports every indicator of a subject and has the right departments approve them. */
async function reportAll(
  db: Kysely<Database>,
  reporter: Caller,
  subjectId: number,
  ids: Record<string, number>,
  values: Record<string, number>,
) {
  const reviewers: Record<string, Caller> = {
    kaohe: await callerAs(db, 'kaohe'),
    ganbu: await callerAs(db, 'ganbu'),
    rencai: await callerAs(db, 'rencai'),
  };
  const reviewerOf: Record<string, string> = { A2W1I2: 'ganbu', A2W1I4: 'rencai' };
  for (const [c, value] of Object.entries(values)) {
    const r = await reporter.scoring.report.submit({
      subjectId,
      indicatorId: ids[c]!,
      value,
      note: `${c} 台账`,
    });
    await reviewers[reviewerOf[c] ?? 'kaohe']!.scoring.review.decide({ reportId: r.id, approve: true });
  }
}

describeEachDialect('scoring workflow', (t) => {
  it('runs report → review → recompute → close → publish → objection, all audited', async () => {
    const f = await buildFixture(t.db);
    const { kaohe, subjects, ids } = await openYear(t.db, f);
    const [s1, s2, c1] = subjects;
    await addReporter(t.db, 'reporter2', f.streets[1]!.street.id);
    const rep1 = await callerAs(t.db, 'unit_reporter');
    const rep2 = await callerAs(t.db, 'reporter2');

    // The reporter's form lists every indicator.
    const form = await rep1.scoring.report.mine({ year: 2026 });
    expect(form.subject.id).toBe(s1!.id);
    expect(form.rows).toHaveLength(8);

    await reportAll(t.db, rep1, s1!.id, ids, {
      A1W1I1: 650, // ratio at target: 250
      A1W1I2: 85, // tier 80%: 120
      A1W2I1: 1, // one incident: 200 − 50 = 150
      A1W2I2: 0,
      A2W1I1: 1, // 200
      A2W1I2: 1, // grade B: 160
      A2W1I3: 2, // bonus 20
      A2W1I4: 3, // bonus 15 (cap 20): bonus total 35 → scheme cap 30
    });
    await reportAll(t.db, rep2, s2!.id, ids, {
      A1W1I1: 325, // 125
      A1W1I2: 100, // 150
      A1W2I1: 0, // 200
      A2W1I1: 1, // 200
      A2W1I2: 0, // 200
    });

    // A return with a reason, then a corrected report.
    const back = await rep2.scoring.report.submit({ subjectId: s2!.id, indicatorId: ids.A2W1I3!, value: 9 });
    const returned = await kaohe.scoring.review.decide({
      reportId: back.id,
      approve: false,
      reason: '佐证材料不全',
    });
    expect(returned).toMatchObject({ status: 'returned', return_reason: '佐证材料不全' });
    const again = await rep2.scoring.report.submit({ subjectId: s2!.id, indicatorId: ids.A2W1I3!, value: 1 });
    expect(again).toMatchObject({ id: back.id, status: 'reported', return_reason: null });
    await kaohe.scoring.review.decide({ reportId: back.id, approve: true }); // +10

    const run = await kaohe.scoring.results.recompute({ year: 2026 });
    expect(run.subjects).toBe(4);
    const r = await kaohe.scoring.results.rankings({ year: 2026 });
    const street = r.rows.filter((x) => x.category === 'street');
    expect(street.map((x) => [x.subjectId, x.total, x.baseTotal, x.bonus, x.deductionLost, x.rank])).toEqual([
      [s1!.id, 91_000, 88_000, 3_000, 5_000, 1],
      [s2!.id, 88_500, 87_500, 1_000, 0, 2],
    ]);
    expect(street[0]!.aspectScores).toEqual([52_000, 36_000]);
    const chart = r.charts.find((c) => c.category === 'street')!;
    expect(chart.names).toEqual(['街道1', '街道2']);
    expect(chart.aspectSeries.map((s) => s.name)).toEqual(['经济社会发展', '党的建设']);
    // Two communities with nothing approved tie at rank 1 and are both in the bottom two.
    expect(r.rows.filter((x) => x.category === 'committee').map((x) => [x.rank, x.bottomTwo])).toEqual([
      [1, true],
      [1, true],
    ]);

    // Personal scores are results: the reporter reads them once the year is published (below).
    expect(await rep1.scoring.results.personal({ year: 2026, subjectId: s1!.id })).toMatchObject({
      access: 'hidden',
      rows: [],
    });
    const personal = await kaohe.scoring.results.personal({ year: 2026, subjectId: s1!.id });
    expect(personal.access).toBe('provisional');
    expect(personal.rows.find((p) => p.person === '党工委书记')).toMatchObject({
      score: 200 * 100 + 160 * 100 + 2_000,
    });

    // Rank 1 gets 1,500,000 yuan, ranks 2–3 500,000; the 3,000,000 pool runs dry after two.
    const awards = await kaohe.scoring.results.awards({ year: 2026 });
    expect(awards.paidFen).toBe(300_000_000);
    expect(awards.rows.map((a) => [a.rank, a.entitledFen, a.amountFen])).toEqual([
      [1, 150_000_000, 150_000_000],
      [1, 150_000_000, 150_000_000],
      [1, 150_000_000, 0],
      [2, 50_000_000, 0],
    ]);
    expect(await code(rep1.scoring.results.awards({ year: 2026 }))).toBe('FORBIDDEN');

    // Closing makes the year read-only.
    await kaohe.scoring.scheme.setStatus({ year: 2026, to: 'closed' });
    expect(
      await code(rep1.scoring.report.submit({ subjectId: s1!.id, indicatorId: ids.A1W2I2!, value: 1 })),
    ).toBe('PRECONDITION_FAILED');
    // No objection before publication.
    expect(await code(rep1.scoring.objection.raise({ subjectId: s1!.id, reason: '有异议' }))).toBe(
      'PRECONDITION_FAILED',
    );
    await kaohe.scoring.scheme.setStatus({ year: 2026, to: 'published', objectionUntil: '2099-12-31' });
    const published = await rep1.scoring.results.personal({ year: 2026, subjectId: s1!.id });
    expect(published.access).toBe('final');
    expect(published.rows).toEqual(personal.rows);
    const obj = await rep2.scoring.objection.raise({ subjectId: s2!.id, reason: '加分项漏计' });
    expect(await code(rep2.scoring.objection.raise({ subjectId: c1!.id, reason: '代提' }))).toBe('FORBIDDEN');
    await kaohe.scoring.objection.resolve({ id: obj.id, upheld: false, response: '经核实，计分无误' });
    const list = await rep2.scoring.objection.list({ year: 2026 });
    expect(list).toMatchObject({ windowOpen: true, total: 1, rows: [{ status: 'rejected' }] });
    expect((await rep1.scoring.objection.list({ year: 2026 })).total).toBe(0); // another street's objection

    const actions = (
      await t.db.selectFrom('audit_log').select('action').where('result', '=', 'ok').execute()
    ).map((a) => a.action);
    for (const a of [
      'scoring.scheme.save',
      'scoring.scheme.setStatus',
      'scoring.subjects.add',
      'scoring.report.submit',
      'scoring.review.approve',
      'scoring.review.return',
      'scoring.recompute',
      'scoring.objection.raise',
      'scoring.objection.resolve',
    ])
      expect(actions).toContain(a);
    const returnRow = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'scoring.review.return')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(returnRow.before_json!).status).toBe('reported');
    expect(JSON.parse(returnRow.after_json!).status).toBe('returned');
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('refuses the wrong role, another unit and another department, and changes nothing', async () => {
    const f = await buildFixture(t.db);
    const { kaohe, subjects, ids } = await openYear(t.db, f);
    const [s1, s2] = subjects;
    const rep1 = await callerAs(t.db, 'unit_reporter');
    const r = await rep1.scoring.report.submit({ subjectId: s1!.id, indicatorId: ids.A1W1I1!, value: 600 });
    const before = await counts(t.db);
    const as = async (u: string) => callerAs(t.db, u);

    // A reporter for another unit's subject.
    expect(
      await code(rep1.scoring.report.submit({ subjectId: s2!.id, indicatorId: ids.A1W1I1!, value: 1 })),
    ).toBe('FORBIDDEN');
    // The talent office: no reporting, no reading, no managing; may not review what D-KHB assesses.
    const rencai = await as('rencai');
    expect(
      await code(rencai.scoring.report.submit({ subjectId: s1!.id, indicatorId: ids.A1W1I1!, value: 1 })),
    ).toBe('FORBIDDEN');
    expect(await code(rencai.scoring.results.rankings({ year: 2026 }))).toBe('FORBIDDEN');
    expect(await code(rencai.scoring.scheme.save({ def: sampleScheme(2027) }))).toBe('FORBIDDEN');
    expect(await code(rencai.scoring.review.decide({ reportId: r.id, approve: true }))).toBe('FORBIDDEN');
    expect((await rencai.scoring.review.queue({ year: 2026 })).total).toBe(0); // not its indicator
    // The cadre section reviews only its own indicators either.
    expect(await code((await as('ganbu')).scoring.review.decide({ reportId: r.id, approve: true }))).toBe(
      'FORBIDDEN',
    );
    // A reporter cannot review, recompute or manage; a street admin and a member cannot read scores.
    expect(await code(rep1.scoring.review.decide({ reportId: r.id, approve: true }))).toBe('FORBIDDEN');
    expect(await code(rep1.scoring.results.recompute({ year: 2026 }))).toBe('FORBIDDEN');
    expect(await code(rep1.scoring.scheme.setStatus({ year: 2026, to: 'closed' }))).toBe('FORBIDDEN');
    expect(await code((await as('street1')).scoring.results.rankings({ year: 2026 }))).toBe('FORBIDDEN');
    expect(await code((await as('member')).scoring.scheme.get({ year: 2026 }))).toBe('FORBIDDEN');
    expect(await code((await as('sys_admin')).scoring.subjects.list({ year: 2026 }))).toBe('FORBIDDEN');
    expect(await code((await callerAs(t.db, null)).scoring.scheme.years())).toBe('UNAUTHORIZED');
    // A return without a reason; an approval of something approved; a value the rule refuses.
    expect(await code(kaohe.scoring.review.decide({ reportId: r.id, approve: false, reason: ' ' }))).toBe(
      'BAD_REQUEST',
    );
    expect(
      await code(rep1.scoring.report.submit({ subjectId: s1!.id, indicatorId: ids.A2W1I1!, value: 2 })),
    ).toBe('BAD_REQUEST');
    // A reporter's personal-score request for another street's subject.
    expect(await code(rep1.scoring.results.personal({ year: 2026, subjectId: s2!.id }))).toBe('FORBIDDEN');

    const after = await counts(t.db);
    // Only denial records were added to the audit log.
    const denied = await t.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('result', '=', 'denied')
      .executeTakeFirstOrThrow();
    expect({ ...after, audit_log: after.audit_log! - Number(denied.n) }).toEqual(before);

    await kaohe.scoring.review.decide({ reportId: r.id, approve: true });
    expect(await code(kaohe.scoring.review.decide({ reportId: r.id, approve: true }))).toBe('CONFLICT');
    expect(
      await code(rep1.scoring.report.submit({ subjectId: s1!.id, indicatorId: ids.A1W1I1!, value: 1 })),
    ).toBe('CONFLICT');
  });

  it('refuses a scheme that does not add up, naming the node and the sums', async () => {
    await buildFixture(t.db);
    const kaohe = await callerAs(t.db, 'kaohe');
    const before = await counts(t.db);
    const def = sampleScheme(2026);
    def.aspects[0]!.items[0]!.indicators[0]!.points = 24_000;
    const err = await kaohe.scoring.scheme.save({ def }).catch((e) => e);
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toBe('“A1W1 地区生产总值”分值不平衡：应为 400.00 分，下级合计 390.00 分');
    const en = await (await callerAs(t.db, 'kaohe', 'en')).scoring.scheme.save({ def }).catch((e) => e);
    expect(en.message).toBe(
      '“A1W1 地区生产总值” does not add up: 400.00 points declared, its parts sum to 390.00',
    );
    expect((await kaohe.scoring.scheme.validate({ def })).problems).toHaveLength(1);
    expect(await counts(t.db)).toEqual(before);
    // An open scheme cannot be replaced.
    await kaohe.scoring.scheme.save({ def: sampleScheme(2026) });
    await kaohe.scoring.scheme.setStatus({ year: 2026, to: 'open' });
    expect(await code(kaohe.scoring.scheme.save({ def: sampleScheme(2026) }))).toBe('PRECONDITION_FAILED');
    expect(
      await code(
        kaohe.scoring.scheme.setStatus({ year: 2026, to: 'published', objectionUntil: '2026-12-31' }),
      ),
    ).toBe('PRECONDITION_FAILED');
  });

  it('exports and imports the scheme as xlsx through the router, and copies it to the next year', async () => {
    await buildFixture(t.db);
    const kaohe = await callerAs(t.db, 'kaohe');
    await kaohe.scoring.scheme.save({ def: sampleScheme(2026) });
    const x = await kaohe.scoring.scheme.exportXlsx({ year: 2026 });
    expect(x.fileName).toBe('千分制考核方案-2026.xlsx');
    await t.db.deleteFrom('scoring_node').execute();
    await t.db.deleteFrom('scoring_scheme').execute();
    const imported = await kaohe.scoring.scheme.importXlsx({ base64: x.base64 });
    expect(imported.ok).toBe(true);
    expect((await kaohe.scoring.scheme.get({ year: 2026 })).def).toEqual(sampleScheme(2026));
    const bad = await kaohe.scoring.scheme.importXlsx({ base64: Buffer.from('nope').toString('base64') });
    expect(bad).toMatchObject({ ok: false, errors: [{ problem: '文件不是有效的 xlsx 工作簿' }] });

    await kaohe.scoring.scheme.copy({ fromYear: 2026, toYear: 2027 });
    expect((await kaohe.scoring.scheme.get({ year: 2027 })).def).toEqual(sampleScheme(2027));
    expect(await code(kaohe.scoring.scheme.copy({ fromYear: 2026, toYear: 2027 }))).toBe('CONFLICT');
    expect((await kaohe.scoring.scheme.years()).map((y) => y.year)).toEqual([2027, 2026]);
  });

  it('flags key adjustment after two years in the bottom two, and charts year over year', async () => {
    const f = await buildFixture(t.db);
    const kaohe = await callerAs(t.db, 'kaohe');
    const street = (i: number) => f.streets[i]!.street.id;
    // Three streets, so the bottom two is not everyone.
    const third = await (await callerAs(t.db, 'district_admin')).org.createUnit({
      parentId: f.district.id,
      kind: 'street',
      name: '街道3',
      code: 'S3',
    });
    for (const year of [2025, 2026]) {
      await kaohe.scoring.scheme.save({ def: sampleScheme(year) });
      await kaohe.scoring.scheme.setStatus({ year, to: 'open' });
      const subjects = await kaohe.scoring.subjects.add({
        year,
        subjects: [street(0), street(1), third.id].map((orgUnitId) => ({ orgUnitId, category: 'street' })),
      });
      const ids = (await kaohe.scoring.scheme.get({ year })).ids;
      // Street 3 (year 2025) and street 2 (both years) score; street 1 scores nothing.
      const scorers = year === 2025 ? [1, 2] : [1];
      for (const i of scorers) {
        const s = subjects[i]!;
        await t.db
          .insertInto('scoring_report')
          .values({
            year,
            subject_id: s.id,
            indicator_id: ids.A2W1I1!,
            kind: 'boolean',
            aspect_index: 1,
            value: 1,
            evidence_id: null,
            note: null,
            status: 'approved',
            return_reason: null,
            score: 20_000 - i,
            lost: 0,
            veto: 0,
            reported_by: f.users.kaohe!,
            reported_at: 'x',
            reviewed_by: null,
            reviewed_at: null,
          })
          .execute();
      }
      await kaohe.scoring.results.recompute({ year });
    }
    const adj = await kaohe.scoring.results.keyAdjustment({ year: 2026 });
    // 2025 bottom two: street 1 (0) and street 3 (19_998); 2026: street 1 and street 3 (both 0).
    expect(adj.rows.map((r) => r.unitName).sort()).toEqual(['街道1', '街道3']);
    const bottom = await kaohe.scoring.results.bottomTwo({ year: 2026 });
    expect(bottom.total).toBe(2);
    const prio = await kaohe.scoring.results.priority({ year: 2026 });
    expect(prio.rows.map((r) => r.unitName)).toEqual(['街道2']);
    const yoy = await kaohe.scoring.results.yearOverYear({ years: [2026, 2025] });
    expect(yoy.years).toEqual([2025, 2026]);
    expect(yoy.series.find((s) => s.unitName === '街道2')).toMatchObject({
      totals: [19_999, 19_999],
      ranks: [1, 1],
    });
    // The reporter of street 1 sees no result of 2026 before it is published…
    const rep = await callerAs(t.db, 'unit_reporter');
    expect(await rep.scoring.results.rankings({ year: 2026 })).toMatchObject({ access: 'hidden', rows: [] });
    await kaohe.scoring.scheme.setStatus({ year: 2026, to: 'closed' });
    await kaohe.scoring.scheme.setStatus({ year: 2026, to: 'published', objectionUntil: '2099-12-31' });
    // …and then only its own subtree's rows.
    const mine = await rep.scoring.results.rankings({ year: 2026 });
    expect(mine.rows.map((r) => r.unitName)).toEqual(['街道1']);
  });
});
