import { randomUUID } from 'node:crypto';
import { appendAudit } from '@zhanqian/audit';
import { DomainError, isDomainError, nowIso, shanghaiDate, t } from '@zhanqian/core';
import type { ImportBatchTable } from '@zhanqian/db';
import { type Database, dialectOf, type ImportKind, type Kysely, sql } from '@zhanqian/db';
import type { Selectable } from 'kysely';
import { householdsSpec } from './households.ts';
import { membersSpec } from './members.ts';
import { formatOf } from './read.ts';
import { type Counts, type KindSpec, type RowError, runImport } from './run.ts';
import { treeRootOf } from './scope.ts';
import type { ImportStore } from './store.ts';
import { unitsSpec } from './units.ts';

type Db = Kysely<Database>;
export type ImportBatch = Selectable<ImportBatchTable>;

export const KINDS: Record<ImportKind, KindSpec> = {
  units: unitsSpec,
  members: membersSpec,
  households: householdsSpec,
};

/** Errors kept on a batch (the count is always exact). */
export const MAX_STORED_ERRORS = 10_000;

const XLSX_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/**
 * Takes an upload (streamed to the store) and records it as a batch of `kind` for the unit
 * `scopeUnitId` (the caller checked it lies in their scope). Nothing is read from the rows yet.
 */
