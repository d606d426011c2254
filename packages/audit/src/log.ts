import { nowIso } from '@zhanqian/core';
import type { AuditLogRow, AuditResult, Database, Kysely, Transaction } from '@zhanqian/db';
import { dialectOf, sql } from '@zhanqian/db';
import { GENESIS_HASH, recordHash } from './chain.ts';

type Db = Kysely<Database>;

export interface AuditEntry {
  actorId: number | null;
  actor: string;
  action: string;
  objectType: string;
  objectId?: string | number | null;
  orgUnitId?: number | null;
  result?: AuditResult;
  ip?: string | null;
  before?: unknown;
  after?: unknown;
}

// Any transaction lock id will do as long as every appender uses the same one.
const CHAIN_LOCK = 727_100;

/**
 * Appends one record to the hash chain. Pass the caller's transaction so the record
 * commits (or rolls back) with the write it describes. On PostgreSQL an advisory
 * transaction lock serializes appenders so the chain never forks; SQLite has one writer.
 */
export async function appendAudit(trx: Transaction<Database>, entry: AuditEntry): Promise<AuditLogRow> {
  if (dialectOf(trx) === 'postgres') await sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(trx);
  const last = await trx
    .selectFrom('audit_log')
    .select('hash')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const fields = {
    at: nowIso(),
    actor_id: entry.actorId,
    actor: entry.actor,
    action: entry.action,
    object_type: entry.objectType,
    object_id: entry.objectId == null ? null : String(entry.objectId),
    org_unit_id: entry.orgUnitId ?? null,
    result: entry.result ?? 'ok',
    ip: entry.ip ?? null,
    before_json: entry.before === undefined ? null : JSON.stringify(entry.before),
    after_json: entry.after === undefined ? null : JSON.stringify(entry.after),
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  return trx
    .insertInto('audit_log')
    .values({ ...fields, hash: recordHash(fields) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Appends in a transaction of its own: for events with no business write (denials, logins). */
export function recordAudit(db: Db, entry: AuditEntry): Promise<AuditLogRow> {
  return db.transaction().execute((trx) => appendAudit(trx, entry));
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  /** The first record whose hash or link does not match, with what is wrong. */
  firstBad?: { id: number; problem: 'hash' | 'link' };
}

/** Walks the chain in id order, in batches, and reports the first broken record. */
export async function verifyAuditChain(db: Db, batchSize = 5000): Promise<AuditVerifyResult> {
  let prev = GENESIS_HASH;
  let afterId = 0;
  let checked = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) return { ok: true, checked };
    for (const row of rows) {
      if (row.prev_hash !== prev) return { ok: false, checked, firstBad: { id: row.id, problem: 'link' } };
      const { id: _id, hash, ...fields } = row;
      if (recordHash(fields) !== hash)
        return { ok: false, checked, firstBad: { id: row.id, problem: 'hash' } };
      prev = hash;
      checked++;
      afterId = row.id;
    }
  }
}

export interface AuditQuery {
  actorId?: number | undefined;
  /** Only records about units in this subtree (or with no unit) — for scoped readers. */
  action?: string | undefined;
  page: number;
  pageSize: number;
}

export async function listAudit(db: Db, q: AuditQuery): Promise<{ total: number; rows: AuditLogRow[] }> {
  let base = db.selectFrom('audit_log');
  if (q.actorId !== undefined) base = base.where('actor_id', '=', q.actorId);
  if (q.action) base = base.where('action', 'like', `${q.action.replace(/[%_]/g, '')}%`);
  const total = await base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .selectAll()
    .orderBy('id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { total: Number(total.n), rows };
}
