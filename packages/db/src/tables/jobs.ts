// Tables of the worker: job runs, outbox and snapshots. Column conventions: see ../schema.ts.
import type { Generated } from 'kysely';

/**
 * The transactional outbox: a business write that affects a computed result inserts a row
 * here in the SAME transaction; the worker's relay moves committed rows into the queue, and
 * the job marks them consumed when its result (which reflects them) commits.
 */
export interface JobOutboxTable {
  id: Generated<number>;
  job_name: string;
  /** The scope that coalesces: every pending row of one (job_name, coalesce_key) → one job. */
  coalesce_key: string;
  /** The job's payload (JSON), validated by the job definition's zod schema. */
  payload_json: string;
  /** Who asked ('system' for domain writes, a user name for a manual `jobs.run`). */
  requested_by: string;
  created_at: string;
  /** Set once the relay has put a job for it on the queue. */
  relayed_at: string | null;
  /** Set in the transaction that commits a result reflecting this change. */
  consumed_at: string | null;
  consumed_by_run: number | null;
}

export type JobRunStatus = 'queued' | 'running' | 'completed' | 'failed' | 'skipped';

/** One execution (attempt) of a job, written by the runner on both dialects. */
export interface JobRunTable {
  id: Generated<number>;
  job_name: string;
  singleton_key: string;
  /** 'cron' | 'outbox' | 'direct' (enqueued in-process) */
  source: string;
  status: JobRunStatus;
  attempt: number;
  /** The queue's job id (pg-boss uuid, or the embedded queue's id). */
  queue_job_id: string | null;
  /** Which process ran it: host:pid. */
  worker: string | null;
  payload_json: string;
  queued_at: string | null;
  started_at: string | null;
  /** Refreshed while the handler reports progress: a killed run's last sign of life. */
  heartbeat_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  /** Rows written (as the handler reports them). */
  rows: number | null;
  changes: number | null;
  error: string | null;
}

export type SnapshotStatus = 'building' | 'complete' | 'discarded';

/**
 * Versioned snapshots of computed results: readers use the highest complete version of a
 * (domain, scope); a recomputation builds version n+1 and flips it to complete in one UPDATE.
 */
export interface SnapshotVersionTable {
  domain: string;
  scope: string;
  version: number;
  status: SnapshotStatus;
  run_id: number | null;
  created_at: string;
  completed_at: string | null;
}

/** The worker's own self-check job ('worker.tally'): per-unit running totals, versioned. */
export interface JobTallyTable {
  scope: string;
  version: number;
  unit: number;
  total: number;
}

export type JobsTables = {
  job_outbox: JobOutboxTable;
  job_run: JobRunTable;
  snapshot_version: SnapshotVersionTable;
  job_tally: JobTallyTable;
};
