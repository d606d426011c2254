import { sql } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import { expect, it } from 'vitest';
import { appendAudit, GENESIS_HASH, recordAudit, verifyAuditChain } from './index.ts';

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
    await t.db.updateTable('audit_log').set({ after_json: '{"n":99}' }).where('id', '=', 3).execute();
    expect(await verifyAuditChain(t.db, 2)).toMatchObject({
      ok: false,
      firstBad: { id: 3, problem: 'hash' },
    });
  });

  it('finds a deleted record', async () => {
    for (let i = 0; i < 5; i++) await recordAudit(t.db, entry(i));
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
});
