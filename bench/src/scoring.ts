import type { Database, Kysely } from '@zhanqian/db';
import { sql } from '@zhanqian/db';
import { createTestDb } from '@zhanqian/db/testing';
import {
  addSubjects,
  flatIndicators,
  loadScheme,
  recomputeScoring,
  reportAspectIndex,
  saveScheme,
  scoreIndicator,
} from '@zhanqian/scoring';
import { rng } from '../../seeds/src/random.ts';
import { districtScheme } from '../../seeds/src/scoring.ts';
import { interleavedMedians, medianMs, withoutParallelWorkers } from './timing.ts';
import type { BenchRow } from './types.ts';

const YEAR = 2026;
const SUBJECTS = 2_000;
const CATEGORIES = ['street', 'department', 'community', 'enterprise'];

/**
 * The baseline: one bare aggregate over the same score rows — each subject's sum of approved
 * scores, with no aspects, bonus cap, ranking, flags or writes.
 */
export function bareScoreAggregate(db: Kysely<Database>, year: number) {
  return sql`select subject_id, sum(score) as total
    from scoring_report where year = ${year} and status = 'approved'
    group by subject_id`.execute(db);
}

/** 2,000 subjects in four categories, the district's 102-indicator scheme, every report approved. */
export async function loadForBench(db: Kysely<Database>, prevYear: boolean) {
  const now = new Date().toISOString();
  const district = await db
    .insertInto('org_unit')
    .values({
      parent_id: null,
      kind: 'district',
      name: '站前区',
      code: 'ZQ',
      portal: 'district',
      sort_order: 0,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const code of ['D-ZZB', 'D-KHB', 'D-GBK', 'D-RCB', 'D-FGDGW'])
    await db
      .insertInto('org_unit')
      .values({
        parent_id: district.id,
        kind: 'department',
        name: code,
        code,
        portal: null,
        sort_order: 0,
        created_at: now,
      })
      .execute();
  const units = Array.from({ length: SUBJECTS }, (_, i) => ({
    parent_id: district.id,
    kind: 'street' as const,
    name: `单位${i + 1}`,
    code: `U${i + 1}`,
    portal: null,
    sort_order: i,
    created_at: now,
  }));
  for (let i = 0; i < units.length; i += 500)
    await db
      .insertInto('org_unit')
      .values(units.slice(i, i + 500))
      .execute();
  const unitIds = (
    await db.selectFrom('org_unit').select('id').where('code', 'like', 'U%').orderBy('id').execute()
  ).map((u) => u.id);
  const r = rng(4242);
  for (const year of prevYear ? [YEAR - 1, YEAR] : [YEAR]) {
    const def = districtScheme(year);
    await saveScheme(db, def);
    await db.updateTable('scoring_scheme').set({ status: 'open' }).where('year', '=', year).execute();
    const { ids } = await loadScheme(db, year);
    const subjects = await addSubjects(
      db,
      year,
      unitIds.map((id, i) => ({ orgUnitId: id, category: CATEGORIES[i % CATEGORIES.length]! })),
    );
    const flat = flatIndicators(def);
    let batch: Record<string, unknown>[] = [];
    for (const s of subjects)
      for (const ind of flat) {
        const value =
          ind.rule.kind === 'ratio'
            ? Math.floor(ind.rule.target * (0.5 + r() * 0.7))
            : ind.rule.kind === 'graded'
              ? Math.floor(r() * ind.rule.grades.length)
              : ind.rule.kind === 'tiered'
                ? 50 + Math.floor(r() * 50)
                : ind.rule.kind === 'veto'
                  ? r() < 0.003
                    ? 1
                    : 0
                  : Math.floor(r() * 3) % 2;
        const res = scoreIndicator(ind.points, ind.rule, value);
        batch.push({
          year,
          subject_id: s.id,
          indicator_id: ids[ind.code]!,
          kind: ind.rule.kind,
          aspect_index: reportAspectIndex(ind.rule.kind, ind.aspectIndex),
          value,
          evidence_id: null,
          note: null,
          status: 'approved',
          return_reason: null,
          ...res,
          reported_by: null,
          reported_at: now,
          reviewed_by: null,
          reviewed_at: now,
        });
        if (batch.length === 1_000) {
          await db
            .insertInto('scoring_report')
            .values(batch as never)
            .execute();
          batch = [];
        }
      }
    if (batch.length)
      await db
        .insertInto('scoring_report')
        .values(batch as never)
        .execute();
    if (year < YEAR) await recomputeScoring(db, year);
  }
  await sql`analyze`.execute(db);
}

/**
 * Full recomputation of the year (totals per subject and aspect, capped bonus, ranks per
 * category with the tie-break, bottom two, key adjustment against the previous year, written
 * as a new snapshot and switched to) for 2,000 subjects × 102 indicators, against the bare
 * aggregate over the same 204,000 score rows. Target: ≤ 2×.
 *
 * @example await runScoringBench({ dialect: 'sqlite', runs: 5 })
 */
export async function runScoringBench(opts: {
  dialect: 'sqlite' | 'postgres';
  runs: number;
}): Promise<BenchRow[]> {
  const t = await createTestDb(opts.dialect, { poolSize: 2 });
  try {
    await loadForBench(t.db, true);
    // Interleaved, so that a busy machine slows both sides alike.
    const [baseline = Number.NaN, full = Number.NaN] = await interleavedMedians(opts.runs, [
      () => bareScoreAggregate(t.db, YEAR),
      () => recomputeScoring(t.db, YEAR),
    ]);
    // For reference: the bare aggregate with parallel workers off (the planner's own plan is the baseline).
    const serial =
      opts.dialect === 'postgres'
        ? await medianMs(3, () => withoutParallelWorkers(t.db, (trx) => bareScoreAggregate(trx, YEAR)))
        : Number.NaN;
    return [
      {
        name: 'scoring: full recomputation (2,000 subjects × 102 indicators)',
        dialect: opts.dialect,
        medianMs: full,
        runs: opts.runs,
        baselineName: 'bare aggregate over the score rows',
        baselineMedianMs: baseline,
        ratio: full / baseline,
        target: '≤ 2×',
        notes: `totals, 5 aspects, capped bonus, ranks with tie-break, bottom two, key adjustment vs the previous year, snapshot written and switched${opts.dialect === 'postgres' ? `; bare aggregate with parallel workers off: ${serial.toFixed(1)} ms (${(full / serial).toFixed(3)}×)` : ''}`,
      },
    ];
  } finally {
    await t.destroy();
  }
}
