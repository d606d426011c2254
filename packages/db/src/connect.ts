import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { existingChangeFeed, PgChangeFeed, registerChangeFeed, SqliteChangeFeed } from './changes.ts';
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
    // The change feed's triggers (migration 2026120503) call zq_notify on the writing connection.
    const feed = new SqliteChangeFeed(() => sqlite.pragma('data_version', { simple: true }) as number);
    sqlite.function('zq_notify', { deterministic: false }, (topic: unknown) => {
      feed.emit(String(topic));
      return null;
    });
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    registerChangeFeed(db, () => feed);
    return db;
  }
  const pool = new pg.Pool({ connectionString: config.url, max: config.poolSize });
  // An idle client can be cut off by the server (restart, failover, a dropped test database).
  // pg reports that on the pool; without a listener it would crash the process. The pool
  // discards the client and the next query opens a fresh connection.
  pool.on('error', (err) => {
    if ((err as { code?: string }).code !== '57P01')
      process.emitWarning(`postgres idle client error: ${err.message}`);
  });
  // Only PREPARED statements are named (prepared) on this pool, all others are planned for
  // their values as usual: those few take their generic plan from the first execution on
  // (by default PostgreSQL plans the first five for their values, at the cost we avoid).
  pool.on('connect', (client) => {
    client.query('set plan_cache_mode = force_generic_plan').catch(() => {});
  });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({
      // The pool itself, but each client it hands out understands PREPARED statements.
      pool: {
        connect: async () => withPreparedStatements(await pool.connect()),
        // The change feed's listening connection (if one was opened) goes with the pool.
        end: async () => {
          await existingChangeFeed(db)?.close();
          await pool.end();
        },
        options: pool.options,
        Client: (pool as unknown as { Client: never }).Client,
      },
    }),
  });
  pools.set(db, pool);
  registerChangeFeed(db, () => new PgChangeFeed(pool));
  return db;
}

/**
 * Marks a statement to be prepared on the server once per connection and then only bound and
 * executed: for short statements that run very often with new parameters, whose planning would
 * cost more than their execution (PostgreSQL keeps a generic plan after five executions). The
 * statement's text must be the same each time (values as parameters). Put it first in the SQL.
 *
 * @example sql`${sql.raw(PREPARED)} select … where id = ${id}`
 */
export const PREPARED = '/* zq:prepared */';

const patched = Symbol('zq.prepared');

/**
 * The client Kysely is handed: statements that begin with PREPARED go as named statements (pg
 * prepares each name once per connection), and `query(text, values)` is answered through pg's
 * callback form, wrapped in a plain promise, instead of the promise pg makes itself.
 *
 * Why the callback: through pg's own promise, the data of a statement in flight — its values,
 * its rows, and what the awaiting code holds meanwhile, e.g. an import's chunk of 500 rows — was
 * at times kept past young-generation collections and moved to the old generation, until
 * full collections freed it. Measured on a 1.2 M-row households import (PostgreSQL, Node 24,
 * --trace-gc): 1.6–3 MB moved per young collection, the old generation grown to ~115 MB between
 * full collections, peak resident set 320–340 MB; through the callback 0.06 MB per collection and
 * 245–260 MB. A 30-line script (a 500-key array or a 25 KB text per statement, 4,000 times)
 * showed the same: 1.6 MB and 220 MB peak through pg's promise, 0.01 MB and 114 MB through the
 * callback; raw sockets and plain promises with the same sizes did not. Errors are unchanged:
 * pg's error objects, to which Kysely adds the caller's stack.
 */
function withPreparedStatements(client: pg.PoolClient): pg.PoolClient {
  const c = client as pg.PoolClient & { [patched]?: true };
  if (c[patched]) return c;
  const query = c.query.bind(c) as (...args: unknown[]) => unknown;
  (c as { query: unknown }).query = (text: unknown, ...rest: unknown[]) => {
    // A query object (a cursor), a config or a callback of the caller's: pg as it is.
    if (typeof text !== 'string' || rest.length > 1 || typeof rest[0] === 'function')
      return query(text, ...rest);
    const config = text.startsWith(PREPARED)
      ? { name: `zq_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`, text, values: rest[0] }
      : { text, values: rest[0] };
    return new Promise((resolve, reject) => {
      query(config, (err: Error | null, res: unknown) => (err ? reject(err) : resolve(res)));
    });
  };
  c[patched] = true;
  return c;
}

const pools = new WeakMap<object, pg.Pool>();

/**
 * better-sqlite3 compiles SQL on every prepare(), and Kysely prepares on every query: a short
 * statement spends most of its time being compiled (0.1–0.3 ms for a recomputation upsert,
 * against microseconds to run). The same text with new parameters reuses its compiled
 * statement, from a bounded least-recently-used cache. Reuse is safe because Kysely runs one
 * query at a time on the connection; SQLite recompiles a cached statement after a schema change.
 */
function withStatementCache(sqlite: SQLite.Database, size = 256) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string): SQLite.Statement {
      let stmt = cache.get(text);
      if (stmt) cache.delete(text);
      else {
        stmt = sqlite.prepare(text);
        if (cache.size >= size) cache.delete(cache.keys().next().value as string);
      }
      cache.set(text, stmt);
      return stmt;
    },
  };
}

/**
 * The pg pool behind a PostgreSQL Kysely instance made by `createDb`, for the few jobs
 * Kysely cannot express (COPY for bulk loads). Undefined for SQLite or foreign instances.
 */
export const pgPoolOf = (db: Kysely<any>): pg.Pool | undefined => pools.get(db);

/** Which engine a Kysely instance talks to, for the few places SQL must differ. */
export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
