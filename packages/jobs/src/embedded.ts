import { nowIso } from '@zhanqian/core';
import { type Database, dialectOf, type Kysely } from '@zhanqian/db';
import { Cron } from 'croner';
import type { Logger } from 'pino';
import { type JobDefinition, singletonKeyOf } from './definition.ts';
import { jobDefinitions } from './jobs/index.ts';
import { groupOutbox, pruneJobTables } from './outbox.ts';
import { runJob } from './runner.ts';

export interface EmbeddedWorker {
  /** Queues a job in this process now (not durable: durable triggers go through the outbox). */
  enqueue(name: string, payload?: unknown): Promise<{ queued: boolean; runId: number | null }>;
  /** Resolves when the relay has nothing to move and the queue is empty (tests, shutdown). */
  idle(): Promise<void>;
  /** Stops cron and relay, lets the running job finish (or abandons it after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<void>;
}

export interface EmbeddedOptions {
  definitions?: readonly JobDefinition[];
  relayIntervalMs?: number;
  /** Attempts per job before it is left failed (the dead letter of the embedded mode). */
  retryLimit?: number;
  /** First retry delay; doubled per attempt. */
  retryDelayMs?: number;
  /** Install the definitions' cron schedules (default true). */
  cron?: boolean;
  /**
   * The in-process queue coordinates nothing between processes, so on PostgreSQL (where N API
   * processes may run) it is refused unless the caller vouches for being the only one (tests).
   */
  singleProcess?: boolean;
}

interface Item {
  id: number;
  def: JobDefinition;
  payload: unknown;
  key: string;
  source: string;
  attempt: number;
  runId: number;
}

const TZ = 'Asia/Shanghai';

/**
 * Runs the job definitions inside this process, for the embedded SQLite mode of `zq start`:
 * croner fires the cron schedules, a relay moves committed outbox rows into a serial
 * in-process queue, and the queue keeps pg-boss's 'stately' singleton semantics (per job and
 * key, at most one queued and one running; a second enqueue while one waits coalesces into
 * it). Failed runs are retried with exponential backoff. On start, every unconsumed outbox
 * change is queued again, so a crash loses nothing.
 *
 * @example const worker = await startEmbeddedWorker(db, logger); … await worker.stop();
 */
