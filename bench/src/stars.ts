import type { Database, Kysely } from '@zhanqian/db';
import { sql } from '@zhanqian/db';
import { createTestDb } from '@zhanqian/db/testing';
import { loadDistrict, planDistrict } from '@zhanqian/seeds';
import { ALL_CRITERIA_MASK, recomputeStarsFull, recomputeStarsIncremental, starsOf } from '@zhanqian/stars';
import { seedStars } from '../../seeds/src/stars.ts';
import { interleavedMedians, median, medianMs, withoutParallelWorkers } from './timing.ts';
import type { BenchRow } from './types.ts';

const YEAR = 2026;

/**
 * The fair baseline: one grouped scan that reads every household's stars (household ⋈ its
 * rating, grouped by zone), consumed by an outer sum so that the engine cannot skip the
 * star column (see TOOLCHAIN.md: with count(*) alone PostgreSQL answers from an index).
 */
export function bareHouseholdScan(db: Kysely<Database>, year: number) {
  return sql`select sum(z.n) as n, sum(z.t) as t from (
      select h.zone_id, count(*) as n, sum(case when r.stars = 10 then 1 else 0 end) as t
      from household h
      left join star_rating r on r.year = ${sql.lit(year)} and r.level = 'household' and r.entity_id = h.id
      group by h.zone_id) z`.execute(db);
}

/**
 * The process's RSS high-water mark around `fn`: sampled from process.memoryUsage().rss every
 * few milliseconds, and the kernel's own high-water mark (resourceUsage().maxRSS), which also
 * catches peaks inside synchronous calls (better-sqlite3 blocks the event loop, so the sampler
 * cannot run during a SQLite statement).
 */
async function peakRss<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; peak: number; before: number; maxBefore: number }> {
  const before = process.memoryUsage().rss;
  const maxBefore = process.resourceUsage().maxRSS * 1024;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 2);
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
    return { result, peak, before, maxBefore };
  } finally {
    clearInterval(timer);
  }
}

const mb = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;

/**
 * Star recomputation at a scale on one engine: full recomputation against the bare household
 * scan (target ≤ 1.5×), one rating change with its incremental recomputation against the full
 * one (target < 1/100), and the process's peak RSS during a full recomputation (set-based: no
 * table is loaded into the process; on SQLite in memory the database itself lives in the
 * process, so its pages count in the RSS).
 *
 * @example await runStarsBench({ dialect: 'sqlite', scale: 1, runs: 5 })
 */
export async function runStarsBench(opts: {
  dialect: 'sqlite' | 'postgres';
  scale: number;
  runs: number;
}): Promise<BenchRow[]> {
  const { dialect, scale, runs } = opts;
  const t = await createTestDb(dialect, { poolSize: 2 });
  try {
    await loadDistrict(t.db, planDistrict(scale));
    await seedStars(t.db, { scale, year: YEAR });
    if (dialect === 'postgres') await sql`analyze`.execute(t.db);

    // Interleaved (scan, full, scan, full …) so that a busy machine weighs on both alike.
    const [scanMs = 0, fullMs = 0] = await interleavedMedians(runs, [
      () => bareHouseholdScan(t.db, YEAR),
      () => recomputeStarsFull(t.db, YEAR),
    ]);
    const memory = await peakRss(() => recomputeStarsFull(t.db, YEAR));

    // One rating change and its incremental recomputation, on households spread over the district.
    // Timed: the recomputation call, inside the rating's transaction (the rating's own write and
    // commit are reported apart). Ten changes first, so that each pooled connection has prepared
    // its statements, as a running server's have.
    const households = await t.db
      .selectFrom('household')
      .select(sql<number>`max(id)`.as('max'))
      .executeTakeFirstOrThrow();
    let k = 0;
    const recomputeMs: number[] = [];
    const transactionMs: number[] = [];
    const change = async () => {
      const id = 1 + ((k++ * 7_919) % Number(households.max));
      const mask = k % 2 ? ALL_CRITERIA_MASK : ALL_CRITERIA_MASK & ~1;
      const t0 = performance.now();
      let recompute = 0;
      await t.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('star_rating')
          .set({ met_mask: mask, stars: starsOf(mask) })
          .where('year', '=', YEAR)
          .where('level', '=', 'household')
          .where('entity_id', '=', id)
          .execute();
        const t1 = performance.now();
        await recomputeStarsIncremental(trx, YEAR, { level: 'household', entityId: id });
        recompute = performance.now() - t1;
      });
      return { recompute, transaction: performance.now() - t0 };
    };
    for (let i = 0; i < 10; i++) await change();
    for (let i = 0; i < Math.max(21, runs); i++) {
      const r = await change();
      recomputeMs.push(r.recompute);
      transactionMs.push(r.transaction);
    }
    const incrementalMs = median(recomputeMs);
    const ratingTxMs = median(transactionMs);
    // For reference: the bare scan with parallel workers off (the planner's own plan is the baseline).
    const serialScanMs =
      dialect === 'postgres'
        ? await medianMs(3, () => withoutParallelWorkers(t.db, (trx) => bareHouseholdScan(trx, YEAR)))
        : Number.NaN;

    const base = { dialect, scale, runs } as const;
    return [
      {
        ...base,
        name: 'stars: full recomputation (3 levels, versioned snapshot, switch)',
        medianMs: fullMs,
        baselineName: 'bare aggregate scan of every household’s stars, grouped by zone',
        baselineMedianMs: scanMs,
        ratio: fullMs / scanMs,
        target: '≤ 1.5×',
        notes: `${dialect === 'postgres' ? `bare scan with parallel workers off: ${serialScanMs.toFixed(0)} ms (${(fullMs / serialScanMs).toFixed(3)}×); ` : ''}peak RSS ${mb(memory.peak)}; ${mb(memory.peak - memory.before)} above the ${mb(memory.before)} RSS before the run (process high-water before it: ${mb(memory.maxBefore)}, reached while loading the district)`,
      },
      {
        ...base,
        name: 'stars: incremental recomputation after one rating change (its chain only)',
        medianMs: incrementalMs,
        runs: recomputeMs.length,
        baselineName: 'stars: full recomputation',
        baselineMedianMs: fullMs,
        ratio: incrementalMs / fullMs,
        target: '< 0.01×',
        notes: `the rating's whole transaction (write, recomputation, commit): ${ratingTxMs.toFixed(2)} ms (${(ratingTxMs / fullMs).toFixed(4)}× the full recomputation); after 10 warm-up changes`,
      },
    ];
  } finally {
    await t.destroy();
  }
}
