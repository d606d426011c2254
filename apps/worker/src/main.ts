// The worker process on PostgreSQL: `DATABASE_URL=postgres://… node apps/worker/src/main.ts`.
// The jobs, the outbox and the pg-boss runner are @zhanqian/jobs; this file only runs them.

import { startPgWorker } from '@zhanqian/jobs';
import pino from 'pino';
import { z } from 'zod';

const Env = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//i, 'the worker runs on PostgreSQL: DATABASE_URL=postgres://…'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ZQ_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  ZQ_DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(5),
  /** How often dead workers' jobs are detected, seconds (default 10). */
  ZQ_WORKER_SUPERVISE_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
  ZQ_WORKER_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(2),
  ZQ_WORKER_RETRY_DELAY_SECONDS: z.coerce.number().int().min(0).max(3600).default(5),
  ZQ_WORKER_STOP_TIMEOUT_MS: z.coerce.number().int().min(0).default(20_000),
});

const parsed = Env.safeParse(process.env);
if (!parsed.success) {
  for (const i of parsed.error.issues) process.stderr.write(`${i.path.join('.')}: ${i.message}\n`);
  process.exit(2);
}
const env = parsed.data;
const logger = pino({
  level: env.LOG_LEVEL,
  base: { app: 'zhanqian', pid: process.pid },
});

const worker = await startPgWorker(env.DATABASE_URL, logger, {
  concurrency: env.ZQ_WORKER_CONCURRENCY,
  poolSize: env.ZQ_DB_POOL_SIZE,
  superviseIntervalSeconds: env.ZQ_WORKER_SUPERVISE_SECONDS,
  pollingIntervalSeconds: env.ZQ_WORKER_POLL_SECONDS,
  retryDelaySeconds: env.ZQ_WORKER_RETRY_DELAY_SECONDS,
});
// Tests and the cluster script wait for this line.
logger.info({ event: 'worker.ready' }, 'worker ready');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'stopping: finishing running jobs');
  try {
    await worker.stop(env.ZQ_WORKER_STOP_TIMEOUT_MS);
    process.exit(0);
  } catch (err) {
    logger.error({ err }, 'unclean stop');
    process.exit(1);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
