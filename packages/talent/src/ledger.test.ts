import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createDb, migrateToLatest, sql } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import { describe, expect, it } from 'vitest';
import { appendEntry, fundBalances, listEntries, reverseEntry } from './ledger.ts';
import { STAFF, setupTalent } from './testing/setup.ts';

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e) => (e?.messageKey ? `${e.kind}:${e.messageKey}` : String(e.message ?? e)),
  );

describeEachDialect('talent fund ledger', (t) => {
  it('budget, commitment, disbursement and reversal move the balances; every entry records approver and reason', async () => {
    const s = await setupTalent(t.db, 1_000_000);
    const c = await appendEntry(t.db, {
      fundId: s.fund.id,
      kind: 'commitment',
      amountFen: 300_000,
      reason: '批准',
      approver: { userId: null, name: '张主任' },
    });
    const d = await appendEntry(t.db, {
      fundId: s.fund.id,
      kind: 'disbursement',
      amountFen: 100_000,
      reason: '拨付',
      approver: STAFF,
    });
    expect(await fundBalances(t.db, s.fund.id)).toEqual({
      availableFen: 700_000,
      committedFen: 200_000,
      disbursedFen: 100_000,
      budgetFen: 1_000_000,
    });
    // the commitment cannot be reversed while part of it is paid ("committed" would go below zero)
    expect(await codeOf(reverseEntry(t.db, { entryId: c.id, reason: '审批有误', approver: STAFF }))).toBe(
      'PRECONDITION_FAILED:talent.ledgerWouldGoNegative',
    );
    const rd = await reverseEntry(t.db, { entryId: d.id, reason: '款项退回', approver: STAFF });
    expect(rd).toMatchObject({
      kind: 'reversal',
      reverses_entry_id: d.id,
      amount_fen: 100_000,
      approved_by_name: STAFF.name,
    });
    expect(await fundBalances(t.db, s.fund.id)).toEqual({
      availableFen: 700_000,
      committedFen: 300_000,
      disbursedFen: 0,
      budgetFen: 1_000_000,
    });
    await reverseEntry(t.db, { entryId: c.id, reason: '审批有误，冲正', approver: STAFF });
    expect(await fundBalances(t.db, s.fund.id)).toEqual({
      availableFen: 1_000_000,
      committedFen: 0,
      disbursedFen: 0,
      budgetFen: 1_000_000,
    });
    expect(c.approved_by_name).toBe('张主任');
    expect(c.reason).toBe('批准');
  });

  it('a reversal that would take a balance below zero is refused and nothing is written', async () => {
    const s = await setupTalent(t.db, 1_000_000);
    const c = await appendEntry(t.db, {
      fundId: s.fund.id,
      kind: 'commitment',
      amountFen: 300_000,
      reason: '批准',
      approver: STAFF,
    });
    await appendEntry(t.db, {
      fundId: s.fund.id,
      kind: 'disbursement',
      amountFen: 300_000,
      reason: '拨付',
      approver: STAFF,
    });
    const before = await listEntries(t.db, { fundId: s.fund.id, page: 1, pageSize: 50 });
    expect(await codeOf(reverseEntry(t.db, { entryId: c.id, reason: 'x', approver: STAFF }))).toBe(
      'PRECONDITION_FAILED:talent.ledgerWouldGoNegative',
    );
    expect((await listEntries(t.db, { fundId: s.fund.id, page: 1, pageSize: 50 })).total).toBe(before.total);
  });

  it('each entry is reversed at most once, a reversal never, and reasons are required', async () => {
    const s = await setupTalent(t.db, 1_000_000);
    const b = await appendEntry(t.db, {
      fundId: s.fund.id,
      kind: 'budget',
      amountFen: 500,
      reason: '追加',
      approver: STAFF,
    });
    const r = await reverseEntry(t.db, { entryId: b.id, reason: '录入错误', approver: STAFF });
    expect(await codeOf(reverseEntry(t.db, { entryId: b.id, reason: '再次', approver: STAFF }))).toBe(
      'CONFLICT:talent.entryAlreadyReversed',
    );
    expect(await codeOf(reverseEntry(t.db, { entryId: r.id, reason: '再次', approver: STAFF }))).toBe(
      'BAD_INPUT:talent.cannotReverseReversal',
    );
    expect(
      await codeOf(
        appendEntry(t.db, { fundId: s.fund.id, kind: 'budget', amountFen: 5, reason: '  ', approver: STAFF }),
      ),
    ).toBe('BAD_INPUT:talent.reasonRequired');
    expect(await codeOf(reverseEntry(t.db, { entryId: 9999, reason: 'x', approver: STAFF }))).toBe(
      'NOT_FOUND:talent.entryNotFound',
    );
    const list = await listEntries(t.db, { fundId: s.fund.id, page: 1, pageSize: 10 });
    expect(list.total).toBe(3);
    expect(list.rows.find((x) => x.id === b.id)!.reversed).toBe(true);
    expect(list.sums.availableFen).toBe(1_000_000);
  });

  it('the database itself refuses UPDATE and DELETE of ledger entries', async () => {
    const s = await setupTalent(t.db, 1_000_000);
    const err1 = await t.db
      .updateTable('talent_fund_entry')
      .set({ amount_fen: 1 })
      .execute()
      .catch((e) => e);
    expect(String(err1.message)).toContain('append-only');
    const err2 = await t.db
      .deleteFrom('talent_fund_entry')
      .execute()
      .catch((e) => e);
    expect(String(err2.message)).toContain('append-only');
    const err3 = await sql`update talent_fund_entry set reason = 'edited' where fund_id = ${s.fund.id}`
      .execute(t.db)
      .catch((e) => e);
    expect(String(err3.message)).toContain('append-only');
    expect(await fundBalances(t.db, s.fund.id)).toMatchObject({ availableFen: 1_000_000 });
    // the package offers no update or delete of entries at all
    const api = await import('./index.ts');
    expect(Object.keys(api).filter((k) => /^(update|delete|edit|remove)(Fund)?Entr/i.test(k))).toEqual([]);
  });

  it('a non-positive amount is refused by the rules and by the database', async () => {
    const s = await setupTalent(t.db, 0);
    expect(
      await codeOf(
        appendEntry(t.db, { fundId: s.fund.id, kind: 'budget', amountFen: 0, reason: 'x', approver: STAFF }),
      ),
    ).toBe('BAD_INPUT:talent.badAmount');
    const err = await t.db
      .insertInto('talent_fund_entry')
      .values({
        fund_id: s.fund.id,
        kind: 'budget',
        amount_fen: -5,
        d_available_fen: -5,
        d_committed_fen: 0,
        d_disbursed_fen: 0,
        reverses_entry_id: null,
        ref_type: null,
        ref_id: null,
        entry_date: '2026-01-01',
        reason: 'x',
        approved_by: null,
        approved_by_name: 'x',
        created_at: 'x',
      })
      .execute()
      .catch((e) => e);
    expect(err).toBeInstanceOf(Error);
  });

  it('approvals racing for the last yuan: exactly as many pass as the balance covers', async () => {
    const s = await setupTalent(t.db, 1_000); // 10 yuan
    const dbs =
      t.dialect === 'postgres'
        ? [
            createDb({ dialect: 'postgres', url: t.url, poolSize: 10 }),
            createDb({ dialect: 'postgres', url: t.url, poolSize: 10 }),
          ]
        : [t.db];
    try {
      const attempts = Array.from({ length: 20 }, (_, i) =>
        appendEntry(dbs[i % dbs.length]!, {
          fundId: s.fund.id,
          kind: 'commitment',
          amountFen: 100,
          reason: `第${i}笔`,
          approver: STAFF,
        }).then(
          () => 'ok',
          (e) => e.messageKey as string,
        ),
      );
      const results = await Promise.all(attempts);
      expect(results.filter((r) => r === 'ok')).toHaveLength(10);
      expect(results.filter((r) => r === 'talent.insufficientFund')).toHaveLength(10);
      expect(await fundBalances(t.db, s.fund.id)).toMatchObject({ availableFen: 0, committedFen: 1_000 });
    } finally {
      if (t.dialect === 'postgres') for (const d of dbs) await d.destroy();
    }
  });
});

