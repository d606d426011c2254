import { sql } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deliverNotices } from './deliver.ts';
import { inboxCounts, listInbox, markAllNoticesRead, markNoticeRead, recountInbox } from './inbox.ts';
import { renderNotice } from './kinds.ts';
import { notify } from './outbox.ts';
import { pendingOutbox, setupInboxes } from './testing/setup.ts';

const returned = (userId: number) =>
  ({
    to: { userId },
    kind: 'scoring.report_returned',
    params: { year: 2026, indicator: '党建述职', reason: '缺少附件' },
    link: '/scoring/report',
  }) as const;

describe('notice kinds', () => {
  it('render in both languages, and an unknown kind renders nothing', () => {
    expect(renderNotice('task.due', { task: '报送', due: '2026-12-08' }, 'zh-CN')).toEqual({
      title: '任务即将到期：报送',
      body: '“报送”应于 2026-12-08 前完成。',
    });
    expect(renderNotice('task.due', { task: 'x', due: 'y' }, 'en')?.title).toBe('Task due: x');
    expect(renderNotice('nope', {}, 'en')).toBeNull();
  });
});

describeEachDialect('notify: the outbox and delivery', (t) => {
  it('a notice is queued in the business transaction and delivered once; none when it rolls back', async () => {
    const s = await setupInboxes(t.db);
    await t.db.transaction().execute(async (trx) => {
      await notify(trx, returned(s.alice));
    });
    await expect(
      t.db.transaction().execute(async (trx) => {
        await notify(trx, returned(s.bob));
        throw new Error('the business write failed');
      }),
    ).rejects.toThrow('business write failed');
    const pending = await pendingOutbox(t.db);
    expect(pending).toHaveLength(1);
    await t.db.transaction().execute((trx) => deliverNotices(trx, pending));
    expect((await listInbox(t.db, s.alice, { page: 1, pageSize: 10 })).rows).toHaveLength(1);
    expect((await listInbox(t.db, s.bob, { page: 1, pageSize: 10 })).rows).toHaveLength(0);
    expect(await inboxCounts(t.db, s.alice)).toEqual({ unread: 1, total: 1 });
    expect(await inboxCounts(t.db, s.bob)).toEqual({ unread: 0, total: 0 });
  });

  it('a notice reads in the reader’s language, with its link', async () => {
    const s = await setupInboxes(t.db);
    await t.db.transaction().execute((trx) => notify(trx, returned(s.alice)));
    await t.db.transaction().execute(async (trx) => deliverNotices(trx, await pendingOutbox(trx)));
    const zh = (await listInbox(t.db, s.alice, { page: 1, pageSize: 10 })).rows[0]!;
    const en = (await listInbox(t.db, s.alice, { page: 1, pageSize: 10, locale: 'en' })).rows[0]!;
    expect(zh).toMatchObject({ title: '指标填报被退回', link: '/scoring/report', read_at: null });
    expect(zh.body).toContain('缺少附件');
    expect(en.title).toBe('Indicator report returned');
    expect(en.body).toContain('Reason: 缺少附件');
  });

  it('a unit’s notice reaches each enabled account of the unit, each with its own read mark', async () => {
    const s = await setupInboxes(t.db);
    await t.db.updateTable('app_user').set({ disabled: 1 }).where('id', '=', s.staff).execute();
    await t.db.transaction().execute((trx) =>
      notify(trx, {
        to: { orgUnitId: s.dept.id },
        kind: 'task.due',
        params: { task: '报送', due: '2026-12-08' },
      }),
    );
    await t.db.transaction().execute(async (trx) => deliverNotices(trx, await pendingOutbox(trx)));
    expect(await inboxCounts(t.db, s.admin)).toEqual({ unread: 1, total: 1 });
    expect(await inboxCounts(t.db, s.staff)).toEqual({ unread: 0, total: 0 });
  });

  it('delivery is idempotent under retry: the same outbox rows delivered again add nothing', async () => {
    const s = await setupInboxes(t.db);
    await t.db
      .transaction()
      .execute((trx) =>
        notify(trx, [
          returned(s.alice),
          returned(s.bob),
          { ...returned(s.alice), to: { userIds: [s.alice, s.carol] } },
        ]),
      );
    const pending = await pendingOutbox(t.db);
    const first = await t.db.transaction().execute((trx) => deliverNotices(trx, pending));
    const again = await t.db.transaction().execute((trx) => deliverNotices(trx, pending));
    expect(first.delivered).toBe(4);
    expect(again.delivered).toBe(0);
    // A retry after a crash that had committed part of the rows: only the rest arrives.
    await t.db.transaction().execute((trx) => notify(trx, returned(s.carol)));
    const more = await pendingOutbox(t.db);
    expect((await t.db.transaction().execute((trx) => deliverNotices(trx, more))).delivered).toBe(1);
    for (const u of [s.alice, s.bob, s.carol])
      expect(await inboxCounts(t.db, u)).toEqual(await recountInbox(t.db, u));
    expect(await inboxCounts(t.db, s.alice)).toEqual({ unread: 2, total: 2 });
    expect(await inboxCounts(t.db, s.carol)).toEqual({ unread: 2, total: 2 });
  });

  it('two workers delivering the same rows at once insert each notice once', async () => {
    const s = await setupInboxes(t.db);
    await t.db.transaction().execute((trx) =>
      notify(
        trx,
        Array.from({ length: 20 }, (_, i) => returned([s.alice, s.bob, s.carol][i % 3]!)),
      ),
    );
    const pending = await pendingOutbox(t.db);
    const results = await Promise.all(
      [pending, [...pending].reverse()].map((p) =>
        t.db.transaction().execute((trx) => deliverNotices(trx, p)),
      ),
    );
    expect(results[0]!.delivered + results[1]!.delivered).toBe(20);
    const n = await t.db.selectFrom('notice').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(20);
    for (const u of [s.alice, s.bob, s.carol])
      expect(await inboxCounts(t.db, u)).toEqual(await recountInbox(t.db, u));
  });

  it('one member cannot mark or read another’s notice', async () => {
    const s = await setupInboxes(t.db);
    await t.db.transaction().execute((trx) => notify(trx, returned(s.alice)));
    await t.db.transaction().execute(async (trx) => deliverNotices(trx, await pendingOutbox(trx)));
    const [mine] = (await listInbox(t.db, s.alice, { page: 1, pageSize: 5 })).rows;
    await expect(
      t.db.transaction().execute((trx) => markNoticeRead(trx, s.bob, mine!.id)),
    ).rejects.toMatchObject({
      kind: 'NOT_FOUND',
    });
    expect(await markAllNoticesRead(t.db, s.bob)).toBe(0);
    expect(await inboxCounts(t.db, s.alice)).toEqual({ unread: 1, total: 1 });
    expect((await listInbox(t.db, s.bob, { page: 1, pageSize: 5 })).rows).toEqual([]);
  });

  it('unread counts equal a recount after random sequences of deliveries and reads', async () => {
    const s = await setupInboxes(t.db);
    const users = [s.alice, s.bob, s.carol];
    const op = fc.oneof(
      fc.record({ op: fc.constant('send' as const), to: fc.subarray(users, { minLength: 1 }) }),
      fc.record({ op: fc.constant('deliver' as const), twice: fc.boolean() }),
      fc.record({ op: fc.constant('read' as const), user: fc.constantFrom(...users), pick: fc.nat(50) }),
      fc.record({ op: fc.constant('readAll' as const), user: fc.constantFrom(...users) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 12 }), async (ops) => {
        for (const o of ops) {
          if (o.op === 'send')
            await t.db.transaction().execute((trx) => notify(trx, { ...returned(0), to: { userIds: o.to } }));
          else if (o.op === 'deliver') {
            const p = await pendingOutbox(t.db);
            await t.db.transaction().execute((trx) => deliverNotices(trx, p));
            if (o.twice) await t.db.transaction().execute((trx) => deliverNotices(trx, p));
            await t.db
              .updateTable('job_outbox')
              .set({ consumed_at: 'x' })
              .where('consumed_at', 'is', null)
              .execute();
          } else if (o.op === 'read') {
            const rows = (await listInbox(t.db, o.user, { page: 1, pageSize: 100 })).rows;
            const n = rows[o.pick % Math.max(rows.length, 1)];
            if (n) await t.db.transaction().execute((trx) => markNoticeRead(trx, o.user, n.id));
          } else await t.db.transaction().execute((trx) => markAllNoticesRead(trx, o.user));
        }
        for (const u of users) expect(await inboxCounts(t.db, u)).toEqual(await recountInbox(t.db, u));
      }),
      { numRuns: 25 },
    );
  });

  it('refuses a notice without a recipient or of an unknown kind, in the caller’s transaction', async () => {
    const s = await setupInboxes(t.db);
    expect(await notify(t.db, { ...returned(s.alice), to: { userIds: [] } })).toEqual([]);
    // @ts-expect-error: a kind the catalogue does not hold
    await expect(notify(t.db, { ...returned(s.alice), kind: 'made.up' })).rejects.toThrow();
    expect(await pendingOutbox(t.db)).toEqual([]);
  });
});