export async function startEmbeddedWorker(
  db: Kysely<Database>,
  logger: Logger,
  options: EmbeddedOptions = {},
): Promise<EmbeddedWorker> {
  if (dialectOf(db) === 'postgres' && !options.singleProcess) {
    throw new Error(
      'startEmbeddedWorker is for the single-process SQLite mode; on PostgreSQL run the pg-boss worker (node apps/worker/src/main.ts)',
    );
  }
  const defs = options.definitions ?? jobDefinitions;
  const byName = new Map(defs.map((d) => [d.name, d]));
  const log = logger.child({ component: 'worker', mode: 'embedded' });
  const retryLimit = options.retryLimit ?? 3;
  const retryDelayMs = options.retryDelayMs ?? 2000;
  const queue: Item[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let running: Item | null = null;
  let runningDone: Promise<void> = Promise.resolve();
  let stopping = false;
  let seq = 0;
  const abort = new AbortController();
  let relaying: Promise<void> = Promise.resolve();
  const idleWaiters: (() => void)[] = [];

  // A previous process died with these runs in hand: their changes are queued again below.
  await db
    .updateTable('job_run')
    .set({ status: 'failed', error: 'abandoned: the process stopped', finished_at: nowIso() })
    .where('status', 'in', ['running', 'queued'])
    .execute();

  async function push(
    def: JobDefinition,
    rawPayload: unknown,
    source: string,
    attempt = 1,
  ): Promise<Item | null> {
    const payload = def.payload.parse(rawPayload ?? {});
    const key = singletonKeyOf(def, payload);
    // 'stately': one waiting run per (job, key) takes every change committed before it starts.
    if (queue.some((q) => q.def.name === def.name && q.key === key)) return null;
    const row = await db
      .insertInto('job_run')
      .values({
        job_name: def.name,
        singleton_key: key,
        source,
        status: 'queued',
        attempt,
        queue_job_id: `embedded-${process.pid}-${++seq}`,
        worker: null,
        payload_json: JSON.stringify(payload),
        queued_at: nowIso(),
        started_at: null,
        heartbeat_at: null,
        finished_at: null,
        duration_ms: null,
        rows: null,
        changes: null,
        error: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const item: Item = { id: seq, def, payload, key, source, attempt, runId: Number(row.id) };
    queue.push(item);
    pump();
    return item;
  }

  function pump() {
    if (running || stopping) return;
    // Serial, FIFO; an item whose key is running waits (never two runs of one key at once).
    const item = queue.shift();
    if (!item) {
      notifyIdle();
      return;
    }
    running = item;
    runningDone = (async () => {
      try {
        await runJob(db, item.def, item.payload, {
          source: item.source,
          attempt: item.attempt,
          queueJobId: `embedded-${process.pid}-${item.id}`,
          runId: item.runId,
          logger: log,
          signal: abort.signal,
        });
      } catch {
        if (item.attempt < (item.def.retryLimit ?? retryLimit) && !stopping) {
          const delay = retryDelayMs * 2 ** (item.attempt - 1);
          const timer = setTimeout(async () => {
            timers.delete(timer);
            if (stopping) return;
            // A retry is a new run row; a queued run of the same key already covers it.
            await push(item.def, item.payload, item.source, item.attempt + 1).catch((err) =>
              log.error({ err, job: item.def.name }, 'retry enqueue failed'),
            );
            notifyIdle();
          }, delay);
          timers.add(timer);
        } else {
          log.error({ job: item.def.name, key: item.key }, 'job failed for good (left failed in job_run)');
        }
      } finally {
        running = null;
        setImmediate(pump);
      }
    })();
  }

  function notifyIdle() {
    if (running || queue.length || timers.size) return;
    for (const w of idleWaiters.splice(0)) w();
  }

  async function relayOnce(all = false) {
    let q = db
      .selectFrom('job_outbox')
      .select(['id', 'job_name', 'coalesce_key', 'payload_json'])
      .where('consumed_at', 'is', null)
      .orderBy('id')
      .limit(5000);
    if (!all) q = q.where('relayed_at', 'is', null);
    const rows = await q.execute();
    if (!rows.length) return 0;
    for (const g of groupOutbox(rows)) {
      const def = byName.get(g.jobName);
      if (!def) {
        // Marked relayed all the same (they stay unconsumed, counted as pending): never a block.
        log.error({ job: g.jobName, ids: g.ids }, 'outbox rows for an unknown job');
      } else {
        try {
          await push(def, g.payload, 'outbox');
        } catch (err) {
          log.error({ err, job: g.jobName }, 'outbox payload rejected');
        }
      }
      await db.updateTable('job_outbox').set({ relayed_at: nowIso() }).where('id', 'in', g.ids).execute();
    }
    return rows.length;
  }

  const relayTick = () => {
    relaying = relaying
      .then(() => relayOnce())
      .then(() => undefined)
      .catch((err) => log.error({ err }, 'outbox relay failed'));
    return relaying;
  };

  await relayOnce(true);
  const relayTimer = setInterval(() => {
    if (!stopping) void relayTick();
  }, options.relayIntervalMs ?? 1000);

  const pruneTimer = setInterval(() => {
    if (!stopping) void pruneJobTables(db).catch((err) => log.error({ err }, 'pruning job tables failed'));
  }, 3_600_000);
  pruneTimer.unref();

  const crons: Cron[] = [];
  if (options.cron !== false) {
    for (const def of defs) {
      if (!def.cron) continue;
      crons.push(
        new Cron(def.cron, { timezone: TZ, protect: true, name: `zq:${def.name}:${process.pid}` }, () => {
          void push(def, {}, 'cron').catch((err) => log.error({ err, job: def.name }, 'cron enqueue failed'));
        }),
      );
    }
  }
  log.info({ jobs: defs.map((d) => d.name), crons: crons.length }, 'embedded worker started');

  return {
    async enqueue(name, payload) {
      const def = byName.get(name);
      if (!def) throw new Error(`unknown job ${name}`);
      const item = await push(def, payload, 'direct');
      return { queued: item !== null, runId: item?.runId ?? null };
    },
    async idle() {
      await relayTick();
      for (;;) {
        if (!running && !queue.length && !timers.size) {
          const n = await relayOnce();
          if (!running && !queue.length && !timers.size) {
            if (!n) return;
            continue; // rows moved but nothing queued (unknown jobs): look again
          }
        }
        await new Promise<void>((r) => idleWaiters.push(r));
      }
    },
    async stop(timeoutMs = 10_000) {
      stopping = true;
      clearInterval(relayTimer);
      clearInterval(pruneTimer);
      for (const c of crons) c.stop();
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await relaying.catch(() => {});
      const finished = await Promise.race([
        runningDone.then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs)),
      ]);
      if (!finished) {
        abort.abort();
        await runningDone.catch(() => {});
      }
      // Queued runs are not lost: their outbox changes stay unconsumed and return on start.
      for (const item of queue.splice(0)) {
        await db
          .updateTable('job_run')
          .set({ status: 'skipped', error: 'not run: the worker stopped', finished_at: nowIso() })
          .where('id', '=', item.runId)
          .execute();
      }
      for (const w of idleWaiters.splice(0)) w();
      log.info('embedded worker stopped');
    },
  };
}
