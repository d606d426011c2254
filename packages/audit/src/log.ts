import { DomainError, nowIso } from '@zhanqian/core';
import type { AuditLogRow, AuditResult, Database, Kysely, Transaction } from '@zhanqian/db';
import { dialectOf, PREPARED, sql } from '@zhanqian/db';
import {
  type AuditCheckpoint,
  CHAIN_VERSION,
  checkpointSignature,
  expectedHash,
  GENESIS_HASH,
  keyedRecordHash,
  sameDigest,
  storedForm,
} from './chain.ts';
import { type AuditKeys, auditKeys } from './key.ts';

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
/** The id of the one audit_checkpoint row that holds the signed head of the chain. */
const HEAD = 1;

const stored = (s: string | null): string | null => (s === null ? null : storedForm(s));

/**
 * Appends one record to the hash chain. Pass the caller's transaction so the record
 * commits (or rolls back) with the write it describes. On PostgreSQL an advisory
 * transaction lock serializes appenders so the chain never forks; SQLite has one writer.
 *
 * The record is hashed with HMAC-SM3 under ZQ_AUDIT_KEY (chain version 2) over its fields in
 * the form the database stores them (`storedForm`), and the signed head (audit_checkpoint) is
 * moved to it in the same transaction. The new record links to the signed head, not to
 * whatever the table's last row is: records deleted from the end stay missing for good.
 */
export async function appendAudit(
  trx: Transaction<Database>,
  entry: AuditEntry,
  keys: AuditKeys = auditKeys(),
): Promise<AuditLogRow> {
  const pg = dialectOf(trx) === 'postgres';
  if (pg) await sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(trx);
  const head = await readHead(trx, pg);
  // No head yet: an empty log, or the first append after the chain was keyed.
  const { prev, count } = head ? { prev: head.head_hash, count: Number(head.record_count) } : await tail(trx);
  const fields = storedFields(entry, nowIso(), prev);
  if (pg && head?.next_id != null) {
    // PostgreSQL: the id was drawn with the head, so the record and its signed head are
    // written by one statement (as many round trips as before the head existed).
    const id = Number(head.next_id);
    const hash = keyedRecordHash(fields, keys.record);
    const next = { at: fields.at, last_id: id, head_hash: hash, record_count: count + 1 };
    const signature = checkpointSignature(next, keys.checkpoint);
    const f = fields;
    const r = await sql<AuditLogRow>`${sql.raw(PREPARED)} with ins as (
        insert into audit_log (id, at, actor_id, actor, action, object_type, object_id, org_unit_id, result,
          ip, before_json, after_json, prev_hash, hash, chain_version)
        values (${id}, ${f.at}, ${f.actor_id}, ${f.actor}, ${f.action}, ${f.object_type}, ${f.object_id},
          ${f.org_unit_id}, ${f.result}, ${f.ip}, ${f.before_json}, ${f.after_json}, ${f.prev_hash}, ${hash},
          ${CHAIN_VERSION})
        returning *),
      head as (
        update audit_checkpoint set at = ${next.at}, last_id = ${id}, head_hash = ${hash},
          record_count = ${next.record_count}, signature = ${signature}
        where id = ${HEAD})
      select * from ins`.execute(trx);
    return r.rows[0]!;
  }
  const row = await trx
    .insertInto('audit_log')
    .values({ ...fields, hash: keyedRecordHash(fields, keys.record), chain_version: CHAIN_VERSION })
    .returningAll()
    .executeTakeFirstOrThrow();
  await moveHead(
    trx,
    head !== undefined,
    { at: fields.at, last_id: row.id, head_hash: row.hash, record_count: count + 1 },
    keys,
  );
  return row;
}

// The head is read and moved on every write: plain prepared SQL, not the query builder, which
// costs several times the statement itself on SQLite.
async function readHead(trx: Transaction<Database>, pg = false) {
  const r = pg
    ? // with the id the next record will take (audit_log's sequence)
      await sql<{ head_hash: string; record_count: number; next_id: number | null }>`${sql.raw(PREPARED)}
        select head_hash, record_count, nextval('audit_log_id_seq') as next_id
        from audit_checkpoint where id = ${HEAD}`.execute(trx)
    : await sql<{ head_hash: string; record_count: number; next_id?: null }>`${sql.raw(PREPARED)}
        select head_hash, record_count from audit_checkpoint where id = ${HEAD}`.execute(trx);
  return r.rows[0];
}

