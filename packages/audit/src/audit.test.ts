import { randomBytes } from 'node:crypto';
import { type Database, dialectOf, type Kysely, sql } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_RETENTION_DAYS,
  anchorAuditChain,
  appendAudit,
  appendAuditMany,
  auditCsv,
  auditKeys,
  checkpointSignature,
  deriveAuditKeys,
  exportAudit,
  GENESIS_HASH,
  listAudit,
  recordAudit,
  recordHash,
  verifyAuditChain,
} from './index.ts';

/**
 * What an intruder with DDL rights on the database can do: switch the append-only triggers
 * off. The hash chain must still expose whatever they change or delete.
 */
async function disableGuard(db: Kysely<Database>): Promise<void> {
  if (dialectOf(db) === 'postgres') await sql`alter table audit_log disable trigger user`.execute(db);
  else {
    await sql`drop trigger audit_log_no_update`.execute(db);
    await sql`drop trigger audit_log_retention`.execute(db);
  }
}

const count = async (db: Kysely<Database>) =>
  Number(
    (await db.selectFrom('audit_log').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n,
  );

const entry = (n: number) => ({
  actorId: 1,
  actor: 'admin',
  action: 'org.create',
  objectType: 'org_unit',
  objectId: n,
  after: { n },
});

describeEachDialect('audit chain', (t) => {
  it('chains records and verifies an intact log', async () => {
    const first = await recordAudit(t.db, entry(1));
    expect(first.prev_hash).toBe(GENESIS_HASH);
    const second = await recordAudit(t.db, entry(2));
    expect(second.prev_hash).toBe(first.hash);
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, checked: 2 });
  });

  it('finds a changed record', async () => {
    for (let i = 0; i < 5; i++) await recordAudit(t.db, entry(i));
    await disableGuard(t.db);
    await t.db.updateTable('audit_log').set({ after_json: '{"n":99}' }).where('id', '=', 3).execute();
    expect(await verifyAuditChain(t.db, 2)).toMatchObject({
      ok: false,
      firstBad: { id: 3, problem: 'hash' },
    });
  });

  it('finds a deleted record', async () => {
    for (let i = 0; i < 5; i++) await recordAudit(t.db, entry(i));
    await disableGuard(t.db);
    await t.db.deleteFrom('audit_log').where('id', '=', 2).execute();
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, firstBad: { id: 3, problem: 'link' } });
  });

  it('rolls back with the transaction it belongs to', async () => {
    await expect(
      t.db.transaction().execute(async (trx) => {
        await appendAudit(trx, entry(1));
        throw new Error('business write failed');
      }),
    ).rejects.toThrow('business write failed');
    const n = await t.db
      .selectFrom('audit_log')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(0);
  });

  it('never forks under concurrent appenders', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => recordAudit(t.db, entry(i))));
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, checked: 20 });
  });

  it('the database refuses to change a record or delete one younger than 180 days', async () => {
    for (let i = 0; i < 3; i++) await recordAudit(t.db, entry(i));
    await expect(
      t.db.updateTable('audit_log').set({ result: 'failed' }).where('id', '=', 2).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.updateTable('audit_log').set({ actor: 'x' }).execute()).rejects.toThrow(/append-only/);
    await expect(t.db.deleteFrom('audit_log').where('id', '=', 1).execute()).rejects.toThrow(/180 days/);
    await expect(t.db.deleteFrom('audit_log').execute()).rejects.toThrow(/180 days/);
    if (t.dialect === 'postgres')
      await expect(sql`truncate audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
    expect(await count(t.db)).toBe(3);
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, checked: 3 });
  });

  it('allows deleting only records past the retention period', async () => {
    const at = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    const row = (when: string, prev: string) => {
      const fields = {
        at: when,
        actor_id: 1,
        actor: 'admin',
        action: 'org.create',
        object_type: 'org_unit',
        object_id: '1',
        org_unit_id: null,
        result: 'ok' as const,
        ip: null,
        before_json: null,
        after_json: null,
        prev_hash: prev,
      };
      return { ...fields, hash: recordHash(fields) };
    };
    const old = row(at(AUDIT_RETENTION_DAYS + 1), GENESIS_HASH);
    await t.db.insertInto('audit_log').values(old).execute();
    const young = row(at(AUDIT_RETENTION_DAYS - 1), old.hash);
    await t.db.insertInto('audit_log').values(young).execute();
    await expect(t.db.deleteFrom('audit_log').where('at', '=', young.at).execute()).rejects.toThrow(
      /180 days/,
    );
    await t.db.deleteFrom('audit_log').where('at', '=', old.at).execute();
    expect(await count(t.db)).toBe(1);
  });

  it('filters by date (Asia/Shanghai calendar days), result and action', async () => {
    await recordAudit(t.db, entry(1));
    await recordAudit(t.db, { ...entry(2), action: 'auth.login', result: 'failed' });
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const all = await listAudit(t.db, { from: today, to: today, page: 1, pageSize: 10 });
    expect(all.total).toBe(2);
    expect((await listAudit(t.db, { result: 'failed', page: 1, pageSize: 10 })).total).toBe(1);
    expect((await listAudit(t.db, { action: 'auth.', page: 1, pageSize: 10 })).total).toBe(1);
    expect((await listAudit(t.db, { to: '2000-01-01', page: 1, pageSize: 10 })).total).toBe(0);
  });

  it('exports CSV with a BOM, escaped fields and the hashes, and rate-limits exports', async () => {
    await recordAudit(t.db, { ...entry(1), after: { note: '=HYPERLINK("x")', zh: '站前区' } });
    const rows = await exportAudit(t.db, 9, {});
    const csv = auditCsv(rows);
    expect(csv.startsWith('\uFEFF序号 id,')).toBe(true);
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(rows[0]!.hash);
    expect(lines[1]).toContain('站前区');
    expect(auditCsv([{ ...rows[0]!, actor: '=cmd|calc' }])).toContain("'=cmd|calc");
    for (let i = 0; i < 2; i++)
      await recordAudit(t.db, {
        actorId: 9,
        actor: 'auditor',
        action: 'audit.export',
        objectType: 'audit_log',
      });
    await expect(exportAudit(t.db, 9, {}, new Date(), { perHour: 2, maxRows: 10 })).rejects.toMatchObject({
      messageKey: 'audit.exportTooMany',
    });
    await expect(exportAudit(t.db, 8, {}, new Date(), { perHour: 2, maxRows: 1 })).rejects.toMatchObject({
      messageKey: 'audit.exportTooLarge',
    });
  });
});

/** Rows in id order, as an intruder reading the table sees them. */
const rowsOf = (db: Kysely<Database>) => db.selectFrom('audit_log').selectAll().orderBy('id').execute();

/**
 * The attack that defeated the unkeyed chain: change a record, then recompute its hash and
 * every hash after it with plain SM3 (anyone can), relinking each record to the one before.
 */
async function rewriteFrom(
  db: Kysely<Database>,
  editId: number,
  change: (r: { actor: string }) => string,
  fromId = editId,
) {
  let prev: string | undefined;
  for (const row of await rowsOf(db)) {
    if (row.id < fromId) {
      prev = row.hash;
      continue;
    }
    const { id, hash: _h, chain_version: _v, ...fields } = row;
    const next = {
      ...fields,
      actor: id === editId ? change(row) : row.actor,
      prev_hash: prev ?? GENESIS_HASH,
    };
    const hash = recordHash(next);
    await db
      .updateTable('audit_log')
      .set({ actor: next.actor, prev_hash: next.prev_hash, hash })
      .where('id', '=', id)
      .execute();
    prev = hash;
  }
  return prev;
}

describeEachDialect('audit chain: ill-formed strings', (t) => {
  it('stores and hashes a lone surrogate (and NUL) as U+FFFD, and verifies clean', async () => {
    const row = await recordAudit(t.db, {
      actorId: null,
      actor: '\ud800x',
      action: 'auth.login',
      objectType: 'app_user',
      objectId: 'a\udfffb',
      ip: '10.0.0.1\u0000',
      result: 'failed',
      after: { username: '\ud800x', note: 'nul\u0000' },
    });
    expect(row.actor).toBe('\ufffdx');
    expect(row.object_id).toBe('a\ufffdb');
    expect(row.ip).toBe('10.0.0.1\ufffd');
    const stored = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual(row);
    // JSON.stringify writes them as escapes (backslash-u-d800), so the JSON is stored and hashed as written
    expect(JSON.parse(stored.after_json!)).toEqual({ username: '\ud800x', note: 'nul\u0000' });
    await recordAudit(t.db, entry(2));
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, checked: 2 });
  });
});

describeEachDialect('audit chain: keyed and anchored', (t) => {
  it('appends many records at the cost of one (batches of 500), interleaved with single appends', async () => {
    await recordAudit(t.db, entry(0));
    const many = Array.from({ length: 1203 }, (_, i) => ({
      ...entry(i + 1),
      actor: i === 700 ? '\udc00!' : 'admin',
    }));
    const rows = await t.db.transaction().execute((trx) => appendAuditMany(trx, many));
    expect(rows.map((r) => r.object_id)).toEqual(many.map((e) => String(e.objectId)));
    expect(rows[700]!.actor).toBe('\ufffd!');
    expect(await t.db.transaction().execute((trx) => appendAuditMany(trx, []))).toEqual([]);
    await Promise.all([
      recordAudit(t.db, entry(2000)),
      t.db.transaction().execute((trx) => appendAuditMany(trx, [entry(2001), entry(2002)])),
      recordAudit(t.db, entry(2003)),
    ]);
    expect(await verifyAuditChain(t.db, 400)).toEqual({ ok: true, checked: 1208 });
    const head = await t.db.selectFrom('audit_checkpoint').selectAll().executeTakeFirstOrThrow();
    expect([head.last_id, head.record_count]).toEqual([1208, 1208]);
  });

  it('keys new records (version 2) and signs the head in the same transaction', async () => {
    for (let i = 0; i < 3; i++) await recordAudit(t.db, entry(i));
    const rows = await rowsOf(t.db);
    expect(rows.map((r) => r.chain_version)).toEqual([2, 2, 2]);
    // not plain SM3 any more
    const { id: _i, hash, chain_version: _v, ...fields } = rows[2]!;
    expect(recordHash(fields)).not.toBe(hash);
    const head = await t.db.selectFrom('audit_checkpoint').selectAll().executeTakeFirstOrThrow();
    expect(head).toMatchObject({ id: 1, last_id: rows[2]!.id, head_hash: hash, record_count: 3 });
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, checked: 3 });
  });

  it('an untouched chain verifies; with a wrong key it does not', async () => {
    for (let i = 0; i < 4; i++) await recordAudit(t.db, entry(i));
    expect(await verifyAuditChain(t.db, { batchSize: 3 })).toEqual({ ok: true, checked: 4 });
    const wrong = await verifyAuditChain(t.db, { keys: deriveAuditKeys(randomBytes(32)) });
    expect(wrong.ok).toBe(false);
    expect(wrong.badCount).toBe(5); // every record's hash, and the head's signature
    expect(wrong.bad?.filter((b) => b.problem === 'hash').map((b) => b.id)).toEqual([1, 2, 3, 4]);
    expect(wrong.bad).toContainEqual(expect.objectContaining({ id: 4, problem: 'checkpoint' }));
  });

  it('reports every broken record, not only the first, and caps the list', async () => {
    for (let i = 0; i < 8; i++) await recordAudit(t.db, entry(i));
    await disableGuard(t.db);
    await t.db.updateTable('audit_log').set({ actor: 'x' }).where('id', 'in', [2, 5, 7]).execute();
    const r = await verifyAuditChain(t.db, 3);
    expect(r).toMatchObject({ ok: false, checked: 8, badCount: 3, firstBad: { id: 2, problem: 'hash' } });
    expect(r.bad?.map((b) => [b.id, b.problem])).toEqual([
      [2, 'hash'],
      [5, 'hash'],
      [7, 'hash'],
    ]);
    const capped = await verifyAuditChain(t.db, { limit: 2 });
    expect([capped.badCount, capped.bad?.length]).toEqual([3, 2]);
  });

  it('detects the newest records deleted (truncated), even after later appends', async () => {
    for (let i = 0; i < 5; i++) await recordAudit(t.db, entry(i));
    await disableGuard(t.db);
    await t.db.deleteFrom('audit_log').where('id', '>', 3).execute();
    const r = await verifyAuditChain(t.db);
    expect(r.ok).toBe(false);
    expect(r.bad).toEqual([expect.objectContaining({ id: 5, problem: 'truncated' })]);
    // the next record links to the signed head, so the gap stays visible
    await recordAudit(t.db, entry(6));
    const later = await verifyAuditChain(t.db);
    expect(later.ok).toBe(false);
    expect(later.bad?.map((b) => b.problem)).toEqual(['link', 'count']);
  });

  it('detects an edit with the chain after it recomputed in plain SM3 (the old attack)', async () => {
    for (let i = 0; i < 5; i++) await recordAudit(t.db, entry(i));
    await disableGuard(t.db);
    await rewriteFrom(t.db, 3, () => 'someone else');
    const r = await verifyAuditChain(t.db);
    expect(r.ok).toBe(false);
    expect(r.bad?.filter((b) => b.problem === 'hash').map((b) => b.id)).toEqual([3, 4, 5]);
  });

  it('detects the whole chain rewritten unkeyed with its head patched or deleted', async () => {
    for (let i = 0; i < 4; i++) await recordAudit(t.db, entry(i));
    await disableGuard(t.db);
    await t.db.updateTable('audit_log').set({ chain_version: 1 }).execute();
    const head = await rewriteFrom(t.db, 2, () => 'someone else', 1);
    expect((await verifyAuditChain(t.db)).bad?.map((b) => b.problem)).toEqual(['checkpoint']);
    // patch the head's hash and sign it with the public development key: no good either
    const cp = await t.db.selectFrom('audit_checkpoint').selectAll().executeTakeFirstOrThrow();
    const forged = { ...cp, head_hash: head! };
    const devKeys = deriveAuditKeys(
      Buffer.from('7a712d6465762d61756469742d6b65792d6e6f742d666f722d70726f64756374', 'hex'),
    );
    await t.db
      .updateTable('audit_checkpoint')
      .set({ head_hash: head!, signature: checkpointSignature(forged, devKeys.checkpoint) })
      .execute();
    const keys = deriveAuditKeys(Buffer.alloc(32, 7));
    expect((await verifyAuditChain(t.db, { keys })).bad).toContainEqual(
      expect.objectContaining({ problem: 'checkpoint', detail: expect.stringMatching(/signature/) }),
    );
    await t.db.deleteFrom('audit_checkpoint').execute();
    expect((await verifyAuditChain(t.db)).bad).toEqual([
      expect.objectContaining({
        id: 4,
        problem: 'checkpoint',
        detail: expect.stringMatching(/no signed head/),
      }),
    ]);
  });

  it('keeps a chain written before the key verifiable: anchored once, then keyed records follow', async () => {
    // records as the unkeyed code wrote them (version 1, plain SM3, no head)
    let prev = GENESIS_HASH;
    for (let i = 0; i < 3; i++) {
      const fields = {
        at: new Date(Date.now() - (3 - i) * 1000).toISOString(),
        actor_id: 1,
        actor: 'admin',
        action: 'org.create',
        object_type: 'org_unit',
        object_id: String(i),
        org_unit_id: null,
        result: 'ok' as const,
        ip: null,
        before_json: null,
        after_json: null,
        prev_hash: prev,
      };
      prev = recordHash(fields);
      await t.db
        .insertInto('audit_log')
        .values({ ...fields, hash: prev })
        .execute();
    }
    expect((await verifyAuditChain(t.db)).bad?.map((b) => b.problem)).toEqual(['checkpoint']);
    expect(await anchorAuditChain(t.db)).toBe('anchored');
    expect(await anchorAuditChain(t.db)).toBe('present');
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, checked: 3 });
    await recordAudit(t.db, entry(4));
    expect((await rowsOf(t.db)).map((r) => r.chain_version)).toEqual([1, 1, 1, 2]);
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, checked: 4 });
    // an unkeyed record after a keyed one is refused
    const last = (await rowsOf(t.db))[3]!;
    const fields = { ...entryFields(), prev_hash: last.hash };
    await t.db
      .insertInto('audit_log')
      .values({ ...fields, hash: recordHash(fields) })
      .execute();
    expect((await verifyAuditChain(t.db)).bad?.map((b) => [b.id, b.problem])).toEqual([[5, 'version']]);
  });

  it('anchors nothing on an empty or broken log', async () => {
    expect(await anchorAuditChain(t.db)).toBe('empty');
    const fields = { ...entryFields(), prev_hash: 'f'.repeat(64) };
    await t.db
      .insertInto('audit_log')
      .values({ ...fields, hash: recordHash(fields) })
      .execute();
    expect(await anchorAuditChain(t.db)).toBe('broken');
  });
});

const entryFields = () => ({
  at: new Date().toISOString(),
  actor_id: 1,
  actor: 'admin',
  action: 'org.create',
  object_type: 'org_unit',
  object_id: '1',
  org_unit_id: null,
  result: 'ok' as const,
  ip: null,
  before_json: null,
  after_json: null,
});

describe('ZQ_AUDIT_KEY', () => {
  it('takes 64 hex characters, refuses anything else, and is required in production', () => {
    const a = auditKeys({ ZQ_AUDIT_KEY: 'ab'.repeat(32) });
    expect(a.record).toHaveLength(32);
    expect(a.record.equals(a.checkpoint)).toBe(false);
    expect(auditKeys({ ZQ_AUDIT_KEY: 'cd'.repeat(32) }).record.equals(a.record)).toBe(false);
    expect(() => auditKeys({ ZQ_AUDIT_KEY: 'short' })).toThrow(/64 hexadecimal/);
    expect(() => auditKeys({ NODE_ENV: 'production' })).toThrow(/required in production/);
    expect(auditKeys({ NODE_ENV: 'production', ZQ_AUDIT_KEY: 'ab'.repeat(32) }).record.equals(a.record)).toBe(
      true,
    );
  });
});
