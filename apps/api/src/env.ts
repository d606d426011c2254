import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuthConfig } from '@zhanqian/auth';
import { type DatabaseConfig, resolveDatabaseConfig } from '@zhanqian/db';
import { z } from 'zod';

/** The repository root (where pnpm-workspace.yaml lives): `data/` is resolved against it. */
export function findRoot(start = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(resolve(dir, 'pnpm-workspace.yaml'))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}

const int = (def: number, min = 1) => z.coerce.number().int().min(min).default(def);

const schema = z.object({
  DATABASE_URL: z.string().optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ZQ_DB_POOL_SIZE: int(10),
  ZQ_LOGIN_MAX_FAILURES: int(5),
  ZQ_LOGIN_WINDOW_MINUTES: int(15),
  ZQ_LOGIN_LOCK_MINUTES: int(15),
  ZQ_LOGIN_MAX_FAILURES_PER_IP: int(30),
  ZQ_SESSION_IDLE_MINUTES: int(30),
  ZQ_SESSION_MAX_HOURS: int(12),
  ZQ_PASSWORD_MAX_DAYS: int(90, 0),
  ZQ_SESSION_CONCURRENCY: z.enum(['allow', 'refuse', 'replace']).default('allow'),
  ZQ_COOKIE_SECURE: z.enum(['0', '1']).default('0'),
  ZQ_TRUST_PROXY: z.enum(['0', '1']).default('0'),
  ZQ_MF_DIR: z.string().min(1).optional(),
});

export interface AppEnv {
  root: string;
  database: DatabaseConfig;
  host: string;
  port: number;
  logLevel: string;
  auth: AuthConfig;
  cookieSecure: boolean;
  trustProxy: boolean;
  /** The deployed remotes of the domains' screens (`zq mf deploy`). */
  mfDir: string;
}

/**
 * The one place that reads `process.env`. Refuses to start with every problem listed.
 */
export function loadEnv(source: Record<string, string | undefined> = process.env): AppEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const root = findRoot();
  return {
    root,
    database: resolveDatabaseConfig(e.DATABASE_URL, root, e.ZQ_DB_POOL_SIZE),
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    auth: {
      maxFailures: e.ZQ_LOGIN_MAX_FAILURES,
      failureWindowMinutes: e.ZQ_LOGIN_WINDOW_MINUTES,
      lockMinutes: e.ZQ_LOGIN_LOCK_MINUTES,
      maxFailuresPerIp: e.ZQ_LOGIN_MAX_FAILURES_PER_IP,
      idleMinutes: e.ZQ_SESSION_IDLE_MINUTES,
      absoluteHours: e.ZQ_SESSION_MAX_HOURS,
      passwordMaxAgeDays: e.ZQ_PASSWORD_MAX_DAYS,
      concurrentSessions: e.ZQ_SESSION_CONCURRENCY,
    },
    cookieSecure: e.ZQ_COOKIE_SECURE === '1',
    trustProxy: e.ZQ_TRUST_PROXY === '1',
    mfDir: resolve(root, e.ZQ_MF_DIR ?? 'data/mf'),
  };
}
