import { createHash, randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe } from 'vitest';
import { createDb, type DialectName } from './connect.ts';
import { migrateToLatest, migrations } from './migrate.ts';
import type { Database } from './schema.ts';

/**
 * Test databases on both dialects. `ZQ_TEST_DIALECTS=sqlite` (or `postgres`) narrows the
 * set; `ZQ_TEST_PG_URL` points at a server where we may CREATE DATABASE (default: the
 * machine's PostgreSQL at 127.0.0.1:5432, trust auth).
 */
export const DIALECTS: DialectName[] = (process.env.ZQ_TEST_DIALECTS ?? 'sqlite,postgres')
  .split(',')
  .map((d) => d.trim())
  .filter((d): d is DialectName => d === 'sqlite' || d === 'postgres');

const PG_ADMIN_URL = process.env.ZQ_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDb {
  db: Kysely<Database>;
  dialect: DialectName;
  /** The connection string of this database (a PostgreSQL URL, or ':memory:'/a path). */
  url: string;
  destroy(): Promise<void>;
}

const migrationsHash = createHash('sha256')
  .update(
    Object.entries(migrations)
      .map(([name, m]) => name + String(m.up))
      .join('\n'),
  )
  .digest('hex')
  .slice(0, 12);
const templateName = `zq_tpl_${migrationsHash}`;
let templateReady: Promise<void> | undefined;

function urlFor(database: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Migrates a template database once per schema version; test databases are cloned from it. */
function ensureTemplate(): Promise<void> {
  templateReady ??= withAdmin(async (client) => {
    // Many test workers start at once: one builds the template, the others wait on the lock.
    await client.query('select pg_advisory_lock(727001)');
    try {
      const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [templateName]);
      if (rowCount) return;
      const building = `${templateName}_build`;
      await client.query(`drop database if exists ${building} with (force)`);
      await client.query(`create database ${building}`);
      const db = createDb({ dialect: 'postgres', url: urlFor(building), poolSize: 2 });
      try {
        await migrateToLatest(db);
      } finally {
        await db.destroy();
      }
      await client.query(`alter database ${building} rename to ${templateName}`);
    } finally {
      await client.query('select pg_advisory_unlock(727001)');
    }
  });
  return templateReady;
}

/** A fresh, migrated, empty database of the given dialect. */
export async function createTestDb(
  dialect: DialectName,
  options: { poolSize?: number } = {},
): Promise<TestDb> {
  if (dialect === 'sqlite') {
    const db = createDb({ dialect: 'sqlite', path: ':memory:' });
    await migrateToLatest(db);
    return { db, dialect, url: ':memory:', destroy: () => db.destroy() };
  }
  await ensureTemplate();
  const name = `zq_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin((c) => c.query(`create database ${name} template ${templateName}`));
  const url = urlFor(name);
  const db = createDb({ dialect: 'postgres', url, poolSize: options.poolSize ?? 5 });
  return {
    db,
    dialect,
    url,
    async destroy() {
      await db.destroy();
      await withAdmin((c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/**
 * Runs a suite once per dialect, with a fresh database for every test:
 *
 * @example
 * describeEachDialect('org tree', (t) => { it('…', async () => { await t.db.selectFrom('org_unit')… }) })
 */
export function describeEachDialect(name: string, body: (t: TestDb) => void): void {
  for (const dialect of DIALECTS) {
    describe(`${name} [${dialect}]`, () => {
      const current = {} as TestDb;
      beforeEach(async () => {
        Object.assign(current, await createTestDb(dialect));
      });
      afterEach(async () => {
        await current.destroy?.();
      });
      body(current);
    });
  }
}

/** Counts rows of every table: used to prove that a refused request changed nothing. */
export async function tableCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const tables = ['org_unit', 'org_closure', 'member', 'zone', 'household', 'app_user', 'audit_log'] as const;
  const out: Record<string, number> = {};
  for (const table of tables) {
    const row = await db.selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
}