/** Moves the signed head to a new last record, in the appender's transaction. */
async function moveHead(
  trx: Transaction<Database>,
  exists: boolean,
  next: Omit<AuditCheckpoint, 'id' | 'signature'>,
  keys: AuditKeys,
): Promise<void> {
  const signature = checkpointSignature(next, keys.checkpoint);
  if (exists)
    await sql`${sql.raw(PREPARED)} update audit_checkpoint set at = ${next.at}, last_id = ${next.last_id},
      head_hash = ${next.head_hash}, record_count = ${next.record_count}, signature = ${signature}
      where id = ${HEAD}`.execute(trx);
  else
    await trx
      .insertInto('audit_checkpoint')
      .values({ id: HEAD, ...next, signature })
      .execute();
}

/** A record's fields in the form the database stores them (the form that is hashed). */
function storedFields(entry: AuditEntry, at: string, prev: string) {
  return {
    at,
    actor_id: entry.actorId,
    actor: storedForm(entry.actor),
    action: storedForm(entry.action),
    object_type: storedForm(entry.objectType),
    object_id: entry.objectId == null ? null : storedForm(String(entry.objectId)),
    org_unit_id: entry.orgUnitId ?? null,
    result: entry.result ?? 'ok',
    ip: stored(entry.ip ?? null),
    before_json: entry.before === undefined ? null : storedForm(JSON.stringify(entry.before)),
    after_json: entry.after === undefined ? null : storedForm(JSON.stringify(entry.after)),
    prev_hash: prev,
  };
}

/** Rows per multi-row insert: 14 parameters each, far below either engine's limit. */
const BATCH_ROWS = 500;

/**
 * Appends many records, in order, as `appendAudit` would one by one, at the cost of one: one
 * lock, one read of the head, one multi-row insert per 500 records, one move of the head.
 */
export async function appendAuditMany(
  trx: Transaction<Database>,
  entries: AuditEntry[],
  keys: AuditKeys = auditKeys(),
): Promise<AuditLogRow[]> {
  if (entries.length === 0) return [];
  if (dialectOf(trx) === 'postgres') await sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(trx);
  const head = await readHead(trx);
  let { prev, count } = head ? { prev: head.head_hash, count: Number(head.record_count) } : await tail(trx);
  const at = nowIso();
  const out: AuditLogRow[] = [];
  for (let i = 0; i < entries.length; i += BATCH_ROWS) {
    const values = entries.slice(i, i + BATCH_ROWS).map((entry) => {
      const fields = storedFields(entry, at, prev);
      prev = keyedRecordHash(fields, keys.record);
      return { ...fields, hash: prev, chain_version: CHAIN_VERSION };
    });
    const rows = await trx.insertInto('audit_log').values(values).returningAll().execute();
    // The chain's order is the id order: each row of the VALUES list takes the next id.
    rows.sort((a, b) => a.id - b.id);
    rows.forEach((row, k) => {
      if (row.hash !== values[k]!.hash) throw new Error('audit_log ids were not assigned in insertion order');
    });
    out.push(...rows);
  }
  count += entries.length;
  const last = out[out.length - 1]!;
  await moveHead(
    trx,
    head !== undefined,
    { at, last_id: last.id, head_hash: last.hash, record_count: count },
    keys,
  );
  return out;
}

