import { randomUUID } from 'node:crypto';
import { once as eventOnce } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError, type Locale, nowIso } from '@zhanqian/core';
import type { Database, ExportFile, Kysely } from '@zhanqian/db';
import type { FileStore } from '@zhanqian/files';
import { type ExportInputs, type ExportListName, type ExportScope, openList } from './lists.ts';
import { writeListXlsx } from './xlsx.ts';

type Db = Kysely<Database>;

/**
 * Above this many rows a list exports as a job (progress in the browser, the file kept in the
 * file store for a download link); at or below it the file downloads at once.
 */
export const DIRECT_EXPORT_MAX_ROWS = 20_000;

/** Records a large export's request; the caller queues the job (in the same transaction). */
export async function createExportRequest<N extends ExportListName>(
  db: Db,
  req: {
    userId: number;
    list: N;
    input: ExportInputs[N];
    scopeRootId: number;
    locale: Locale;
    fileName: string;
    total: number;
  },
): Promise<ExportFile> {
  return db
    .insertInto('export_file')
    .values({
      id: randomUUID(),
      user_id: req.userId,
      list: req.list,
      input_json: JSON.stringify(req.input),
      scope_root_id: req.scopeRootId,
      locale: req.locale,
      file_name: req.fileName,
      status: 'queued',
      total: req.total,
      done: 0,
      created_at: nowIso(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A request of the caller's own (nobody reads another account's export). */
export async function ownExport(db: Db, id: string, userId: number): Promise<ExportFile> {
  const row = await db
    .selectFrom('export_file')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', 'exports.notFound', { id });
  return row;
}

/** The storage key of an export's file. */
export const exportKey = (id: string) => `exports/${id}.xlsx`;

/**
 * Writes a queued export (the job's handler): the list is opened with the scope and filters
 * recorded at the request, streamed to a temporary file batch by batch (memory holds one batch),
 * the progress recorded after each batch, then the file put in the store. Idempotent: a done
 * export is left alone, a retried one is written again from the start.
 */
export async function runExport(
  db: Db,
  store: FileStore,
  id: string,
  progress?: (rows: number) => Promise<void>,
  scopeExtras: Omit<ExportScope, 'scopeRootId'> = {},
): Promise<ExportFile> {
  const req = await db.selectFrom('export_file').selectAll().where('id', '=', id).executeTakeFirst();
  if (!req) throw new DomainError('NOT_FOUND', 'exports.notFound', { id });
  if (req.status === 'done') return req;
  await db
    .updateTable('export_file')
    .set({ status: 'running', done: 0, error: null })
    .where('id', '=', id)
    .execute();
  const dir = await mkdtemp(join(tmpdir(), 'zq-export-'));
  try {
    const opened = await openList(
      db,
      req.list as ExportListName,
      { ...scopeExtras, scopeRootId: req.scope_root_id },
      JSON.parse(req.input_json),
      req.locale as Locale,
    );
    const path = join(dir, 'list.xlsx');
    const out = createWriteStream(path);
    const closed = eventOnce(out, 'close');
    const rows = await writeListXlsx(out, opened.sheet, opened.batches(), req.locale as Locale, async (n) => {
      await db.updateTable('export_file').set({ done: n }).where('id', '=', id).execute();
      await progress?.(n);
    });
    await closed;
    const key = exportKey(id);
    await store.delete(key);
    await store.put(key, new Uint8Array(await readFile(path)));
    return await db
      .updateTable('export_file')
      .set({ status: 'done', done: rows, total: rows, storage_key: key, finished_at: nowIso() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (err) {
    await db
      .updateTable('export_file')
      .set({
        status: 'failed',
        error: String((err as Error).message ?? err).slice(0, 500),
        finished_at: nowIso(),
      })
      .where('id', '=', id)
      .execute();
    throw err;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** What the browser polls: state, rows written of the total, and the file's name once done. */
export const exportView = (r: ExportFile) => ({
  id: r.id,
  list: r.list,
  status: r.status,
  total: r.total,
  done: r.done,
  fileName: r.file_name,
  error: r.error,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
});