describe('talent fund ledger under truly concurrent transactions', () => {
  it('[postgres] the second of two approvals for the last yuan waits on the fund lock and is refused', async () => {
    if (!(process.env.ZQ_TEST_DIALECTS ?? 'sqlite,postgres').includes('postgres')) return;
    const { createTestDb } = await import('@zhanqian/db/testing');
    const t = await createTestDb('postgres');
    const a = createDb({ dialect: 'postgres', url: t.url, poolSize: 1 });
    const b = createDb({ dialect: 'postgres', url: t.url, poolSize: 1 });
    try {
      const s = await setupTalent(t.db, 100); // one yuan
      let aInserted!: () => void;
      const aHasInserted = new Promise<void>((r) => {
        aInserted = r;
      });
      const first = a.transaction().execute(async (trx) => {
        const e = await appendEntry(trx, {
          fundId: s.fund.id,
          kind: 'commitment',
          amountFen: 100,
          reason: '甲审批',
          approver: STAFF,
        });
        aInserted();
        await new Promise((r) => setTimeout(r, 400)); // hold the lock, uncommitted
        return e;
      });
      await aHasInserted;
      const started = Date.now();
      const second = await appendEntry(b, {
        fundId: s.fund.id,
        kind: 'commitment',
        amountFen: 100,
        reason: '乙审批',
        approver: STAFF,
      }).then(
        () => 'ok',
        (e) => e.messageKey,
      );
      const waited = Date.now() - started;
      await first;
      expect(second).toBe('talent.insufficientFund');
      expect(waited).toBeGreaterThanOrEqual(250); // it blocked on the row lock until the first committed
      expect(await fundBalances(t.db, s.fund.id)).toMatchObject({ availableFen: 0, committedFen: 100 });
    } finally {
      await a.destroy();
      await b.destroy();
      await t.destroy();
    }
  }, 60_000);

  /** Runs `threads` worker threads on one SQLite file, released at the same instant. */
  async function raceOnSqliteFile(
    op: 'commit' | 'apply',
    threads: number,
    attempts: number,
    check: (
      db: ReturnType<typeof createDb>,
      s: Awaited<ReturnType<typeof setupTalent>>,
      all: { ok: number; refused: number; errors: string[] }[],
    ) => Promise<void>,
  ) {
    const dir = mkdtempSync(join(tmpdir(), 'zq-talent-race-'));
    const path = join(dir, 'race.sqlite');
    const db = createDb({ dialect: 'sqlite', path });
    try {
      await migrateToLatest(db);
      const s = await setupTalent(db, 1_000);
      const gate = new SharedArrayBuffer(8);
      const flag = new Int32Array(gate);
      const workers = Array.from(
        { length: threads },
        () =>
          new Worker(new URL('./testing/race-worker.ts', import.meta.url), {
            workerData: { op, talentId: s.alice.id, path, fundId: s.fund.id, attempts, amountFen: 100, gate },
          }),
      );
      const results = workers.map(
        (w) =>
          new Promise<{ ok: number; refused: number; errors: string[] }>((resolve, reject) => {
            w.once('message', resolve);
            w.once('error', reject);
          }),
      );
      while (Atomics.load(flag, 1) < threads) await new Promise((r) => setTimeout(r, 10));
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
      await check(db, s, await Promise.all(results));
    } finally {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('[sqlite] four writer threads on one database file, twenty approvals, ten yuan: exactly ten pass', async () => {
    if (!(process.env.ZQ_TEST_DIALECTS ?? 'sqlite,postgres').includes('sqlite')) return;
    await raceOnSqliteFile('commit', 4, 5, async (db, s, all) => {
      expect(all.flatMap((r) => r.errors)).toEqual([]);
      expect(all.reduce((n, r) => n + r.ok, 0)).toBe(10);
      expect(all.reduce((n, r) => n + r.refused, 0)).toBe(10);
      expect(await fundBalances(db, s.fund.id)).toMatchObject({ availableFen: 0, committedFen: 1_000 });
    });
  }, 60_000);

  it('[sqlite] four threads filing the same subsidy at once: exactly one application, the rest CONFLICT', async () => {
    if (!(process.env.ZQ_TEST_DIALECTS ?? 'sqlite,postgres').includes('sqlite')) return;
    await raceOnSqliteFile('apply', 4, 2, async (db, s, all) => {
      expect(all.flatMap((r) => r.errors)).toEqual([]);
      expect(all.reduce((n, r) => n + r.ok, 0)).toBe(1);
      expect(all.reduce((n, r) => n + r.refused, 0)).toBe(7);
      const rows = await db
        .selectFrom('talent_subsidy_application')
        .select('id')
        .where('talent_id', '=', s.alice.id)
        .execute();
      expect(rows).toHaveLength(1);
    });
  }, 60_000);
});

describeEachDialect('talent data purge (seed --reset)', (t) => {
  it('deletes every talent row and leaves the ledger guarded again', async () => {
    const s = await setupTalent(t.db, 1_000_000);
    const c = await appendEntry(t.db, {
      fundId: s.fund.id,
      kind: 'commitment',
      amountFen: 5,
      reason: 'x',
      approver: STAFF,
    });
    await reverseEntry(t.db, { entryId: c.id, reason: 'y', approver: STAFF });
    const { purgeTalentData } = await import('./purge.ts');
    await purgeTalentData(t.db);
    for (const table of [
      'talent_fund_entry',
      'talent_fund',
      'talent_person',
      'talent_tier',
      'talent_catalogue',
    ] as const) {
      const r = await t.db.selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
      expect(Number(r.n), table).toBe(0);
    }
    const { createFund } = await import('./ledger.ts');
    const again = { fund: await createFund(t.db, { name: '重建', orgUnitId: s.rcb.id }) };
    await appendEntry(t.db, {
      fundId: again.fund.id,
      kind: 'budget',
      amountFen: 1_000,
      reason: '预算',
      approver: STAFF,
    });
    const err = await t.db
      .deleteFrom('talent_fund_entry')
      .execute()
      .catch((e) => e);
    expect(String(err.message)).toContain('append-only');
    const err2 = await t.db
      .updateTable('talent_fund_entry')
      .set({ reason: 'z' })
      .execute()
      .catch((e) => e);
    expect(String(err2.message)).toContain('append-only');
    expect((await fundBalances(t.db, again.fund.id)).availableFen).toBe(1_000);
  });
});
