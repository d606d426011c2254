import { shanghaiYear } from '@zhanqian/core';
import { recomputeScoring } from '@zhanqian/scoring';
import { type RatingChange, recomputeStarsFull, recomputeStarsIncremental } from '@zhanqian/stars';
import { z } from 'zod';
import { defineJob, type JobDefinition } from '../definition.ts';

const year = z
  .number()
  .int()
  .min(2000)
  .max(2100)
  .default(() => shanghaiYear());

/**
 * The thousand-point appraisal of a year: totals, ranks, bottom two and key adjustment,
 * written by @zhanqian/scoring as a new result version switched to in one transaction; the
 * outbox changes it reflects are consumed in that same transaction. Triggered through the
 * outbox (`enqueueInTx(trx, 'scoring.recompute', { year }, 'year:2026')`) or `jobs.run`.
 */
export const scoringRecomputeJob = defineJob({
  name: 'scoring.recompute',
  description: '千分制：重算年度得分、排名、后两名与重点调整（按年度）',
  payload: z.object({ year }),
  singletonKey: (p) => `year:${p.year}`,
  handler: async (db, p, ctx) => {
    const res = await db.transaction().execute(async (trx) => {
      const r = await recomputeScoring(trx, p.year);
      await ctx.consume(trx);
      return r;
    });
    return { rows: res.subjects };
  },
});

/** Nightly (02:30 Asia/Shanghai) full star certification of the current year. */
export const starsFullJob = defineJob({
  name: 'stars.recompute-full',
  description: '星级管理：全量重算年度星级认定（每日凌晨 2:30）',
  payload: z.object({ year }),
  cron: '30 2 * * *',
  singletonKey: (p) => `year:${p.year}`,
  handler: async (db, p, ctx) => {
    const res = await db.transaction().execute(async (trx) => {
      const r = await recomputeStarsFull(trx, p.year);
      await ctx.consume(trx);
      return r;
    });
    return { rows: res.rows.member + res.rows.branch + res.rows.committee };
  },
});

const ratingChange = z.object({
  level: z.enum(['household', 'member', 'branch', 'committee']),
  entityId: z.number().int().positive(),
});

/**
 * After ratings change: recomputes only the chains above the changed entities (a burst of
 * changes of one year coalesces into one run that takes them all). A payload without a
 * change (a manual run) recomputes the year in full.
 *
 * @example await enqueueInTx(ctx.tx, 'stars.recompute-incremental', { year: 2026, change: { level: 'household', entityId: 42 } }, 'year:2026')
 */
export const starsIncrementalJob = defineJob({
  name: 'stars.recompute-incremental',
  description: '星级管理：评星变更后增量重算受影响的党员、支部、社区党委',
  payload: z.object({ year, change: ratingChange.optional() }),
  singletonKey: (p) => `year:${p.year}`,
  handler: async (db, p, ctx) => {
    const seen = new Set<string>();
    const changes: RatingChange[] = [];
    let full = ctx.changes.length === 0 && !p.change;
    for (const c of ctx.changes.length ? ctx.changes.map((x) => x.payload) : [p]) {
      if (!c.change) {
        full = true;
        continue;
      }
      const k = `${c.change.level}:${c.change.entityId}`;
      if (!seen.has(k)) {
        seen.add(k);
        changes.push(c.change);
      }
    }
    const res = await db.transaction().execute(async (trx) => {
      const r = full
        ? await recomputeStarsFull(trx, p.year)
        : await recomputeStarsIncremental(trx, p.year, changes);
      await ctx.consume(trx);
      return r;
    });
    ctx.logger.info({ mode: res.mode, changes: changes.length }, 'stars recomputed');
    return { rows: res.rows.member + res.rows.branch + res.rows.committee };
  },
});

/**
 * The domain recomputations. Not jobs, on purpose: cadres' rotation-due list
 * (`rotationDueList`) and talent's fund figures (`fundBalances`, `fundFlowByMonth`) are
 * computed when read, so there is nothing to precompute.
 */
export const domainJobs: JobDefinition[] = [
  scoringRecomputeJob,
  starsFullJob,
  starsIncrementalJob,
] as unknown as JobDefinition[];
