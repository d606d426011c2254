import { randomBytes } from 'node:crypto';
import { type Database, dialectOf, type ImportKind, type Kysely, sql } from '@zhanqian/db';
import { type FileFormat, readRows, type SheetRow } from './read.ts';
import { columnLetter, headerKey } from './values.ts';

type Db = Kysely<Database>;

/** One error of an import file: where (sheet, row, column) and why (a message key and its values). */
export interface RowError {
  sheet: string;
  row: number;
  /** 'C' (and the header, e.g. 'C 公民身份号码'); null for a whole-row problem. */
  column: string | null;
  /** A key of the catalogue in messages.ts, without the 'imports.err.' prefix. */
  code: string;
  params?: Record<string, string | number>;
}

export interface Counts {
  total: number;
  new: number;
  changed: number;
  unchanged: number;
  rejected: number;
}

export interface ColumnSpec {
  key: string;
  /** The header as the template writes it; aliases are other names offices use. */
  header: string;
  aliases?: string[];
  required?: boolean;
  /** Column width in the template. */
  width?: number;
}

/** A data row with its cells found by the header: what a kind's rules read. */
export interface MappedRow {
  sheet: string;
  row: number;
  get(key: string): unknown;
}

export type Outcome = 'new' | 'changed' | 'unchanged';

export interface KindContext {
  db: Db;
  /** The unit the import is for: nothing outside its subtree is read as a target or touched. */
  scopeRootId: number;
  /** false: a dry run (nothing is written); true: write the new and changed rows. */
  apply: boolean;
  actorId: number | null;
  today: string;
  /** Records an error of a row (column by key, or null). */
  error(row: MappedRow, column: string | null, code: string, params?: Record<string, string | number>): void;
  /** Records what a row (without errors) does; at most once per row. */
  outcome(row: MappedRow, outcome: Outcome): void;
  /** True when the row already has an error. */
  rejected(row: MappedRow): boolean;
  /**
   * For each key, whether this is its first appearance in the file (true) or a repeat of one
   * met earlier, in this call or a previous one (false). The keys met are kept by the database
   * (a temporary table with a unique index, on the run's own connection), not in memory: a
   * street's 1.2 million addresses would otherwise stay in the process until the end.
   */
  firstInFile(keys: string[]): Promise<boolean[]>;
}

export interface KindSession {
  chunk(rows: MappedRow[]): Promise<void>;
  /** After the last chunk: rules across rows (a kind may keep every row until then). */
  finish(): Promise<void>;
}

/** The rules of one kind of import: its columns and a session per run. */
export interface KindSpec {
  kind: ImportKind;
  sheetName: string;
  columns: ColumnSpec[];
  /** Tables a commit fills in bulk: analyzed after it on PostgreSQL, so the next plans see the rows. */
  analyze?: string[];
  open(ctx: KindContext): Promise<KindSession>;
}

export interface RunResult {
  counts: Counts;
  /** The first `maxErrors` errors, by row then column. */
  errors: RowError[];
  errorCount: number;
}

export interface RunOptions {
  db: Db;
  path: string;
  format: FileFormat;
  fileName: string;
  scopeRootId: number;
  apply: boolean;
  actorId: number | null;
  today: string;
  /** Rows per chunk handed to the kind (one lookup query per chunk); default 250 on SQLite, 500 on PostgreSQL. */
  chunkSize?: number;
  maxErrors?: number;
  onProgress?: (rowsDone: number) => Promise<void> | void;
}

const isEmptyRow = (cells: unknown[]) =>
  cells.every((c) => c === null || c === undefined || (typeof c === 'string' && c.trim() === ''));

/**
 * The keys a run has met, in a temporary table of its connection (created at the first call,
 * dropped at the end; a name of its own, so runs sharing SQLite's one connection keep apart).
 * A key repeated within one call is first at its first place. Each call inserts its keys with
 * its own number (ON CONFLICT DO NOTHING) and nothing comes back: when the database added them
 * all (the usual case) none was met before; otherwise those on record under an earlier number
 * are read back.
 */
