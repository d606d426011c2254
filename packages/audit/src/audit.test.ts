import { type Database, dialectOf, type Kysely, sql } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import { expect, it } from 'vitest';
import {
  AUDIT_RETENTION_DAYS,
  appendAudit,
  auditCsv,
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
