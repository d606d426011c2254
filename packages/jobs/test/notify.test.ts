import { nowIso } from '@zhanqian/core';
import type { Database, Kysely } from '@zhanqian/db';
import { sql } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import { inboxCounts, notify, recountInbox } from '@zhanqian/notify';
import { expect, it } from 'vitest';
import type { JobDefinition } from '../src/definition.ts';
import { notifyDeliverJob } from '../src/jobs/notify.ts';
import { runJob } from '../src/runner.ts';
import { silent } from '../src/testing.ts';

const def = notifyDeliverJob as unknown as JobDefinition;

async function twoUsers(db: Kysely<Database>) {
  const unit = await db
    .insertInto('org_unit')
    .values({ parent_id: null, kind: 'district', name: 'D', code: 'D', portal: 'district', created_at: 'x' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const user = async (username: string) =>
    (
      await db
        .insertInto('app_user')
        .values({
          username,
          display_name: username,
          password_hash: 'x',
          role: 'member',
          org_unit_id: unit.id,
          member_id: null,
          locked_until: null,
          totp_secret: null,
          password_changed_at: nowIso(),
          created_at: nowIso(),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  return [await user('a'), await user('b')] as const;
}

const noticeCount = async (db: Kysely<Database>) =>
  Number((await db.selectFrom('notice').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);

describeEachDialect('the notify.deliver job', (t) => {
  it('delivers each queued notice once, however often and however many runs take it', async () => {
    const [a, b] = await twoUsers(t.db);
    for (let i = 0; i < 10; i++)
      await t.db.transaction().execute((trx) =>
        notify(trx, {
          to: { userIds: i % 2 ? [a, b] : [a] },
          kind: 'task.due',
          params: { task: `任务${i}`, due: '2026-12-08' },
        }),
      );
    // Two runs at once (two workers): one delivers and consumes; the other either finds nothing
    // pending, or loses the consume race and rolls back. Never a notice twice.
    const runs = await Promise.allSettled([
      runJob(t.db, def, {}, { source: 'direct', logger: silent }),
      runJob(t.db, def, {}, { source: 'direct', logger: silent }),
    ]);
    expect(runs.some((r) => r.status === 'fulfilled')).toBe(true);
    expect(await noticeCount(t.db)).toBe(15);
    // A retry after everything was delivered: nothing pending, nothing added.
    await runJob(t.db, def, {}, { source: 'outbox', logger: silent });
    expect(await noticeCount(t.db)).toBe(15);
    // A retry of rows whose consume was lost (the worker died after delivering): delivered again, added nothing.
    await t.db.updateTable('job_outbox').set({ consumed_at: null, consumed_by_run: null }).execute();
    await runJob(t.db, def, {}, { source: 'outbox', logger: silent });
    expect(await noticeCount(t.db)).toBe(15);
    expect(await inboxCounts(t.db, a)).toEqual({ unread: 10, total: 10 });
    expect(await inboxCounts(t.db, b)).toEqual(await recountInbox(t.db, b));
    const left = await t.db.selectFrom('job_outbox').select('id').where('consumed_at', 'is', null).execute();
    expect(left).toEqual([]);
  });
});