function fileKeys(db: Db) {
  const table = `zq_import_keys_${randomBytes(8).toString('hex')}`;
  const pg = dialectOf(db) === 'postgres';
  let calls = 0;
  return {
    async first(keys: string[]): Promise<boolean[]> {
      if (!keys.length) return [];
      if (calls === 0)
        // SQLite: without rowid, the key is the table's one B-tree (no rowid table beside its index).
        await sql`create temporary table ${sql.id(table)} (k text not null primary key, call integer not null)${sql.raw(
          pg ? '' : ' without rowid',
        )}`.execute(db);
      calls += 1;
      const once = new Set<string>();
      const firstHere = keys.map((k) => {
        if (once.has(k)) return false;
        once.add(k);
        return true;
      });
      const unique = [...once];
      // SQLite: one JSON text (json_each), not a parameter per key; `where true` is its grammar's
      // separator between a SELECT and ON CONFLICT.
      const keysSql = () =>
        pg
          ? sql`select unnest(${unique}::text[]) as k`
          : sql`select value as k from json_each(${JSON.stringify(unique)})`;
      const res = await sql`insert into ${sql.id(table)} (k, call)
        select k, ${calls} from (${keysSql()}) as u where true
        on conflict do nothing`.execute(db);
      if (Number(res.numAffectedRows ?? 0) === unique.length) return firstHere;
      const met = await sql<{ k: string }>`select k from ${sql.id(table)}
        where k in (${keysSql()}) and call <> ${calls}`.execute(db);
      const before = new Set(met.rows.map((r) => r.k));
      return keys.map((k, i) => firstHere[i]! && !before.has(k));
    },
    async drop(): Promise<void> {
      // In a transaction already failed on PostgreSQL this cannot run; the rollback drops it then.
      if (calls > 0) await sql`drop table if exists ${sql.id(table)}`.execute(db).catch(() => {});
    },
  };
}

/**
 * Reads an import file row by row and hands it to the kind in chunks: the header row first
 * (every required column must be there, found by its header wherever it stands), then the
 * data rows (empty ones skipped). Memory holds one chunk and the errors kept; keys met across
 * chunks are kept by the database (`firstInFile`), so the run holds one connection throughout:
 * the caller's transaction, SQLite's one connection, or one taken from the PostgreSQL pool.
 */
export async function runImport(spec: KindSpec, opts: RunOptions): Promise<RunResult> {
  if (opts.db.isTransaction || dialectOf(opts.db) === 'sqlite') return runOn(spec, opts);
  return opts.db.connection().execute((db) => runOn(spec, { ...opts, db }));
}

