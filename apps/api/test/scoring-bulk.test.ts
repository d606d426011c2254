import { TRPCError } from '@trpc/server';
import { verifyAuditChain } from '@zhanqian/audit';
import type { Database, Kysely } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import { createUnit } from '@zhanqian/org';
import {
  HISTORY_COLUMNS,
  HISTORY_SHEET,
  REPORT_COLUMNS,
  REPORTS_SHEET,
  sampleScheme,
  sheetXlsx,
} from '@zhanqian/scoring';
import { expect, it } from 'vitest';
import { buildFixture, callerAs, type Fixture } from './fixture.ts';

/** Issue #14 item 7: a past year's results, report imports and bulk review, on both engines. */

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const HEADER = [...HISTORY_COLUMNS, '经济社会发展', '党的建设'];
const historyFile = (rows: (string | number | null)[][]) => sheetXlsx(HISTORY_SHEET, [HEADER, ...rows]);
const reportsFile = (rows: (string | number | null)[][]) =>
  sheetXlsx(REPORTS_SHEET, [[...REPORT_COLUMNS], ...rows]);

async function code(run: Promise<unknown>): Promise<string> {
  try {
    await run;
    return 'ok';
  } catch (e) {
    if (e instanceof TRPCError) return e.code;
    throw e;
  }
}

const BUSINESS = [
  'scoring_scheme',
  'scoring_node',
  'scoring_subject',
  'scoring_report',
  'scoring_result',
  'scoring_result_version',
] as const;

/** Every scoring table's rows, in a stable order: equal snapshots mean nothing changed. */
async function snapshot(db: Kysely<Database>) {
  const out: Record<string, unknown[]> = {};
  for (const t of BUSINESS) out[t] = await db.selectFrom(t).selectAll().execute();
  for (const rows of Object.values(out))
    rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return out;
}

/** Four streets (two more than the fixture's) so that a category has a real bottom two. */
async function fourStreets(db: Kysely<Database>, f: Fixture) {
  const more = [];
  for (const n of [3, 4])
    more.push(
      await createUnit(db, { parentId: f.district.id, kind: 'street', name: `街道${n}`, code: `S${n}` }),
    );
  return [f.streets[0]!.street, f.streets[1]!.street, ...more];
}

/** 2025's official results: S1 900, S2 850, S3 800, S4 700 → bottom two S3 and S4. */
const OFFICIAL_2025 = [
  ['S1', '街道1', 'street', '900.00', 1, '否', '540', '360'],
  ['S2', '', 'street', '850.5', 2, '', '500', '350.5'],
  ['', '街道3', 'street', 800, 3, '', '', ''],
  ['S4', '街道4', 'street', '700', 4, '否', '400', '290'],
];

async function openYear(db: Kysely<Database>, streets: { id: number }[], year = 2026) {
  const kaohe = await callerAs(db, 'kaohe');
  await kaohe.scoring.scheme.save({ def: sampleScheme(year) });
  await kaohe.scoring.scheme.setStatus({ year, to: 'open' });
  const subjects = await kaohe.scoring.subjects.add({
    year,
    subjects: streets.map((s) => ({ orgUnitId: s.id, category: 'street' })),
  });
  return { kaohe, subjects, ids: (await kaohe.scoring.scheme.get({ year })).ids };
}

const auditCount = async (db: Kysely<Database>, action: string) =>
  Number(
    (
      await db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '=', action)
        .executeTakeFirstOrThrow()
    ).n,
  );

