import { hostname } from 'node:os';
import { nowIso } from '@zhanqian/core';
import type { Database, Kysely } from '@zhanqian/db';
import type { Logger } from 'pino';
import { type JobContext, type JobDefinition, singletonKeyOf } from './definition.ts';
import { consumeChanges, pendingChanges } from './outbox.ts';

export const WORKER_ID = `${hostname()}:${process.pid}`;

export interface RunOptions {
  source: string;
  attempt?: number;
  queueJobId?: string | null;
  /** A 'queued' job_run row to turn into this run (the embedded queue records one). */
  runId?: number;
  logger: Logger;
  signal?: AbortSignal;
}

export interface RunOutcome {
  runId: number;
  status: 'completed' | 'skipped';
  rows: number;
  changes: number;
}

const errorText = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).slice(0, 2000);

/**
 * Runs one job once, whatever scheduled it: records the run in `job_run`, hands the handler
 * the pending outbox changes of its scope, and marks them consumed with the result. An
 * outbox-sourced run with nothing pending (its changes were taken by an earlier run) is
 * recorded as skipped. A failure is recorded and rethrown, so the scheduler retries.
 */
export async function runJob(
  db: Kysely<Database>,
  def: JobDefinition,
  rawPayload: unknown,
  opts: RunOptions,
): Promise<RunOutcome> {
  const payload = def.payload.parse(rawPayload ?? {});
  const key = singletonKeyOf(def, payload);
  const attempt = opts.attempt ?? 1;
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  let runId: number;
  if (opts.runId) {
    runId = opts.runId;
    await db
      .updateTable('job_run')
      .set({ status: 'running', started_at: startedAt, heartbeat_at: startedAt, worker: WORKER_ID, attempt })
      .where('id', '=', runId)
      .execute();
  } else {
    const row = await db
      .insertInto('job_run')
      .values({
        job_name: def.name,
        singleton_key: key,
        source: opts.source,
        status: 'running',
        attempt,
        queue_job_id: opts.queueJobId ?? null,
        worker: WORKER_ID,
        payload_json: JSON.stringify(payload),
        queued_at: null,
        started_at: startedAt,
        heartbeat_at: startedAt,
        finished_at: null,
        duration_ms: null,
        rows: null,
        changes: null,
        error: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    runId = Number(row.id);
  }
  // One run per key at a time is the scheduler's promise: any other 'running' run of this key
  // is one whose worker died. Its last heartbeat is when it really ended.
  await db
    .updateTable('job_run')
    .set((eb) => ({
      status: 'failed',
      error: 'abandoned: its worker stopped answering',
      finished_at: eb.fn.coalesce('heartbeat_at', 'started_at'),
    }))
    .where('job_name', '=', def.name)
    .where('singleton_key', '=', key)
    .where('status', '=', 'running')
    .where('id', '!=', runId)
    .execute();
  const log = opts.logger.child({ job: def.name, key, runId, attempt, source: opts.source });
  let rows = 0;
  let consumed = false;
  try {
    const changes = await pendingChanges(db, def, key);
    if (opts.source === 'outbox' && changes.length === 0) {
      const finishedAt = nowIso();
      await db
        .updateTable('job_run')
        .set({
          status: 'skipped',
          finished_at: finishedAt,
          duration_ms: Date.now() - started,
          rows: 0,
          changes: 0,
        })
        .where('id', '=', runId)
        .execute();
      log.debug('nothing pending: an earlier run took these changes');
      return { runId, status: 'skipped', rows: 0, changes: 0 };
    }
    log.info({ changes: changes.length }, 'job started');
    const ids = changes.map((c) => c.id);
    const ctx: JobContext<unknown> = {
      runId,
      attempt,
      source: opts.source,
      logger: log,
      changes,
      signal: opts.signal ?? new AbortController().signal,
      async consume(trx) {
        const n = await consumeChanges(trx, ids, runId);
        // Another run took some of them: applying them here too would count them twice.
        if (n !== ids.length)
          throw new Error(`outbox changes of ${def.name}/${key} were consumed by another run`);
        consumed = true;
        return n;
      },
      async progress(n) {
        if (n !== undefined) rows = n;
        await db
          .updateTable('job_run')
          .set({ heartbeat_at: nowIso(), rows })
          .where('id', '=', runId)
          .execute();
      },
    };
    const result = await def.handler(db, payload, ctx);
    if (result && typeof result.rows === 'number') rows = result.rows;
    if (!consumed && ids.length) await ctx.consume(db);
    const finishedAt = nowIso();
    const duration = Date.now() - started;
    await db
      .updateTable('job_run')
      .set({ status: 'completed', finished_at: finishedAt, duration_ms: duration, rows, changes: ids.length })
      .where('id', '=', runId)
      .execute();
    log.info({ rows, changes: ids.length, durationMs: duration }, 'job completed');
    return { runId, status: 'completed', rows, changes: ids.length };
  } catch (err) {
    await db
      .updateTable('job_run')
      .set({
        status: 'failed',
        finished_at: nowIso(),
        duration_ms: Date.now() - started,
        rows,
        error: errorText(err),
      })
      .where('id', '=', runId)
      .execute()
      .catch(() => {});
    log.error({ err }, 'job failed');
    throw err;
  }
}