async function runOn(spec: KindSpec, opts: RunOptions): Promise<RunResult> {
  const maxErrors = opts.maxErrors ?? 10_000;
  // SQLite runs a statement in this process, without a round trip: chunks of 250 cost it little
  // time and halve what is alive at any moment (a chunk's rows, a statement's JSON text). V8
  // doubles its young generation each time the bytes surviving its collections add up to its
  // size; at 1.2 M households the commit's then stayed at 2 × 32 MB instead of growing to
  // 2 × 64 (peak RSS 225–226 MB against 272–277 with 500). PostgreSQL pays a round trip per
  // statement: 500.
  const chunkSize = opts.chunkSize ?? (dialectOf(opts.db) === 'sqlite' ? 250 : 500);
  const errors: RowError[] = [];
  let errorCount = 0;
  const rejectedRows = new Set<number>();
  const counts: Counts = { total: 0, new: 0, changed: 0, unchanged: 0, rejected: 0 };
  let columnIndex = new Map<string, number>();
  const colLabel = (key: string) => {
    const i = columnIndex.get(key);
    const c = spec.columns.find((x) => x.key === key);
    return i === undefined ? (c?.header ?? key) : `${columnLetter(i)} ${c?.header ?? key}`;
  };
  const push = (e: RowError) => {
    errorCount += 1;
    if (errors.length < maxErrors) errors.push(e);
  };
  const keys = fileKeys(opts.db);
  const ctx: KindContext = {
    db: opts.db,
    scopeRootId: opts.scopeRootId,
    apply: opts.apply,
    actorId: opts.actorId,
    today: opts.today,
    error(row, column, code, params) {
      rejectedRows.add(row.row);
      push({
        sheet: row.sheet,
        row: row.row,
        column: column === null ? null : colLabel(column),
        code,
        params,
      });
    },
    outcome(_row, outcome) {
      counts[outcome] += 1;
    },
    rejected: (row) => rejectedRows.has(row.row),
    firstInFile: (k) => keys.first(k),
  };
  try {
    return await readAll();
  } finally {
    await keys.drop();
  }

  async function readAll(): Promise<RunResult> {
    const session = await spec.open(ctx);
    let header: SheetRow | null = null;
    let batch: MappedRow[] = [];
    let done = 0;
    const flush = async () => {
      if (!batch.length) return;
      const rows = batch;
      batch = [];
      await session.chunk(rows);
      done += rows.length;
      // Emptied for the same reason as the kind's own lists (see households.ts).
      rows.length = 0;
      await opts.onProgress?.(done);
    };
    for await (const r of readRows(opts.path, opts.format, opts.fileName)) {
      if (!header) {
        if (isEmptyRow(r.cells)) continue;
        header = r;
        columnIndex = mapHeader(spec.columns, r.cells);
        const missing = spec.columns.filter((c) => c.required && !columnIndex.has(c.key));
        for (const c of missing)
          push({
            sheet: r.sheet,
            row: r.row,
            column: c.header,
            code: 'missingColumn',
            params: { header: c.header },
          });
        if (missing.length) break;
        continue;
      }
      if (isEmptyRow(r.cells)) continue;
      counts.total += 1;
      batch.push(new Row(r.sheet, r.row, r.cells, columnIndex));
      if (batch.length >= chunkSize) await flush();
    }
    if (!header) push({ sheet: opts.fileName, row: 1, column: null, code: 'emptyFile' });
    else if (errorCount === 0 || counts.total > 0) {
      await flush();
      await session.finish();
    }
    if (header && counts.total === 0 && errorCount === 0)
      push({ sheet: header.sheet, row: header.row + 1, column: null, code: 'noRows' });
    counts.rejected = rejectedRows.size;
    errors.sort((a, b) => a.row - b.row || (a.column ?? '').localeCompare(b.column ?? ''));
    return { counts, errors, errorCount };
  }
}

/** A data row with its cells found by the header (a class: no closure per row). */
class Row implements MappedRow {
  readonly sheet: string;
  readonly row: number;
  readonly #cells: unknown[];
  readonly #columns: Map<string, number>;
  constructor(sheet: string, row: number, cells: unknown[], columns: Map<string, number>) {
    this.sheet = sheet;
    this.row = row;
    this.#cells = cells;
    this.#columns = columns;
  }
  get(key: string): unknown {
    const i = this.#columns.get(key);
    return i === undefined ? null : this.#cells[i];
  }
}

/** Where each known column stands, by its header (or an alias); unknown columns are ignored. */
export function mapHeader(columns: ColumnSpec[], cells: unknown[]): Map<string, number> {
  const byHeader = new Map<string, string>();
  for (const c of columns)
    for (const h of [c.header, ...(c.aliases ?? [])]) byHeader.set(headerKey(h), c.key);
  const out = new Map<string, number>();
  cells.forEach((cell, i) => {
    const key = byHeader.get(headerKey(cell));
    if (key && !out.has(key)) out.set(key, i);
  });
  return out;
}