/** The last record's hash and the number of records, read from the table itself. */
async function tail(db: Db): Promise<{ prev: string; count: number; lastId: number | null }> {
  const last = await db
    .selectFrom('audit_log')
    .select(['id', 'hash'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!last) return { prev: GENESIS_HASH, count: 0, lastId: null };
  const n = await db.selectFrom('audit_log').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return { prev: last.hash, count: Number(n.n), lastId: last.id };
}

/** Appends in a transaction of its own: for events with no business write (denials, logins). */
export function recordAudit(db: Db, entry: AuditEntry, keys?: AuditKeys): Promise<AuditLogRow> {
  return db.transaction().execute((trx) => appendAudit(trx, entry, keys));
}

/**
 * What is wrong, by record: `hash` its hash does not match its fields (changed, or recomputed
 * without the key), `link` it does not follow the record before it (one deleted or inserted),
 * `version` an unkeyed (version 1) record after a keyed one or after the signed head, or an
 * unknown version, `truncated` the signed head names a record that is gone, `count` the
 * number of records up to the signed head differs from the one it signs, `checkpoint` the
 * head is missing, its signature is wrong (changed, or another ZQ_AUDIT_KEY) or its hash
 * differs from its record's.
 */
export type AuditProblem = 'hash' | 'link' | 'version' | 'truncated' | 'count' | 'checkpoint';

export interface AuditFinding {
  id: number;
  problem: AuditProblem;
  detail?: string;
}

export interface AuditVerifyResult {
  ok: boolean;
  /** Records walked. */
  checked: number;
  /** The first finding (the earliest broken record). */
  firstBad?: AuditFinding;
  /** Every finding in id order, at most `limit` of them (see `badCount`). */
  bad?: AuditFinding[];
  /** How many findings there are in all. */
  badCount?: number;
}

export interface AuditVerifyOptions {
  batchSize?: number;
  /** At most this many findings are listed (all are counted). */
  limit?: number;
  /** The keys to verify with (default: from ZQ_AUDIT_KEY). */
  keys?: AuditKeys;
}

/**
 * Walks the whole chain in id order, in batches, and reports every broken record (not only
 * the first), then compares the chain with its signed head: the last record it names must
 * exist with its hash, the records up to it must be as many as it counts, and its signature
 * must verify under ZQ_AUDIT_KEY. A log with records but no head fails too.
 */
export async function verifyAuditChain(
  db: Db,
  options: number | AuditVerifyOptions = {},
): Promise<AuditVerifyResult> {
  const o = typeof options === 'number' ? { batchSize: options } : options;
  const batchSize = o.batchSize ?? 5000;
  const limit = o.limit ?? 100;
  const keys = o.keys ?? auditKeys();
  const bad: AuditFinding[] = [];
  let badCount = 0;
  // Findings about the head are always listed; those of the walk up to the limit.
  const report = (f: AuditFinding, always = false) => {
    badCount++;
    if (always || bad.length < limit) bad.push(f);
  };
  // The head first: records appended while we walk come after it.
  const head = await db.selectFrom('audit_checkpoint').selectAll().where('id', '=', HEAD).executeTakeFirst();
  const headId = head ? Number(head.last_id) : undefined;
  let prev = GENESIS_HASH;
  let keyed = false;
  let afterId = 0;
  let checked = 0;
  let upToHead = 0;
  let headRow: { hash: string } | undefined;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const { id, hash, chain_version: version, ...fields } = row;
      if (version !== 1 && version !== 2)
        report({ id, problem: 'version', detail: `unknown version ${version}` });
      else if (version === 1 && keyed)
        report({ id, problem: 'version', detail: 'unkeyed after a keyed record' });
      else if (version === 1 && headId !== undefined && id > headId)
        report({ id, problem: 'version', detail: 'unkeyed after the signed head' });
      if (row.prev_hash !== prev) report({ id, problem: 'link' });
      const expected = expectedHash({ ...fields, chain_version: version }, keys.record);
      if (expected !== undefined && !sameDigest(expected, hash)) report({ id, problem: 'hash' });
      if (version === 2) keyed = true;
      if (headId !== undefined && id <= headId) upToHead++;
      if (id === headId) headRow = { hash };
      prev = hash;
      checked++;
      afterId = id;
    }
  }
  if (!head) {
    if (checked > 0)
      report(
        {
          id: afterId,
          problem: 'checkpoint',
          detail: 'no signed head of the chain (deleted, or the log predates it: run `zq migrate`)',
        },
        true,
      );
  } else {
    const signed = checkpointSignature(head, keys.checkpoint);
    if (!sameDigest(signed, head.signature))
      report(
        {
          id: Number(head.last_id),
          problem: 'checkpoint',
          detail: 'the signature of the head does not verify (changed, or another ZQ_AUDIT_KEY)',
        },
        true,
      );
    if (!headRow)
      report(
        {
          id: Number(head.last_id),
          problem: 'truncated',
          detail: `record #${head.last_id}, the signed head of ${head.record_count} records, is missing; the log ends at #${afterId}`,
        },
        true,
      );
    else {
      if (!sameDigest(headRow.hash, head.head_hash))
        report(
          { id: Number(head.last_id), problem: 'checkpoint', detail: 'the hash of the head record differs' },
          true,
        );
      if (upToHead !== Number(head.record_count))
        report(
          {
            id: Number(head.last_id),
            problem: 'count',
            detail: `${upToHead} records up to the signed head, which counts ${head.record_count}`,
          },
          true,
        );
    }
  }
  if (badCount === 0) return { ok: true, checked };
  bad.sort((a, b) => a.id - b.id);
  return { ok: false, checked, firstBad: bad[0], bad, badCount };
}