describeEachDialect('scoring history import', (t) => {
  it('an imported past year makes key adjustment fire in the first year of use', async () => {
    const f = await buildFixture(t.db);
    const streets = await fourStreets(t.db, f);
    const { kaohe, subjects, ids } = await openYear(t.db, streets);
    // The first year's results exist before the past year is imported: nobody is up for adjustment.
    await kaohe.scoring.results.recompute({ year: 2026 });
    expect((await kaohe.scoring.results.keyAdjustment({ year: 2026 })).total).toBe(0);

    const file = b64(await historyFile(OFFICIAL_2025));
    const dry = await kaohe.scoring.history.dryRun({ year: 2025, base64: file });
    expect(dry).toMatchObject({
      ok: true,
      plan: { counts: { new: 4, changed: 0, unchanged: 0, removed: 0 } },
    });
    const res = await kaohe.scoring.history.import({ year: 2025, base64: file });
    expect(res).toMatchObject({ ok: true, result: { counts: { new: 4 }, nextYearRefreshed: true } });

    // 2025 reads like any published, closed year.
    const years = await kaohe.scoring.scheme.years();
    expect(years.find((y) => y.year === 2025)).toMatchObject({ status: 'published', objection_until: null });
    const r2025 = await kaohe.scoring.results.rankings({ year: 2025 });
    expect(r2025.aspects.map((a) => a.name)).toEqual(['经济社会发展', '党的建设']);
    expect(r2025.rows.map((r) => [r.unitCode, r.total, r.rank, r.bottomTwo, r.baseTotal, r.bonus])).toEqual([
      ['S1', 90_000, 1, false, 90_000, 0],
      ['S2', 85_050, 2, false, 85_050, 0],
      ['S3', 80_000, 3, true, 80_000, 0],
      ['S4', 70_000, 4, true, 69_000, 1_000],
    ]);
    expect(r2025.rows[0]!.aspectScores).toEqual([54_000, 36_000]);
    const yoy = await kaohe.scoring.results.yearOverYear({ years: [2025, 2026] });
    expect(yoy.series.find((s) => s.unitName === '街道4')?.ranks).toEqual([4, 1]);
    // No reports to compute from: a recomputation would wipe the official results.
    expect(await code(kaohe.scoring.results.recompute({ year: 2025 }))).toBe('PRECONDITION_FAILED');

    // 2026 was refreshed by the import: all four tie (nothing approved yet), so all are in the
    // bottom two, and S3 and S4 were in 2025's as well.
    const ka = await kaohe.scoring.results.keyAdjustment({ year: 2026 });
    expect(ka.rows.map((r) => r.unitCode).sort()).toEqual(['S3', 'S4']);

    // S3 reports and is approved in bulk: it leaves the bottom two, S4 stays up for adjustment.
    const s3 = subjects.find((s) => s.org_unit_id === streets[2]!.id)!;
    const reporter = await callerAs(t.db, 'kaohe');
    await t.db
      .updateTable('app_user')
      .set({ org_unit_id: streets[2]!.id })
      .where('username', '=', 'unit_reporter')
      .execute();
    const rep = await callerAs(t.db, 'unit_reporter');
    const a = await rep.scoring.report.submit({ subjectId: s3.id, indicatorId: ids.A1W1I1!, value: 650 });
    const b = await rep.scoring.report.submit({ subjectId: s3.id, indicatorId: ids.A1W1I2!, value: 85 });
    expect(await reporter.scoring.reports.reviewMany({ reportIds: [a.id, b.id], approve: true })).toEqual({
      ok: true,
      count: 2,
    });
    await kaohe.scoring.results.recompute({ year: 2026 });
    const after = await kaohe.scoring.results.keyAdjustment({ year: 2026 });
    expect(after.rows.map((r) => r.unitCode)).toEqual(['S4']);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('refuses a bad file with every error and changes nothing; a platform year takes no import', async () => {
    const f = await buildFixture(t.db);
    const streets = await fourStreets(t.db, f);
    const kaohe = await callerAs(t.db, 'kaohe');
    const before = await snapshot(t.db);
    const bad = await historyFile([
      ['S1', '街道1', 'street', '900.00', 1, '否', '540', '360'],
      ['NOPE', '', 'street', '850', 2, '', '', ''],
      ['S2', '街道9', 'street', '850', 2, '', '', ''],
      ['S3', '', 'street', 'abc', 3, 'maybe', '', ''],
      ['S1', '', 'street', '700', 4, '', '', ''],
      ['S4', '', 'street', '700', 0, '', '600', '200'],
      ['', '', 'street', '600', 5, '', '', ''],
    ]);
    const res = await kaohe.scoring.history.import({ year: 2025, base64: b64(bad) });
    expect(res.ok).toBe(false);
    const errors = res.ok ? [] : res.errors;
    const at = errors.map((e) => `${e.row}:${e.column}`);
    expect(at).toEqual([
      '3:A 单位编码', // unknown code
      '4:B 单位名称', // name does not match the code
      '5:D 总分', // not a score
      '5:F 一票否决',
      '6:A 单位编码', // S1 twice
      '7:E 名次', // rank 0
      '7:D 总分', // aspects 800 > total 700
      '8:A 单位编码', // neither code nor name
    ]);
    expect(errors.every((e) => e.sheet === HISTORY_SHEET && e.problem.length > 0)).toBe(true);
    expect(await snapshot(t.db)).toEqual(before);

    // Ranks that disagree with the totals, in English.
    const en = await callerAs(t.db, 'kaohe', 'en');
    const order = await en.scoring.history.dryRun({
      year: 2025,
      base64: b64(
        await historyFile([
          ['S1', '', 'street', '800', 1, '', '', ''],
          ['S2', '', 'street', '900', 2, '', '', ''], // a higher total behind a lower one
          ['S3', '', 'street', '700', 4, '', '', ''], // 4 without a tie at 2 or 3
          ['S4', '', 'street', '950', 5, '是', '', ''],
        ]),
      ),
    });
    expect(order.ok).toBe(false);
    if (!order.ok) {
      expect(order.errors.map((e) => `${e.row}:${e.column}`)).toEqual(['3:E 名次', '4:E 名次', '5:E 名次']);
      expect(order.errors[0]!.problem).toMatch(/yet the rank is behind/);
    }
    const junk = await kaohe.scoring.history.import({ year: 2025, base64: b64(new Uint8Array([1, 2, 3])) });
    expect(junk).toMatchObject({ ok: false, errors: [{ problem: '文件不是有效的 xlsx 工作簿' }] });
    expect(await snapshot(t.db)).toEqual(before);
    expect(await auditCount(t.db, 'scoring.history.import')).toBe(2); // both refusals audited as failed

    // A year appraised on the platform is refused.
    await openYear(t.db, streets, 2026);
    const mid = await snapshot(t.db);
    expect(
      await code(kaohe.scoring.history.import({ year: 2026, base64: b64(await historyFile(OFFICIAL_2025)) })),
    ).toBe('CONFLICT');
    expect(await snapshot(t.db)).toEqual(mid);
    // Only the assessment office imports.
    const ganbu = await callerAs(t.db, 'ganbu');
    expect(
      await code(ganbu.scoring.history.import({ year: 2025, base64: b64(await historyFile(OFFICIAL_2025)) })),
    ).toBe('FORBIDDEN');
  });

  it('importing the same file twice changes nothing; a corrected file replaces the import', async () => {
    const f = await buildFixture(t.db);
    await fourStreets(t.db, f);
    const kaohe = await callerAs(t.db, 'kaohe');
    const file = b64(await historyFile(OFFICIAL_2025));
    await kaohe.scoring.history.import({ year: 2025, base64: file });
    const once = await snapshot(t.db);
    const again = await kaohe.scoring.history.import({ year: 2025, base64: file });
    expect(again).toMatchObject({
      ok: true,
      result: { counts: { new: 0, changed: 0, unchanged: 4, removed: 0 }, noChange: true, versionId: null },
    });
    expect(await snapshot(t.db)).toEqual(once);

    // S2 corrected, S4 dropped: one changed, one removed, a new snapshot replaces the old.
    const fixed = OFFICIAL_2025.slice(0, 3).map((r) => [...r]);
    fixed[1]![3] = '860';
    fixed[1]![7] = '360';
    const res = await kaohe.scoring.history.import({ year: 2025, base64: b64(await historyFile(fixed)) });
    expect(res).toMatchObject({ ok: true, result: { counts: { changed: 1, unchanged: 2, removed: 1 } } });
    const rows = (await kaohe.scoring.results.rankings({ year: 2025 })).rows;
    expect(rows.map((r) => [r.unitCode, r.total, r.bottomTwo])).toEqual([
      ['S1', 90_000, false],
      ['S2', 86_000, true],
      ['S3', 80_000, true],
    ]);
    expect(
      await t.db.selectFrom('scoring_subject').select('id').where('year', '=', 2025).execute(),
    ).toHaveLength(3);
    expect(
      await t.db.selectFrom('scoring_result_version').select('id').where('year', '=', 2025).execute(),
    ).toHaveLength(1);
  });
});

describeEachDialect('scoring reports import and bulk review', (t) => {
  it('imports a year of reports (dry run, all or nothing, idempotent), each report audited', async () => {
    const f = await buildFixture(t.db);
    const streets = await fourStreets(t.db, f);
    const { kaohe } = await openYear(t.db, streets);
    const tpl = await kaohe.scoring.reports.template({ year: 2026 });
    expect(tpl.fileName).toBe('指标上报-2026.xlsx');

    const before = await snapshot(t.db);
    const bad = await reportsFile([
      ['S1', '', 'A1W1I1', '', '650', '台账'],
      ['S1', '', 'NOPE', '', '1', ''],
      ['S1C1', '', 'A1W1I2', '', '85', ''], // a unit that is not a subject this year
      ['S2', '', 'A2W1I2', '', 'Z', ''], // no grade Z
      ['S1', '', 'A1W1I1', '', '600', ''], // twice
    ]);
    const refused = await kaohe.scoring.reports.import({ year: 2026, base64: b64(bad) });
    expect(refused.ok).toBe(false);
    if (!refused.ok)
      expect(refused.errors.map((e) => `${e.row}:${e.column}`)).toEqual([
        '3:C 指标编码',
        '4:A 单位编码',
        '5:E 上报值',
        '6:C 指标编码',
      ]);
    expect(await snapshot(t.db)).toEqual(before);

    const rows = [
      ['S1', '街道1', 'A1W1I1', '生产总值增速', '650', '统计局快报'],
      ['S1', '', 'A2W1I2', '', 'B', ''],
      ['S2', '', 'A2W1I1', '', '是', ''],
      ['S3', '', 'A1W2I1', '', '1', '一起事故'],
    ];
    const file = b64(await reportsFile(rows));
    expect(await kaohe.scoring.reports.dryRun({ year: 2026, base64: file })).toEqual({
      ok: true,
      counts: { new: 4, changed: 0, unchanged: 0, removed: 0 },
    });
    expect(await snapshot(t.db)).toEqual(before);
    expect(await kaohe.scoring.reports.import({ year: 2026, base64: file })).toMatchObject({
      ok: true,
      counts: { new: 4 },
    });
    const reports = await t.db.selectFrom('scoring_report').selectAll().orderBy('id').execute();
    expect(reports.map((r) => [r.value, r.status, r.reported_by])).toEqual([
      [650, 'reported', null],
      [1, 'reported', null],
      [1, 'reported', null],
      [1, 'reported', null],
    ]);
    expect(await auditCount(t.db, 'scoring.report.import')).toBe(4);

    const once = await snapshot(t.db);
    expect(await kaohe.scoring.reports.import({ year: 2026, base64: file })).toMatchObject({
      ok: true,
      counts: { new: 0, changed: 0, unchanged: 4 },
    });
    expect(await snapshot(t.db)).toEqual(once);
    expect(await auditCount(t.db, 'scoring.report.import')).toBe(4);

    // Approved reports no longer change: a file with another value for one is refused whole.
    await kaohe.scoring.reports.reviewMany({ reportIds: [reports[0]!.id], approve: true });
    const changed = rows.map((r) => [...r]);
    changed[0]![4] = '700';
    changed[3]![4] = '2';
    const approvedSnapshot = await snapshot(t.db);
    const res = await kaohe.scoring.reports.import({ year: 2026, base64: b64(await reportsFile(changed)) });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.errors.map((e) => e.row)).toEqual([2]);
    expect(await snapshot(t.db)).toEqual(approvedSnapshot);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('approves selected reports in one request, all or nothing, with denials', async () => {
    const f = await buildFixture(t.db);
    const streets = await fourStreets(t.db, f);
    const { kaohe, ids } = await openYear(t.db, streets);
    await kaohe.scoring.reports.import({
      year: 2026,
      base64: b64(
        await reportsFile([
          ['S1', '', 'A1W1I1', '', '650', ''],
          ['S2', '', 'A1W1I1', '', '325', ''],
          ['S3', '', 'A1W2I1', '', '1', ''],
          ['S4', '', 'A2W1I2', '', 'B', ''], // assessed by 干部科 (D-GBK)
        ]),
      ),
    });
    const reports = await t.db.selectFrom('scoring_report').selectAll().orderBy('id').execute();
    const [r1, r2, r3, r4] = reports.map((r) => r.id) as [number, number, number, number];
    expect(reports[3]!.indicator_id).toBe(ids.A2W1I2);

    // A role without scoring.review.
    const member = await callerAs(t.db, 'unit_reporter');
    expect(await code(member.scoring.reports.reviewMany({ reportIds: [r1], approve: true }))).toBe(
      'FORBIDDEN',
    );

    // 干部科 may review only its own indicator: the whole batch is refused, the others named.
    const ganbu = await callerAs(t.db, 'ganbu');
    const before = await snapshot(t.db);
    const denied = await ganbu.scoring.reports.reviewMany({ reportIds: [r1, r4, r2], approve: true });
    expect(denied).toMatchObject({
      ok: false,
      errors: [
        { reportId: r1, kind: 'FORBIDDEN' },
        { reportId: r2, kind: 'FORBIDDEN' },
      ],
    });
    expect(await snapshot(t.db)).toEqual(before);
    const deniedAudit = await t.db
      .selectFrom('audit_log')
      .select(['result', 'actor'])
      .where('action', '=', 'scoring.review.many')
      .execute();
    expect(deniedAudit).toEqual([{ result: 'denied', actor: 'ganbu' }]);
    expect(await ganbu.scoring.reports.reviewMany({ reportIds: [r4], approve: true })).toEqual({
      ok: true,
      count: 1,
    });

    // A report not awaiting review, an unknown id and a duplicate: all named, nothing changed.
    const mid = await snapshot(t.db);
    const mixed = await kaohe.scoring.reports.reviewMany({
      reportIds: [r1, r4, 999_999, r2, r1],
      approve: true,
    });
    expect(mixed).toMatchObject({
      ok: false,
      errors: [
        { reportId: r1, kind: 'BAD_INPUT' },
        { reportId: r4, kind: 'CONFLICT' },
        { reportId: 999_999, kind: 'NOT_FOUND' },
      ],
    });
    expect(await snapshot(t.db)).toEqual(mid);

    // The assessment office approves the rest in one request; each report audited.
    expect(await kaohe.scoring.reports.reviewMany({ reportIds: [r1, r2], approve: true })).toEqual({
      ok: true,
      count: 2,
    });
    const scored = await t.db
      .selectFrom('scoring_report')
      .select(['id', 'status', 'score', 'reviewed_by'])
      .orderBy('id')
      .execute();
    expect(scored.slice(0, 2).map((r) => [r.status, r.score])).toEqual([
      ['approved', 25_000],
      ['approved', 12_500],
    ]);
    const approvals = await t.db
      .selectFrom('audit_log')
      .select(['object_id', 'actor', 'before_json', 'after_json'])
      .where('action', '=', 'scoring.review.approve')
      .orderBy('id')
      .execute();
    expect(approvals.map((a) => [a.object_id, a.actor])).toEqual([
      [String(r4), 'ganbu'],
      [String(r1), 'kaohe'],
      [String(r2), 'kaohe'],
    ]);
    expect(JSON.parse(approvals[1]!.before_json!)).toMatchObject({ status: 'reported', score: 0 });
    expect(JSON.parse(approvals[1]!.after_json!)).toMatchObject({ status: 'approved', score: 25_000 });
    const jobs = await t.db.selectFrom('job_outbox').selectAll().execute();
    expect(jobs.length).toBeGreaterThan(0);

    // Returning needs a reason; with one, the batch is returned.
    expect(
      await code(kaohe.scoring.reports.reviewMany({ reportIds: [r3], approve: false, reason: ' ' })),
    ).toBe('BAD_REQUEST');
    expect(
      await kaohe.scoring.reports.reviewMany({ reportIds: [r3], approve: false, reason: '请补充事故认定书' }),
    ).toEqual({ ok: true, count: 1 });
    expect(await auditCount(t.db, 'scoring.review.return')).toBe(1);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});
