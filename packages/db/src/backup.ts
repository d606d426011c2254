import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { DialectName } from './connect.ts';
import type { Database } from './schema.ts';

/**
 * A consistent copy of a live SQLite database into `out`, with SQLite's online backup API
 * (better-sqlite3 `backup()`): readers and the writer carry on meanwhile, and the copy is the
 * database as of one instant. `out` must not exist.
 */
export async function backupSqliteFile(path: string, out: string): Promise<void> {
  const source = new SQLite(path, { readonly: true, fileMustExist: true });
  try {
    await source.backup(out);
  } finally {
    source.close();
  }
  // One self-contained file (the copy inherits the source's WAL mode otherwise).
  const copy = new SQLite(out);
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

/**
 * Replaces the database at `target` (created when missing) with the copy at `from`, through
 * the same backup API, page by page under the target's lock; the target's old content is gone.
 */
export async function restoreSqliteFile(from: string, target: string): Promise<void> {
  const source = new SQLite(from, { readonly: true, fileMustExist: true });
  try {
    await source.backup(target);
  } finally {
    source.close();
  }
}

/** A read-only Kysely instance over an SQLite file (a backup being described or checked). */
export function openSqliteReadonly(path: string): Kysely<Database> {
  const sqlite = new SQLite(path, { readonly: true, fileMustExist: true });
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/** Migration bookkeeping, not data: a database holding only these counts as empty. */
const BOOKKEEPING = new Set(['kysely_migration', 'kysely_migration_lock']);

/** The application's tables (SQLite: all but its own; PostgreSQL: the public schema), sorted. */
export async function listTables(db: Kysely<any>, dialect: DialectName): Promise<string[]> {
  const rows =
    dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master
          where type = 'table' and name not like 'sqlite_%' order by name`.execute(db)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  return rows.rows.map((r) => r.name);
}

/** The number of rows of every table, by name. */
export async function countRows(db: Kysely<any>, dialect: DialectName): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const name of await listTables(db, dialect)) {
    const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(name)}`.execute(db);
    out[name] = Number(r.rows[0]?.n ?? 0);
  }
  return out;
}

/** Whether any table other than the migration bookkeeping holds a row. */
export async function holdsData(db: Kysely<any>, dialect: DialectName): Promise<boolean> {
  for (const name of await listTables(db, dialect)) {
    if (BOOKKEEPING.has(name)) continue;
    const r = await sql`select 1 as one from ${sql.table(name)} limit 1`.execute(db);
    if (r.rows.length > 0) return true;
  }
  return false;
}