/** The chain's head as the table holds it: the last record's id and hash and the number of records. */
export async function auditChainHead(
  db: Db,
): Promise<{ lastId: number | null; hash: string; count: number }> {
  const t = await tail(db);
  return { lastId: t.lastId, hash: t.prev, count: t.count };
}

/**
 * Signs the head of a chain that has none yet (a log written before the chain was keyed), if
 * the chain verifies: `zq migrate` and `zq start` call it. Does nothing on an empty log or
 * when a head exists; returns what it did.
 */
export async function anchorAuditChain(
  db: Db,
  keys: AuditKeys = auditKeys(),
): Promise<'present' | 'empty' | 'anchored' | 'broken'> {
  return db.transaction().execute(async (trx) => {
    if (dialectOf(trx) === 'postgres') await sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(trx);
    const head = await trx
      .selectFrom('audit_checkpoint')
      .select('id')
      .where('id', '=', HEAD)
      .executeTakeFirst();
    if (head) return 'present';
    const t = await tail(trx);
    if (t.lastId === null) return 'empty';
    const result = await verifyAuditChain(trx, { keys, limit: 2 });
    if (result.badCount !== 1 || result.firstBad?.problem !== 'checkpoint') return 'broken';
    const next: Omit<AuditCheckpoint, 'id' | 'signature'> = {
      at: nowIso(),
      last_id: t.lastId,
      head_hash: t.prev,
      record_count: t.count,
    };
    await trx
      .insertInto('audit_checkpoint')
      .values({ id: HEAD, ...next, signature: checkpointSignature(next, keys.checkpoint) })
      .execute();
    return 'anchored';
  });
}

export interface AuditQuery {
  /** Only this actor's records (business roles see only their own actions). */
  actorId?: number | undefined;
  /** Actions starting with this prefix, e.g. 'auth.' for sign-ins. */
  action?: string | undefined;
  /** Exactly these actions (a category's or an action picked in the filters). */
  actions?: string[] | undefined;
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

export function filtered(db: Db, q: Omit<AuditQuery, 'page' | 'pageSize'>) {
  let base = db.selectFrom('audit_log');
  if (q.actorId !== undefined) base = base.where('actor_id', '=', q.actorId);
  if (q.action) base = base.where('action', 'like', `${q.action.replace(/[%_]/g, '')}%`);
  if (q.actions?.length) base = base.where('action', 'in', q.actions);
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
  await checkExport(db, actorId, q, now, limits);
  return filtered(db, q).selectAll().orderBy('id').execute();
}

/**
 * The checks of an export, before any record is read: refused (TOO_MANY_REQUESTS) when the
 * actor exported `perHour` times in the last hour, or (BAD_INPUT) above `maxRows` records.
 * Returns the number of records the filter selects.
 */
export async function checkExport(
  db: Db,
  actorId: number,
  q: Omit<AuditQuery, 'page' | 'pageSize'>,
  now = new Date(),
  limits = EXPORT_LIMITS,
): Promise<number> {
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
  return Number(total.n);
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
