import { type Database, type Kysely, sql } from '@zhanqian/db';
import { createTestDb } from '@zhanqian/db/testing';
import {
  addSubjects,
  flatIndicators,
  loadScheme,
  reportAspectIndex,
  reviewReports,
  saveScheme,
} from '@zhanqian/scoring';
import { buildFixture, callerAs } from '../../apps/api/test/fixture.ts';
import { createUnit } from '../../packages/org/src/index.ts';
import { districtScheme } from '../../seeds/src/scoring.ts';
import { median } from './timing.ts';
import type { BenchRow } from './types.ts';

const YEAR = 2026;
const REPORTS = 2_000;
const SUBJECTS = 20;

/**
 * 20 subjects × the district's scheme, 2,000 reports awaiting review, in the test fixture's
 * district (closure table, the assessment office's account 'kaohe').
 */
async function load(db: Kysely<Database>): Promise<number[]> {
  const f = await buildFixture(db);
  await createUnit(db, {
    parentId: f.district.id,
    kind: 'department',
    name: '非公党工委',
    code: 'D-FGDGW',
    portal: 'nonpublic',
  });
  const units = [];
  for (let i = 0; i < SUBJECTS; i++)
    units.push(
      await createUnit(db, {
        parentId: f.district.id,
        kind: 'street',
        name: `单位${i + 1}`,
        code: `B${i + 1}`,
      }),
    );
  const def = districtScheme(YEAR);
  await saveScheme(db, def);
  await db.updateTable('scoring_scheme').set({ status: 'open' }).where('year', '=', YEAR).execute();
  const { ids } = await loadScheme(db, YEAR);
  const subjects = await addSubjects(
    db,
    YEAR,
    units.map((u) => ({ orgUnitId: u.id, category: 'street' })),
  );
  const perSubject = REPORTS / SUBJECTS;
  const flat = flatIndicators(def)
    .filter((i) => i.rule.kind !== 'veto')
    .slice(0, perSubject);
  const now = new Date().toISOString();
  const rows = subjects.flatMap((s) =>
    flat.map((ind) => ({
      year: YEAR,
      subject_id: s.id,
      indicator_id: ids[ind.code]!,
      kind: ind.rule.kind,
      aspect_index: reportAspectIndex(ind.rule.kind, ind.aspectIndex),
      value: ind.rule.kind === 'ratio' ? ind.rule.target : ind.rule.kind === 'tiered' ? 80 : 1,
      evidence_id: null,
      note: '台账',
      status: 'reported' as const,
      return_reason: null,
      score: 0,
      lost: 0,
      veto: 0,
      reported_by: null,
      reported_at: now,
      reviewed_by: null,
      reviewed_at: null,
    })),
  );
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('scoring_report')
      .values(rows.slice(i, i + 500))
      .execute();
  await sql`analyze`.execute(db);
  return (await db.selectFrom('scoring_report').select('id').orderBy('id').execute()).map((r) => r.id);
}

/** Puts the reports back to 'reported' between rounds (not timed). */
const reset = (db: Kysely<Database>) =>
  db
    .updateTable('scoring_report')
    .set({ status: 'reported', score: 0, lost: 0, veto: 0, reviewed_by: null, reviewed_at: null })
    .execute();

export interface ReviewBenchResult {
  row: BenchRow;
  times: number[];
}

/**
 * Bulk approval of 2,000 reports in one `scoring.reports.reviewMany` call as the assessment
 * office (the tRPC procedure in process: its transaction, the read of every report with its
 * indicator, subject, year and scope, the scores, the update, one audit record per report and
 * the recompute job), after one warm-up round; the baseline is a bare UPDATE of the same
 * rows' status in one statement. Target: ≤ 2 s.
 *
 * @example await runReviewBench({ dialect: 'sqlite', runs: 3 })
 */
export async function runReviewBench(opts: {
  dialect: 'sqlite' | 'postgres';
  runs: number;
}): Promise<ReviewBenchResult> {
  const t = await createTestDb(opts.dialect, { poolSize: 2 });
  try {
    const ids = await load(t.db);
    if (ids.length !== REPORTS) throw new Error(`expected ${REPORTS} reports, have ${ids.length}`);
    const kaohe = await callerAs(t.db, 'kaohe');
    const times: number[] = [];
    const bare: number[] = [];
    const reviewOnly: number[] = [];
    for (let i = 0; i <= opts.runs; i++) {
      await reset(t.db);
      const t0 = performance.now();
      const res = await kaohe.scoring.reports.reviewMany({ reportIds: ids, approve: true });
      const ms = performance.now() - t0;
      if (!res.ok || res.count !== REPORTS)
        throw new Error(`bulk approval failed: ${JSON.stringify(res).slice(0, 300)}`);
      await reset(t.db);
      const b0 = performance.now();
      await t.db
        .transaction()
        .execute((trx) =>
          trx.updateTable('scoring_report').set({ status: 'approved' }).where('id', 'in', ids).execute(),
        );
      const bms = performance.now() - b0;
      // The review alone (read, score, update; no audit, no job), to show where the time goes.
      await reset(t.db);
      const userId = (
        await t.db
          .selectFrom('app_user')
          .select('id')
          .where('username', '=', 'kaohe')
          .executeTakeFirstOrThrow()
      ).id;
      const root = (
        await t.db.selectFrom('org_unit').select('id').where('code', '=', 'ZQ').executeTakeFirstOrThrow()
      ).id;
      const r0 = performance.now();
      await t.db.transaction().execute((trx) =>
        reviewReports(trx, {
          reportIds: ids,
          approve: true,
          userId,
          assessingUnitId: null,
          scopeRootId: root,
        }),
      );
      const rms = performance.now() - r0;
      // Round 0 warms up (statement caches, JIT) and is not counted.
      if (i > 0) {
        times.push(ms);
        bare.push(bms);
        reviewOnly.push(rms);
      }
    }
    const audited = await t.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'scoring.review.approve')
      .executeTakeFirstOrThrow();
    const m = median(times);
    const b = median(bare);
    return {
      times,
      row: {
        name: 'scoring: bulk approval of 2,000 reports (scoring.reports.reviewMany, one request)',
        dialect: opts.dialect,
        medianMs: m,
        runs: opts.runs,
        baselineName: 'bare UPDATE of the 2,000 rows’ status',
        baselineMedianMs: b,
        ratio: m / b,
        target: '≤ 2 s',
        notes: `the review alone (read, score, update; no audit): ${median(reviewOnly).toFixed(0)} ms; range ${Math.min(...times).toFixed(0)}–${Math.max(...times).toFixed(0)} ms; one audit record per report (${Number(audited.n)} written over ${opts.runs + 1} rounds), scores, recompute job; ${m <= 2000 ? 'target met' : 'TARGET MISSED'}`,
      },
    };
  } finally {
    await t.destroy();
  }
}
