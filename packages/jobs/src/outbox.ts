import { DomainError, nowIso } from '@zhanqian/core';
import type { Database, Kysely } from '@zhanqian/db';
import type { z } from 'zod';
import { type JobDefinition, type OutboxChange, singletonKeyOf } from './definition.ts';
import { findJob } from './jobs/index.ts';

/**
 * `coalesceKey` must be the job's singleton key for this payload (checked), so that the run
 * of that scope reads the change; `enqueueJobInTx` computes it for you.
 *
 * Records, inside the caller's transaction, that a committed write needs `jobName` to run.
 * Nothing reaches the queue until the transaction commits (the relay moves committed rows),
 * and nothing is lost if the process dies right after the commit. Rows with the same
 * `coalesceKey` coalesce into one run that sees all of them as `ctx.changes`.
 *
 * @example
 * await enqueueInTx(ctx.tx, 'stars.recompute-incremental', { year: 2026, change: { memberId: 7 } }, 'year:2026');
 */
export async function enqueueInTx(
  trx: Kysely<Database>,
  jobName: string,
  payload: unknown,
  coalesceKey: string,
  requestedBy = 'system',
): Promise<number> {
  const def = findJob(jobName);
  if (!def) throw new DomainError('NOT_FOUND', 'jobs.unknown', { name: jobName });
  const parsed = def.payload.safeParse(payload ?? {});
  if (!parsed.success) throw badPayload(def, parsed.error);
  // The run reads the changes of its own singleton key: a different key would never be read.
  const key = singletonKeyOf(def, parsed.data);
  if (key !== coalesceKey) {
    throw new Error(
      `enqueueInTx(${jobName}): coalesceKey "${coalesceKey}" differs from the job's key "${key}"`,
    );
  }
  const row = await trx
    .insertInto('job_outbox')
    .values({
      job_name: jobName,
      coalesce_key: coalesceKey,
      payload_json: JSON.stringify(payload ?? {}),
      requested_by: requestedBy,
      created_at: nowIso(),
      relayed_at: null,
      consumed_at: null,
      consumed_by_run: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/**
 * Validates a payload against the job's schema and enqueues it with the job's own singleton
 * key: what domain routers and `jobs.run` call when they know the job definition.
 */
export async function enqueueJobInTx(
  trx: Kysely<Database>,
  def: JobDefinition,
  payload: unknown,
  requestedBy = 'system',
): Promise<{ outboxId: number; singletonKey: string }> {
  const parsed = def.payload.safeParse(payload ?? {});
  if (!parsed.success) throw badPayload(def, parsed.error);
  const singletonKey = singletonKeyOf(def, parsed.data);
  const outboxId = await enqueueInTx(trx, def.name, parsed.data, singletonKey, requestedBy);
  return { outboxId, singletonKey };
}

function badPayload(def: JobDefinition, error: z.ZodError): DomainError {
  return new DomainError('BAD_INPUT', 'jobs.badPayload', {
    name: def.name,
    issues: error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; '),
  });
}

/** One queue message per (job, scope) found among outbox rows: the coalesced form. */
export interface RelayGroup {
  jobName: string;
  coalesceKey: string;
  /** The newest row's payload: the job's payload for this run. */
  payload: unknown;
  ids: number[];
}

/** Groups outbox rows by (job, scope), keeping the newest payload: the coalescing step. */
export function groupOutbox(
  rows: { id: number; job_name: string; coalesce_key: string; payload_json: string }[],
): RelayGroup[] {
  const groups = new Map<string, RelayGroup>();
  for (const r of rows) {
    const k = `${r.job_name}\u0000${r.coalesce_key}`;
    let g = groups.get(k);
    if (!g) {
      g = { jobName: r.job_name, coalesceKey: r.coalesce_key, payload: {}, ids: [] };
      groups.set(k, g);
    }
    g.ids.push(Number(r.id));
    g.payload = JSON.parse(r.payload_json);
  }
  return [...groups.values()];
}

/** The unconsumed changes of one scope, oldest first, parsed with the job's schema. */
export async function pendingChanges<P>(
  db: Kysely<Database>,
  def: JobDefinition,
  key: string,
  limit = 10_000,
): Promise<OutboxChange<P>[]> {
  const rows = await db
    .selectFrom('job_outbox')
    .select(['id', 'payload_json', 'requested_by', 'created_at'])
    .where('job_name', '=', def.name)
    .where('coalesce_key', '=', key)
    .where('consumed_at', 'is', null)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    payload: def.payload.parse(JSON.parse(r.payload_json)) as P,
    requestedBy: r.requested_by,
    createdAt: r.created_at,
  }));
}

/** Marks changes consumed by a run; rows another run already consumed are left alone. */
export async function consumeChanges(
  trx: Kysely<Database>,
  ids: readonly number[],
  runId: number,
): Promise<number> {
  let n = 0;
  for (let i = 0; i < ids.length; i += 500) {
    const res = await trx
      .updateTable('job_outbox')
      .set({ consumed_at: nowIso(), consumed_by_run: runId })
      .where('id', 'in', ids.slice(i, i + 500))
      .where('consumed_at', 'is', null)
      .executeTakeFirst();
    n += Number(res.numUpdatedRows);
  }
  return n;
}

/**
 * Housekeeping: deletes consumed outbox rows and finished runs older than the given ages
 * (both workers call it hourly; concurrent calls are harmless).
 *
 * @example await pruneJobTables(db, { outboxDays: 7, runDays: 90 })
 */
export async function pruneJobTables(
  db: Kysely<Database>,
  {
    outboxDays = 7,
    runDays = 90,
    now = new Date(),
  }: { outboxDays?: number; runDays?: number; now?: Date } = {},
): Promise<{ outbox: number; runs: number }> {
  const day = 86_400_000;
  const o = await db
    .deleteFrom('job_outbox')
    .where('consumed_at', '<', new Date(now.getTime() - outboxDays * day).toISOString())
    .executeTakeFirst();
  const r = await db
    .deleteFrom('job_run')
    .where('status', 'in', ['completed', 'failed', 'skipped'])
    .where('finished_at', '<', new Date(now.getTime() - runDays * day).toISOString())
    .executeTakeFirst();
  return { outbox: Number(o.numDeletedRows), runs: Number(r.numDeletedRows) };
}
