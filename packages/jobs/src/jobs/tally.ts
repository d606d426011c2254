import { z } from 'zod';
import { defineJob } from '../definition.ts';
import { beginVersion, completeVersion, currentVersion, pruneVersions } from '../snapshot.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The worker's self-check, and the reference for domain recomputations: per-unit running
 * totals of a scope, rebuilt as a new snapshot version from the previous complete version
 * plus the pending outbox changes, written in batches, then switched to and the changes
 * consumed in ONE transaction. Killed at any point, readers stay on the last complete
 * version and the retried run starts again from it: every change counts exactly once.
 * `jobs.run` with `{ scope: 'selfcheck' }` exercises the whole path (outbox → queue → run).
 */
export const tallyJob = defineJob({
  name: 'worker.tally',
  description: 'self-check: versioned running totals per unit from outbox changes',
  payload: z.object({
    scope: z.string().min(1).max(40).default('selfcheck'),
    units: z.number().int().min(1).max(1000).default(10),
    unit: z.number().int().min(0).optional(),
    delta: z.number().int().optional(),
    /** Test knob: pause between batches so a test can kill the worker mid-run. */
    slowMs: z.number().int().min(0).max(2000).default(0),
    batch: z.number().int().min(1).max(1000).default(5),
  }),
  singletonKey: (p) => `scope:${p.scope}`,
  heartbeatSeconds: 10,
  handler: async (db, p, ctx) => {
    const domain = 'tally';
    const prev = await currentVersion(db, domain, p.scope);
    const totals = new Map<number, number>();
    for (let u = 0; u < p.units; u++) totals.set(u, 0);
    if (prev !== null) {
      const rows = await db
        .selectFrom('job_tally')
        .select(['unit', 'total'])
        .where('scope', '=', p.scope)
        .where('version', '=', prev)
        .execute();
      for (const r of rows) totals.set(Number(r.unit), Number(r.total));
    }
    for (const c of ctx.changes) {
      if (c.payload.unit === undefined || c.payload.delta === undefined) continue;
      totals.set(c.payload.unit, (totals.get(c.payload.unit) ?? 0) + c.payload.delta);
    }
    const { version, discarded } = await beginVersion(db, domain, p.scope, ctx.runId);
    if (discarded.length) {
      await db
        .deleteFrom('job_tally')
        .where('scope', '=', p.scope)
        .where('version', 'in', discarded)
        .execute();
    }
    const entries = [...totals.entries()].sort((a, b) => a[0] - b[0]);
    let written = 0;
    for (let i = 0; i < entries.length; i += p.batch) {
      if (ctx.signal.aborted) throw new Error('worker stopping: run abandoned, it will be retried');
      const slice = entries.slice(i, i + p.batch);
      await db
        .insertInto('job_tally')
        .values(slice.map(([unit, total]) => ({ scope: p.scope, version, unit, total })))
        .execute();
      written += slice.length;
      await ctx.progress(written);
      if (p.slowMs) await sleep(p.slowMs);
    }
    await db.transaction().execute(async (trx) => {
      await completeVersion(trx, domain, p.scope, version);
      await ctx.consume(trx);
    });
    await pruneVersions(db, domain, p.scope, 2, (vs) =>
      db.deleteFrom('job_tally').where('scope', '=', p.scope).where('version', 'in', vs).execute(),
    );
    return { rows: written };
  },
});
