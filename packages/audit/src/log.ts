import { DomainError, nowIso } from '@zhanqian/core';
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
  /** Only this actor's records (business roles see only their own actions). */
  actorId?: number | undefined;
  /** Actions starting with this prefix, e.g. 'auth.' for sign-ins. */
  action?: string | undefined;
  result?: AuditResult | undefined;
  /** Instants (ISO) or calendar dates 'YYYY-MM-DD' (Asia/Shanghai), inclusive. */
  from?: string | undefined;
  to?: string | undefined;
  page: number;
  pageSize: number;
}

/** A calendar date in Asia/Shanghai (UTC+8) as the UTC instant of its start. */
const dayStart = (date: string): string => new Date(`${date}T00:00:00+08:00`).toISOString();
const nextDayStart = (date: string): string =>
  new Date(new Date(`${date}T00:00:00+08:00`).getTime() + 86_400_000).toISOString();

function filtered(db: Db, q: Omit<AuditQuery, 'page' | 'pageSize'>) {
  let base = db.selectFrom('audit_log');
  if (q.actorId !== undefined) base = base.where('actor_id', '=', q.actorId);
  if (q.action) base = base.where('action', 'like', `${q.action.replace(/[%_]/g, '')}%`);
  if (q.result) base = base.where('result', '=', q.result);
  if (q.from) base = base.where('at', '>=', /^\d{4}-\d{2}-\d{2}$/.test(q.from) ? dayStart(q.from) : q.from);
  if (q.to)
    base = /^\d{4}-\d{2}-\d{2}$/.test(q.to)
      ? base.where('at', '<', nextDayStart(q.to))
      : base.where('at', '<=', q.to);
  return base;
}

/** A page of records, newest first, with the total for the filter. */
export async function listAudit(db: Db, q: AuditQuery): Promise<{ total: number; rows: AuditLogRow[] }> {
  const base = filtered(db, q);
  const total = await base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .selectAll()
    .orderBy('id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { total: Number(total.n), rows };
}

/** Days the audit log is kept at least (Cybersecurity Law art. 21); the database refuses earlier deletion. */
export const AUDIT_RETENTION_DAYS = 180;
/** Exports per auditor per hour, and records per export. */
export const EXPORT_LIMITS = { perHour: 10, maxRows: 100_000 };

/** The action names of security events, for filters and the auditor's screens. */
export const SECURITY_ACTIONS = [
  'auth.login',
  'auth.login.password',
  'auth.lockout',
  'auth.logout',
  'auth.changePassword',
  'auth.password.renew',
  'auth.users.create',
  'auth.users.unlock',
  'auth.users.setRole',
  'auth.totp.begin',
  'auth.totp.enroll',
  'auth.totp.disable',
  'auth.totp.reset',
  'org.member.reveal',
  'org.member.setPii',
  'audit.export',
] as const;

/**
 * The records of a filter in id order for an export, refused (TOO_MANY_REQUESTS) when the
 * actor exported `perHour` times in the last hour, or (BAD_INPUT) above `maxRows` records.
 */
export async function exportAudit(
  db: Db,
  actorId: number,
  q: Omit<AuditQuery, 'page' | 'pageSize'>,
  now = new Date(),
  limits = EXPORT_LIMITS,
): Promise<AuditLogRow[]> {
  const recent = await db
    .selectFrom('audit_log')
    .select(sql<number>`count(*)`.as('n'))
    .where('actor_id', '=', actorId)
    .where('action', '=', 'audit.export')
    .where('at', '>', new Date(now.getTime() - 3_600_000).toISOString())
    .executeTakeFirstOrThrow();
  if (Number(recent.n) >= limits.perHour)
    throw new DomainError('TOO_MANY_REQUESTS', 'audit.exportTooMany', { max: limits.perHour });
  const base = filtered(db, q);
  const total = await base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  if (Number(total.n) > limits.maxRows)
    throw new DomainError('BAD_INPUT', 'audit.exportTooLarge', { max: limits.maxRows });
  return base.selectAll().orderBy('id').execute();
}

const CSV_COLUMNS = [
  ['id', '序号'],
  ['at', '时间(UTC)'],
  ['actor', '主体'],
  ['actor_id', '主体编号'],
  ['action', '事件类型'],
  ['object_type', '客体类型'],
  ['object_id', '客体编号'],
  ['org_unit_id', '组织编号'],
  ['result', '结果'],
  ['ip', '地址'],
  ['before_json', '变更前'],
  ['after_json', '变更后'],
  ['prev_hash', '前序哈希'],
  ['hash', '哈希(SM3)'],
] as const;

/** One CSV field: quoted, and neutralized against spreadsheet formula injection. */
function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n']/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The records as CSV for Excel: UTF-8 with a byte-order mark, a bilingual header, CRLF
 * line ends. With the hash columns an auditor can re-verify the chain offline.
 */
export function auditCsv(rows: AuditLogRow[]): string {
  const header = CSV_COLUMNS.map(([k, zh]) => `${zh} ${k}`).join(',');
  const lines = rows.map((r) => CSV_COLUMNS.map(([k]) => csvField(r[k])).join(','));
  return `\uFEFF${[header, ...lines].join('\r\n')}\r\n`;
}
