import { type Database, dialectOf, type JobRunStatus, type Kysely, sql } from '@zhanqian/db';
import type { JobDefinition } from './definition.ts';
import { jobDefinitions } from './jobs/index.ts';
import { pgQueuedCounts } from './pg.ts';

export interface JobLastRun {
  id: number;
  status: JobRunStatus;
  singletonKey: string;
  source: string;
  attempt: number;
  worker: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  rows: number | null;
  changes: number | null;
  error: string | null;
}

export interface JobOverviewRow {
  name: string;
  description: string;
  cron: string | null;
  /** Waiting in the queue (pg-boss created/retry, or the embedded queue). */
  queued: number;
  running: number;
  /** Failed runs in the last 24 hours. */
  failed24h: number;
  /** Committed changes not yet reflected by a completed run. */
  pendingChanges: number;
  lastRun: JobLastRun | null;
  lastCompletedAt: string | null;
}

const toLastRun = (r: {
  id: number;
  status: JobRunStatus;
  singleton_key: string;
  source: string;
  attempt: number;
  worker: string | null;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  rows: number | null;
  changes: number | null;
  error: string | null;
}): JobLastRun => ({
  id: Number(r.id),
  status: r.status,
  singletonKey: r.singleton_key,
  source: r.source,
  attempt: Number(r.attempt),
  worker: r.worker,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
  rows: r.rows === null ? null : Number(r.rows),
  changes: r.changes === null ? null : Number(r.changes),
  error: r.error,
});

const runColumns = [
  'id',
  'job_name',
  'status',
  'singleton_key',
  'source',
  'attempt',
  'worker',
  'started_at',
  'finished_at',
  'duration_ms',
  'rows',
  'changes',
  'error',
] as const;

/**
 * Status and last-run figures of every job, for the admin screen: one grouped query per
 * figure, not one per job.
 *
 * @example const { items, totals } = await jobsOverview(db); // items[0].lastRun?.durationMs
 */
export async function jobsOverview(
  db: Kysely<Database>,
  now: Date = new Date(),
  defs: readonly JobDefinition[] = jobDefinitions,
): Promise<{
  items: JobOverviewRow[];
  totals: { queued: number; running: number; failed24h: number; pendingChanges: number };
}> {
  const since = new Date(now.getTime() - 86_400_000).toISOString();
  const counts = await db
    .selectFrom('job_run')
    .select(['job_name', 'status', sql<number>`count(*)`.as('n')])
    .where((eb) =>
      eb.or([
        eb('status', 'in', ['queued', 'running']),
        eb.and([eb('status', '=', 'failed'), eb('finished_at', '>=', since)]),
      ]),
    )
    .groupBy(['job_name', 'status'])
    .execute();
  const pending = await db
    .selectFrom('job_outbox')
    .select(['job_name', sql<number>`count(*)`.as('n')])
    .where('consumed_at', 'is', null)
    .groupBy('job_name')
    .execute();
  const lastIds = db
    .selectFrom('job_run')
    .select(sql<number>`max(id)`.as('id'))
    .where('status', 'in', ['completed', 'failed', 'running'])
    .groupBy('job_name');
  const last = await db.selectFrom('job_run').select(runColumns).where('id', 'in', lastIds).execute();
  const lastOk = await db
    .selectFrom('job_run')
    .select(['job_name', sql<string>`max(finished_at)`.as('at')])
    .where('status', '=', 'completed')
    .groupBy('job_name')
    .execute();
  const pgQueued = dialectOf(db) === 'postgres' ? await pgQueuedCounts(db) : {};
  const count = (name: string, status: string) =>
    Number(counts.find((c) => c.job_name === name && c.status === status)?.n ?? 0);
  const items = defs.map((d): JobOverviewRow => {
    const l = last.find((r) => r.job_name === d.name);
    return {
      name: d.name,
      description: d.description,
      cron: d.cron ?? null,
      queued: count(d.name, 'queued') + (pgQueued[d.name] ?? 0),
      running: count(d.name, 'running'),
      failed24h: count(d.name, 'failed'),
      pendingChanges: Number(pending.find((p) => p.job_name === d.name)?.n ?? 0),
      lastRun: l ? toLastRun(l) : null,
      lastCompletedAt: lastOk.find((r) => r.job_name === d.name)?.at ?? null,
    };
  });
  const sum = (k: 'queued' | 'running' | 'failed24h' | 'pendingChanges') =>
    items.reduce((s, i) => s + i[k], 0);
  return {
    items,
    totals: {
      queued: sum('queued'),
      running: sum('running'),
      failed24h: sum('failed24h'),
      pendingChanges: sum('pendingChanges'),
    },
  };
}

/**
 * One page of runs, newest first, with the total for the pager.
 *
 * @example await listRuns(db, { name: 'stars.recompute-full', status: 'failed', page: 1, pageSize: 20 })
 */
export async function listRuns(
  db: Kysely<Database>,
  filter: { name?: string; status?: JobRunStatus; page: number; pageSize: number },
): Promise<{ items: (JobLastRun & { name: string })[]; total: number }> {
  let q = db.selectFrom('job_run');
  if (filter.name) q = q.where('job_name', '=', filter.name);
  if (filter.status) q = q.where('status', '=', filter.status);
  const total = await q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .select(runColumns)
    .orderBy('id', 'desc')
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .execute();
  return { items: rows.map((r) => ({ name: r.job_name, ...toLastRun(r) })), total: Number(total.n) };
}

/**
 * The last `limit` finished runs of a job, oldest first: a chart-ready series of duration and rows.
 *
 * @example await runSeries(db, 'worker.tally', 30) // [{ at, durationMs, rows, status }, …]
 */
export async function runSeries(
  db: Kysely<Database>,
  name: string,
  limit: number,
): Promise<{ at: string; durationMs: number; rows: number; status: JobRunStatus }[]> {
  const rows = await db
    .selectFrom('job_run')
    .select(['id', 'started_at', 'duration_ms', 'rows', 'status'])
    .where('job_name', '=', name)
    .where('status', 'in', ['completed', 'failed'])
    .where('started_at', 'is not', null)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse().map((r) => ({
    at: r.started_at!,
    durationMs: Number(r.duration_ms ?? 0),
    rows: Number(r.rows ?? 0),
    status: r.status,
  }));
}
