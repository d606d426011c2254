import type { Database, Kysely } from '@zhanqian/db';
import type { Logger } from 'pino';
import type { z } from 'zod';

/** A committed change waiting in the outbox for this job's scope (already validated). */
export interface OutboxChange<P> {
  id: number;
  payload: P;
  requestedBy: string;
  createdAt: string;
}

/** What a handler may use besides the database; the same under every scheduler. */
export interface JobContext<P> {
  runId: number;
  attempt: number;
  /** 'cron' | 'outbox' | 'direct' */
  source: string;
  logger: Logger;
  /** The pending outbox changes of this job's scope, oldest first, read when the run began. */
  changes: readonly OutboxChange<P>[];
  /**
   * Marks `changes` consumed by this run. Call it inside the transaction that commits the
   * result reflecting them, so "result written" and "change consumed" are one atomic fact.
   * If the handler never calls it, the runner marks them after the handler returns.
   */
  consume(trx: Kysely<Database>): Promise<number>;
  /** A sign of life (and optionally rows written so far), recorded on the run. */
  progress(rows?: number): Promise<void>;
  /** Aborted when the worker stops: a long handler should stop between batches. */
  signal: AbortSignal;
}

export interface JobResult {
  rows?: number;
}

/**
 * A job, kept apart from whatever schedules it: pg-boss on PostgreSQL, the in-process queue
 * on SQLite. Handlers must be idempotent (a retry may repeat any part of a run) and work
 * batch-wise (set-based SQL, not a query per row).
 */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  payload: S;
  /** A cron expression evaluated in Asia/Shanghai; the cron run's payload is `payload.parse({})`. */
  cron?: string;
  /** The scope of which at most one run may be active (and one queued) at a time. */
  singletonKey?: (payload: z.output<S>) => string;
  /** Seconds without a heartbeat after which a run is presumed dead and retried (≥ 10). */
  heartbeatSeconds?: number;
  /** Hard limit on one run, seconds. */
  timeoutSeconds?: number;
  retryLimit?: number;
  handler: (
    db: Kysely<Database>,
    payload: z.output<S>,
    ctx: JobContext<z.output<S>>,
    // biome-ignore lint/suspicious/noConfusingVoidType: a handler may return nothing at all
  ) => Promise<JobResult | void>;
}

/**
 * Declares a job with its payload type inferred from the zod schema.
 *
 * @example
 * defineJob({ name: 'x.recompute', description: '…', payload: z.object({ year: z.number() }),
 *   singletonKey: (p) => `year:${p.year}`, handler: async (db, p) => ({ rows: await recompute(db, p.year) }) })
 */
export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}

/** The singleton key of a parsed payload: the definition's, or one per job name. */
export function singletonKeyOf(def: JobDefinition, payload: unknown): string {
  return def.singletonKey ? def.singletonKey(payload) : 'all';
}
