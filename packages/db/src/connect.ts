import { existsSync, mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

export type DatabaseConfig =
  | { dialect: 'sqlite'; path: string }
  | { dialect: 'postgres'; url: string; poolSize: number };

// int8 (bigserial ids, sums of fen) comes back as a string by default; our values stay far
// below 2^53, so numbers are safe and keep arithmetic exact.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
// numeric (e.g. sum() over integers on PostgreSQL) likewise.
pg.types.setTypeParser(1700, (v) => Number(v));

/**
 * Reads the `DATABASE_URL` contract: unset → SQLite at `data/zhanqian.sqlite` under `rootDir`;
 * a path or `file:PATH` → SQLite there (`:memory:` allowed); `postgres://…` → PostgreSQL.
 *
 * @example resolveDatabaseConfig(undefined, '/srv/zq') // { dialect: 'sqlite', path: '/srv/zq/data/zhanqian.sqlite' }
 */
export function resolveDatabaseConfig(
  url: string | undefined,
  rootDir: string,
  poolSize = 10,
): DatabaseConfig {
  const value = url?.trim();
  if (!value) return { dialect: 'sqlite', path: resolve(rootDir, 'data/zhanqian.sqlite') };
  if (/^postgres(ql)?:\/\//i.test(value)) return { dialect: 'postgres', url: value, poolSize };
  const path = value.startsWith('file:') ? value.slice(5) : value;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
    throw new Error(
      `DATABASE_URL: unsupported scheme in "${value}" (use a file path, file:PATH or postgres://…)`,
    );
  }
  if (path === ':memory:') return { dialect: 'sqlite', path };
  return { dialect: 'sqlite', path: isAbsolute(path) ? path : resolve(rootDir, path) };
}

/** Opens a Kysely instance for a config; the caller owns `destroy()`. */
export function createDb(config: DatabaseConfig): Kysely<Database> {
  if (config.dialect === 'sqlite') {
    if (config.path !== ':memory:') {
      const dir = dirname(config.path);
      if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
    }
    const sqlite = new SQLite(config.path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  }
  const pool = new pg.Pool({ connectionString: config.url, max: config.poolSize });
  // An idle client can be cut off by the server (restart, failover, a dropped test database).
  // pg reports that on the pool; without a listener it would crash the process. The pool
  // discards the client and the next query opens a fresh connection.
  pool.on('error', (err) => {
    if ((err as { code?: string }).code !== '57P01')
      process.emitWarning(`postgres idle client error: ${err.message}`);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  return db;
}

const pools = new WeakMap<object, pg.Pool>();

/**
 * The pg pool behind a PostgreSQL Kysely instance made by `createDb`, for the few jobs
 * Kysely cannot express (COPY for bulk loads). Undefined for SQLite or foreign instances.
 */
export const pgPoolOf = (db: Kysely<any>): pg.Pool | undefined => pools.get(db);

/** Which engine a Kysely instance talks to, for the few places SQL must differ. */
export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