export async function createBatch(
  db: Db,
  store: ImportStore,
  input: {
    kind: ImportKind;
    scopeUnitId: number;
    fileName: string;
    body: AsyncIterable<Uint8Array>;
    uploadedBy: number | null;
    actor: string;
    maxBytes?: number;
  },
  /** Runs in the transaction that records the batch (the caller's audit record). */
  audit?: (trx: Db, batch: ImportBatch) => Promise<void>,
): Promise<ImportBatch> {
  const format = formatOf(input.fileName);
  if (!format) throw new DomainError('BAD_INPUT', 'imports.badType', { name: input.fileName });
  const id = randomUUID();
  const key = `${new Date().toISOString().slice(0, 7).replace('-', '/')}/${id}.${format}`;
  const saved = await store.putStream(key, input.body, input.maxBytes);
  try {
    if (saved.size === 0) throw new DomainError('BAD_INPUT', 'imports.emptyUpload', { name: input.fileName });
    if (format === 'xlsx' && !XLSX_MAGIC.every((b, i) => saved.head[i] === b))
      throw new DomainError('BAD_INPUT', 'imports.contentMismatch', { name: input.fileName });
    const lockKey = `${input.kind}:${await treeRootOf(db, input.scopeUnitId)}`;
    return await db.transaction().execute(async (trx) => {
      const batch = await trx
        .insertInto('import_batch')
        .values({
          id,
          kind: input.kind,
          scope_unit_id: input.scopeUnitId,
          lock_key: lockKey,
          uploaded_by: input.uploadedBy,
          actor: input.actor,
          file_name: input.fileName.slice(0, 200),
          format,
          storage_key: key,
          size: saved.size,
          sha256: saved.sha256,
          status: 'uploaded',
          total_rows: null,
          new_rows: null,
          changed_rows: null,
          unchanged_rows: null,
          rejected_rows: null,
          errors_json: null,
          message: null,
          created_at: nowIso(),
          checked_at: null,
          queued_at: null,
          finished_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit?.(trx, batch);
      return batch;
    });
  } catch (err) {
    await store.delete(key);
    throw err;
  }
}

export async function getBatch(db: Db, id: string): Promise<ImportBatch> {
  const b = await db.selectFrom('import_batch').selectAll().where('id', '=', id).executeTakeFirst();
  if (!b) throw new DomainError('NOT_FOUND', 'imports.notFound');
  return b;
}

const countsOf = (b: ImportBatch): Counts | null =>
  b.total_rows === null
    ? null
    : {
        total: b.total_rows,
        new: b.new_rows ?? 0,
        changed: b.changed_rows ?? 0,
        unchanged: b.unchanged_rows ?? 0,
        rejected: b.rejected_rows ?? 0,
      };

/** What the browser shows of a batch: state, counts, progress and the errors kept. */
export function batchView(b: ImportBatch, errorLimit = 200) {
  const errors: RowError[] = b.errors_json ? JSON.parse(b.errors_json) : [];
  return {
    id: b.id,
    kind: b.kind,
    scopeUnitId: b.scope_unit_id,
    fileName: b.file_name,
    size: Number(b.size),
    status: b.status,
    counts: countsOf(b),
    rowsDone: b.done_rows,
    rowsTotal: b.total_rows,
    errorCount: b.error_count,
    errors: errors.slice(0, errorLimit),
    message: b.message,
    createdAt: b.created_at,
    checkedAt: b.checked_at,
    finishedAt: b.finished_at,
  };
}
export type BatchView = ReturnType<typeof batchView>;

const runFor = (
  db: Db,
  store: ImportStore,
  b: ImportBatch,
  apply: boolean,
  onProgress?: (n: number) => unknown,
) =>
  runImport(KINDS[b.kind], {
    db,
    path: store.pathOf(b.storage_key),
    format: b.format,
    fileName: b.file_name,
    scopeRootId: b.scope_unit_id,
    apply,
    actorId: b.uploaded_by,
    today: shanghaiDate(),
    maxErrors: MAX_STORED_ERRORS,
    onProgress: onProgress as never,
  });

/**
 * The dry run: reads the whole file against the database as it is now and records the counts
 * (new / changed / unchanged / rejected rows) and every error on the batch. Writes nothing else.
 */
export async function dryRunBatch(db: Db, store: ImportStore, id: string): Promise<ImportBatch> {
  const b = await getBatch(db, id);
  if (b.status !== 'uploaded' && b.status !== 'checked' && b.status !== 'failed')
    throw new DomainError('CONFLICT', 'imports.busy');
  const res = await runFor(db, store, b, false);
  return db
    .updateTable('import_batch')
    .set({
      status: 'checked',
      total_rows: res.counts.total,
      done_rows: 0,
      new_rows: res.counts.new,
      changed_rows: res.counts.changed,
      unchanged_rows: res.counts.unchanged,
      rejected_rows: res.counts.rejected,
      error_count: res.errorCount,
      errors_json: JSON.stringify(res.errors),
      message: null,
      checked_at: nowIso(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Marks a checked batch for commit (inside the caller's transaction, which also enqueues the
 * job). Refused when its dry run found errors, or while another import of the same kind in
 * the same district is queued or running.
 */
export async function queueCommit(trx: Db, id: string): Promise<ImportBatch> {
  const b = await getBatch(trx, id);
  if (b.status === 'committed') throw new DomainError('CONFLICT', 'imports.alreadyCommitted');
  if (b.status !== 'checked') throw new DomainError('PRECONDITION_FAILED', 'imports.notChecked');
  if ((b.rejected_rows ?? 0) > 0 || b.error_count > 0)
    throw new DomainError('BAD_INPUT', 'imports.hasErrors', { count: b.error_count });
  const busy = await trx
    .selectFrom('import_batch')
    .select('id')
    .where('lock_key', '=', b.lock_key)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  if (busy) throw new DomainError('CONFLICT', 'imports.otherRunning');
  const res = await trx
    .updateTable('import_batch')
    .set({ status: 'queued', queued_at: nowIso(), done_rows: 0 })
    .where('id', '=', id)
    .where('status', '=', 'checked')
    .returningAll()
    .executeTakeFirst();
  if (!res) throw new DomainError('CONFLICT', 'imports.busy');
  return res;
}

/** Refused rows of a commit: the transaction is rolled back and the batch shows them. */
export class ImportRejected extends Error {
  readonly counts: Counts;
  readonly errors: RowError[];
  readonly errorCount: number;
  constructor(counts: Counts, errors: RowError[], errorCount: number) {
    super(`import refused: ${errorCount} errors`);
    this.counts = counts;
    this.errors = errors;
    this.errorCount = errorCount;
  }
}

/**
 * The commit (the worker job's body): in one transaction, under the lock of its kind and
 * district, reads the file again, checks every row against the database as it is now and
 * writes the new and changed rows; one audit record names the file and the counts. Any error
 * rolls everything back and is recorded on the batch. A batch already committed is left alone
 * (a retried job changes nothing), and so are unchanged rows: the same file twice writes
 * nothing the second time.
 *
 * Progress (rows done) is written on the batch as chunks go: on PostgreSQL through another
 * connection of the pool, so the browser reads it while the transaction runs; SQLite has one
 * connection, which the transaction holds, so there readers see the end.
 */
export async function commitBatch(
  db: Db,
  store: ImportStore,
  id: string,
): Promise<{ status: 'committed' | 'failed' | 'skipped'; counts: Counts | null }> {
  const claimed = await db
    .updateTable('import_batch')
    .set({ status: 'running', done_rows: 0 })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .returningAll()
    .executeTakeFirst();
  if (!claimed) {
    const b = await getBatch(db, id);
    return { status: 'skipped', counts: countsOf(b) };
  }
  const pg = dialectOf(db) === 'postgres';
  let lastProgress = 0;
  const progress = async (n: number) => {
    if (!pg || n - lastProgress < 1000) return;
    lastProgress = n;
    await db.updateTable('import_batch').set({ done_rows: n }).where('id', '=', id).execute();
  };
  try {
    const counts = await db.transaction().execute(async (trx) => {
      if (pg)
        await sql`select pg_advisory_xact_lock(hashtext(${`imports:${claimed.lock_key}`}))`.execute(trx);
      const res = await runFor(trx, store, claimed, true, progress);
      if (res.errorCount > 0) throw new ImportRejected(res.counts, res.errors, res.errorCount);
      await appendAudit(trx, {
        actorId: claimed.uploaded_by,
        actor: claimed.actor,
        action: `imports.commit.${claimed.kind}`,
        objectType: 'import_batch',
        objectId: id,
        orgUnitId: claimed.scope_unit_id,
        after: { file: claimed.file_name, sha256: claimed.sha256, ...res.counts },
      });
      await trx
        .updateTable('import_batch')
        .set({
          status: 'committed',
          total_rows: res.counts.total,
          done_rows: res.counts.total,
          new_rows: res.counts.new,
          changed_rows: res.counts.changed,
          unchanged_rows: res.counts.unchanged,
          rejected_rows: 0,
          error_count: 0,
          errors_json: '[]',
          finished_at: nowIso(),
        })
        .where('id', '=', id)
        .execute();
      return res.counts;
    });
    // Statistics from before 120,000 new rows would plan the next reads (the grid, a re-import) as if the table were empty.
    // Best effort: the import is committed whatever happens here.
    if (pg)
      for (const table of KINDS[claimed.kind].analyze ?? [])
        await sql`analyze ${sql.table(table)}`.execute(db).catch(() => {});
    return { status: 'committed', counts };
  } catch (err) {
    const rejected = err instanceof ImportRejected ? err : null;
    await db
      .updateTable('import_batch')
      .set({
        status: 'failed',
        finished_at: nowIso(),
        done_rows: 0,
        ...(rejected
          ? {
              total_rows: rejected.counts.total,
              new_rows: rejected.counts.new,
              changed_rows: rejected.counts.changed,
              unchanged_rows: rejected.counts.unchanged,
              rejected_rows: rejected.counts.rejected,
              error_count: rejected.errorCount,
              errors_json: JSON.stringify(rejected.errors),
              message: null,
            }
          : {
              message: (isDomainError(err)
                ? t(err.messageKey, 'zh-CN', err.params)
                : err instanceof Error
                  ? err.message
                  : String(err)
              ).slice(0, 500),
            }),
      })
      .where('id', '=', id)
      .execute();
    // A refused row or a domain rule is the file's fault: retrying would fail the same way.
    if (rejected) return { status: 'failed', counts: rejected.counts };
    if (isDomainError(err)) return { status: 'failed', counts: null };
    throw err;
  }
}

/** Recent batches under a unit (the import page's list). */
export async function listBatches(db: Db, scopeRootId: number, limit = 20): Promise<ImportBatch[]> {
  return db
    .selectFrom('import_batch as b')
    .innerJoin('org_closure as c', 'c.descendant_id', 'b.scope_unit_id')
    .selectAll('b')
    .where('c.ancestor_id', '=', scopeRootId)
    .orderBy('b.created_at', 'desc')
    .limit(limit)
    .execute();
}
