import { nowIso } from '@zhanqian/core';
import { createDb, type Database, type Kysely, sql } from '@zhanqian/db';
import { fromKysely, PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import { type JobDefinition, singletonKeyOf } from './definition.ts';
import { jobDefinitions } from './jobs/index.ts';
import { groupOutbox, pruneJobTables } from './outbox.ts';
import { runJob, WORKER_ID } from './runner.ts';

export interface PgWorkerOptions {
  /** Jobs this process runs at once, per queue (default 2). */
  concurrency?: number;
  definitions?: readonly JobDefinition[];
  poolSize?: number;
  relayIntervalMs?: number;
  /** Unconsumed outbox rows relayed longer ago than this are sent again (a dead-lettered job's changes). */
  sweepAfterSeconds?: number;
  pollingIntervalSeconds?: number;
  /** How often pg-boss looks for jobs whose worker stopped heartbeating (default 10 s). */
  superviseIntervalSeconds?: number;
  /** Cron check intervals (pg-boss defaults 30/60 s; tests use 1). */
  cronIntervalSeconds?: number;
  /** Install the cron schedules (default true); N workers may all do it: it is an upsert. */
  schedule?: boolean;
  retryDelaySeconds?: number;
}

export interface PgWorker {
  boss: PgBoss;
  db: Kysely<Database>;
  /** Sends a job to the queue directly (with its singleton key); null when coalesced. */
  enqueue(name: string, payload?: unknown): Promise<string | null>;
  /** Moves committed outbox rows to the queue now; returns how many rows moved. */
  relay(): Promise<number>;
  /** Graceful stop: no new jobs, running ones finish (or are abandoned to a retry after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<void>;
}

const TZ = 'Asia/Shanghai';
export const deadLetterQueue = (name: string) => `${name}.dead`;

interface Message {
  payload: unknown;
  source: 'outbox' | 'cron' | 'cron-tick' | 'direct';
}

/**
 * Runs the job definitions on PostgreSQL with pg-boss, safely in any number of processes:
 * each job is a 'stately' queue (per singleton key at most one job active and one queued,
 * so bursts coalesce and one scope never recomputes twice at once), retried with exponential
 * backoff, then moved to `<name>.dead`; a worker that dies mid-job stops heartbeating and
 * its job is retried elsewhere. A relay moves committed outbox rows into the queues in the
 * same transaction that marks them relayed (pg-boss writes through our transaction).
 *
 * @example const w = await startPgWorker(process.env.DATABASE_URL!, logger, { concurrency: 2 });
 */
export async function startPgWorker(
  databaseUrl: string,
  logger: Logger,
  options: PgWorkerOptions = {},
): Promise<PgWorker> {
  const defs = options.definitions ?? jobDefinitions;
  const byName = new Map(defs.map((d) => [d.name, d]));
  const log = logger.child({ component: 'worker', mode: 'pg-boss', worker: WORKER_ID });
  const db = createDb({ dialect: 'postgres', url: databaseUrl, poolSize: options.poolSize ?? 5 });
  const cronSeconds = options.cronIntervalSeconds;
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema: 'pgboss',
    application_name: 'zq-worker',
    max: 4,
    superviseIntervalSeconds: options.superviseIntervalSeconds ?? 10,
    monitorIntervalSeconds: options.superviseIntervalSeconds ?? 10,
    ...(cronSeconds
      ? { cronMonitorIntervalSeconds: cronSeconds, cronWorkerIntervalSeconds: cronSeconds }
      : {}),
    instanceName: `zq-worker-${WORKER_ID}`,
  });
  boss.on('error', (err) => log.error({ err }, 'pg-boss error'));
  await boss.start();

  for (const def of defs) {
    await boss.createQueue(deadLetterQueue(def.name), { retentionSeconds: 30 * 86400 });
    await boss.createQueue(def.name, {
      policy: 'stately',
      retryLimit: def.retryLimit ?? 3,
      retryDelay: options.retryDelaySeconds ?? 5,
      retryBackoff: true,
      retryDelayMax: 600,
      heartbeatSeconds: Math.max(10, def.heartbeatSeconds ?? 30),
      expireInSeconds: def.timeoutSeconds ?? 4 * 3600,
      deadLetter: deadLetterQueue(def.name),
    });
    if (def.cron && options.schedule !== false) {
      // The tick carries no key: the run's payload (e.g. the current year) and singleton key
      // are decided when it fires.
      await boss.schedule(def.name, def.cron, { payload: {}, source: 'cron-tick' } satisfies Message, {
        tz: TZ,
        singletonKey: 'cron-tick',
      });
    }
  }

  const abort = new AbortController();
  let stopping = false;
  const send = (
    def: JobDefinition,
    payload: unknown,
    source: Message['source'],
    key: string,
    trx?: Kysely<Database>,
  ) =>
    boss.send(def.name, { payload, source } satisfies Message, {
      singletonKey: key,
      ...(trx ? { db: fromKysely(trx) } : {}),
    });

  for (const def of defs) {
    await boss.work<Message>(
      def.name,
      {
        localConcurrency: options.concurrency ?? 2,
        pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
      },
      async ([job]) => {
        if (!job) return;
        const msg = job.data ?? { payload: {}, source: 'direct' };
        if (msg.source === 'cron-tick') {
          const payload = def.payload.parse(msg.payload ?? {});
          await send(def, payload, 'cron', singletonKeyOf(def, payload));
          return;
        }
        await runJob(db, def, msg.payload, {
          source: msg.source,
          attempt: job.retryCount + 1,
          queueJobId: job.id,
          logger: log,
          signal: abort.signal,
        });
      },
    );
  }

  /** One relay pass: lock a batch of committed unrelayed rows, send one job per scope, mark them. */
  async function relay(): Promise<number> {
    let moved = 0;
    for (;;) {
      const n = await db.transaction().execute(async (trx) => {
        const rows = await trx
          .selectFrom('job_outbox')
          .select(['id', 'job_name', 'coalesce_key', 'payload_json'])
          .where('relayed_at', 'is', null)
          .orderBy('id')
          .limit(500)
          .forUpdate()
          .skipLocked()
          .execute();
        for (const g of groupOutbox(rows)) {
          const def = byName.get(g.jobName);
          if (!def) continue;
          const parsed = def.payload.safeParse(g.payload);
          if (!parsed.success) {
            log.error({ job: g.jobName, ids: g.ids }, 'outbox payload rejected');
            continue;
          }
          // Null when a job of this key is already queued: that one reads these rows when it starts.
          await send(def, parsed.data, 'outbox', g.coalesceKey, trx);
          await trx
            .updateTable('job_outbox')
            .set({ relayed_at: nowIso() })
            .where('id', 'in', g.ids)
            .execute();
        }
        return rows.length;
      });
      moved += n;
      if (n < 500) return moved;
    }
  }

  /** Changes relayed long ago but still unconsumed (their job died for good): send again. */
  async function sweep(): Promise<void> {
    const before = new Date(Date.now() - (options.sweepAfterSeconds ?? 600) * 1000).toISOString();
    await db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('job_outbox')
        .select(['id', 'job_name', 'coalesce_key', 'payload_json'])
        .where('consumed_at', 'is', null)
        .where('relayed_at', '<', before)
        .orderBy('id')
        .limit(2000)
        .forUpdate()
        .skipLocked()
        .execute();
      for (const g of groupOutbox(rows)) {
        const def = byName.get(g.jobName);
        const parsed = def?.payload.safeParse(g.payload);
        if (!def || !parsed?.success) continue;
        await send(def, parsed.data, 'outbox', g.coalesceKey, trx);
        await trx.updateTable('job_outbox').set({ relayed_at: nowIso() }).where('id', 'in', g.ids).execute();
        log.warn(
          { job: def.name, key: g.coalesceKey, changes: g.ids.length },
          'resent unconsumed outbox changes',
        );
      }
    });
  }

  let relaying: Promise<unknown> = Promise.resolve();
  const tick = <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    const next = relaying.then(fn).catch((err) => {
      if (!stopping) log.error({ err }, 'outbox relay failed');
      return undefined;
    });
    relaying = next;
    return next;
  };
  await tick(relay);
  const relayTimer = setInterval(() => {
    if (!stopping) void tick(relay);
  }, options.relayIntervalMs ?? 1000);
  const sweepTimer = setInterval(
    () => {
      if (!stopping) void tick(sweep);
    },
    Math.max(5, Math.min(60, options.sweepAfterSeconds ?? 60)) * 1000,
  );
  const pruneTimer = setInterval(() => {
    if (!stopping) void tick(() => pruneJobTables(db));
  }, 3_600_000);
  pruneTimer.unref();
  log.info({ jobs: defs.map((d) => d.name), concurrency: options.concurrency ?? 2 }, 'pg worker started');

  return {
    boss,
    db,
    async enqueue(name, payload) {
      const def = byName.get(name);
      if (!def) throw new Error(`unknown job ${name}`);
      const parsed = def.payload.parse(payload ?? {});
      return send(def, parsed, 'direct', singletonKeyOf(def, parsed));
    },
    relay: () => tick(relay).then((n) => n ?? 0),
    async stop(timeoutMs = 20_000) {
      if (stopping) return;
      stopping = true;
      clearInterval(relayTimer);
      clearInterval(sweepTimer);
      clearInterval(pruneTimer);
      await relaying;
      const timer = setTimeout(() => abort.abort(), Math.max(0, timeoutMs - 2000));
      await boss.stop({ graceful: true, timeout: timeoutMs });
      clearTimeout(timer);
      await db.destroy();
      log.info('pg worker stopped');
    },
  };
}

/** Jobs waiting in pg-boss per name (created or retry), for `jobs.*`; empty before pg-boss ever ran. */
export async function pgQueuedCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const installed = await sql<{ t: string | null }>`select to_regclass('pgboss.job')::text as t`.execute(db);
  if (!installed.rows[0]?.t) return {};
  const res = await sql<{ name: string; n: number }>`
    select name, count(*)::int as n from pgboss.job where state in ('created', 'retry') group by name`.execute(
    db,
  );
  return Object.fromEntries(res.rows.map((r) => [r.name, Number(r.n)]));
}
