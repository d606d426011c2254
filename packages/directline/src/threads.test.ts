import { nowIso } from '@zhanqian/core';
import type { Database, Kysely } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import { createUnit } from '@zhanqian/org';
import { expect, it } from 'vitest';
import {
  type Actor,
  answerThread,
  assignThread,
  closeThread,
  followUpThread,
  getThread,
  listThreads,
  openThread,
  rateThread,
  remindDueThreads,
} from './threads.ts';

async function setup(db: Kysely<Database>) {
  const district = await createUnit(db, {
    parentId: null,
    kind: 'district',
    name: '站前区',
    code: 'ZQ',
    portal: 'district',
  });
  const dept = await createUnit(db, {
    parentId: district.id,
    kind: 'department',
    name: '区委组织部',
    code: 'D-ZZB',
    portal: 'district',
  });
  const street = await createUnit(db, {
    parentId: district.id,
    kind: 'street',
    name: '站前街道',
    code: 'S1',
    portal: null,
  });
  const user = async (username: string, orgUnitId: number, handles: boolean): Promise<Actor> => {
    const r = await db
      .insertInto('app_user')
      .values({
        username,
        display_name: `${username}名`,
        password_hash: 'x',
        role: handles ? 'district_admin' : 'member',
        org_unit_id: orgUnitId,
        member_id: null,
        locked_until: null,
        totp_secret: null,
        password_changed_at: nowIso(),
        created_at: nowIso(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { userId: r.id, displayName: `${username}名`, handles };
  };
  return {
    dept,
    street,
    admin: await user('admin', dept.id, true),
    staff: await user('staff', dept.id, true),
    alice: await user('alice', street.id, false),
    bob: await user('bob', street.id, false),
  };
}

/** The notices queued (not yet delivered): kind and recipients. */
async function queued(db: Kysely<Database>) {
  const rows = await db
    .selectFrom('job_outbox')
    .select('payload_json')
    .where('job_name', '=', 'notify.deliver')
    .orderBy('id')
    .execute();
  return rows.map((r) => {
    const p = JSON.parse(r.payload_json);
    return { kind: p.kind, userIds: p.userIds, orgUnitId: p.orgUnitId, linkM: p.linkM };
  });
}

const kindOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e) => `${e.kind}:${e.messageKey}`,
  );

describeEachDialect('the direct line', (t) => {
  it('received → assigned → answered → rated (closed), each step notifying in its transaction', async () => {
    const s = await setup(t.db);
    const th = await t.db.transaction().execute((trx) =>
      openThread(trx, s.alice, {
        title: '关于党费缴纳',
        body: '请问退休党员的党费基数如何计算？',
        now: new Date('2026-09-29T02:00:00Z'),
      }),
    );
    expect(th).toMatchObject({ status: 'received', received_on: '2026-09-29', due_on: '2026-10-12' });
    await t.db
      .transaction()
      .execute((trx) => assignThread(trx, s.admin, { id: th.id, assigneeUserId: s.staff.userId }));
    await t.db
      .transaction()
      .execute((trx) => answerThread(trx, s.staff, { id: th.id, body: '按退休费总额计算。' }));
    const rated = await t.db
      .transaction()
      .execute((trx) => rateThread(trx, s.alice, { id: th.id, rating: 5, comment: '很及时' }));
    expect(rated.after).toMatchObject({
      status: 'closed',
      rating: 5,
      rating_comment: '很及时',
      closed_by: s.alice.userId,
    });
    const full = await getThread(t.db, s.alice, th.id, '2026-10-01');
    expect(full.messages.map((m) => m.side)).toEqual(['member', 'department']);
    expect(full).toMatchObject({ member_name: 'alice名', assignee_name: 'staff名', overdue: false });
    expect(await queued(t.db)).toEqual([
      { kind: 'directline.received', userIds: [], orgUnitId: s.dept.id, linkM: null },
      { kind: 'directline.assigned', userIds: [s.staff.userId], orgUnitId: null, linkM: null },
      {
        kind: 'directline.reply',
        userIds: [s.alice.userId],
        orgUnitId: null,
        linkM: `/direct-line/${th.id}`,
      },
      { kind: 'directline.rated', userIds: [s.staff.userId], orgUnitId: null, linkM: null },
    ]);
  });

  it('a refused step changes nothing and queues no notice', async () => {
    const s = await setup(t.db);
    const th = await t.db
      .transaction()
      .execute((trx) => openThread(trx, s.alice, { title: '标题', body: '内容五个字' }));
    const before = await queued(t.db);
    expect(await kindOf(t.db.transaction().execute((trx) => closeThread(trx, s.admin, { id: th.id })))).toBe(
      'CONFLICT:directline.illegal',
    );
    expect(
      await kindOf(t.db.transaction().execute((trx) => rateThread(trx, s.alice, { id: th.id, rating: 4 }))),
    ).toBe('CONFLICT:directline.illegal');
    expect(
      await kindOf(
        t.db
          .transaction()
          .execute((trx) => assignThread(trx, s.admin, { id: th.id, assigneeUserId: s.bob.userId })),
      ),
    ).toBe('BAD_INPUT:directline.badAssignee');
    await t.db.transaction().execute((trx) => answerThread(trx, s.admin, { id: th.id, body: '答复' }));
    expect(
      await kindOf(
        t.db.transaction().execute((trx) => answerThread(trx, s.admin, { id: th.id, body: '再答' })),
      ),
    ).toBe('CONFLICT:directline.illegal');
    expect(
      await kindOf(
        t.db.transaction().execute((trx) => followUpThread(trx, s.alice, { id: th.id, body: '追问' })),
      ),
    ).toBe('CONFLICT:directline.illegal');
    await t.db.transaction().execute((trx) => rateThread(trx, s.alice, { id: th.id, rating: 3 }));
    expect(
      await kindOf(t.db.transaction().execute((trx) => rateThread(trx, s.alice, { id: th.id, rating: 1 }))),
    ).toBe('CONFLICT:directline.alreadyRated');
    expect((await queued(t.db)).map((q) => q.kind)).toEqual([
      ...before.map((q) => q.kind),
      'directline.reply',
      'directline.rated',
    ]);
  });

  it('one member cannot read, add to or rate another’s thread, nor act for the department', async () => {
    const s = await setup(t.db);
    const th = await t.db
      .transaction()
      .execute((trx) => openThread(trx, s.alice, { title: '标题', body: '内容五个字' }));
    const denied = 'NOT_FOUND:directline.notFound';
    expect(await kindOf(getThread(t.db, s.bob, th.id))).toBe(denied);
    expect(
      await kindOf(t.db.transaction().execute((trx) => followUpThread(trx, s.bob, { id: th.id, body: 'x' }))),
    ).toBe(denied);
    expect(
      await kindOf(t.db.transaction().execute((trx) => answerThread(trx, s.bob, { id: th.id, body: 'x' }))),
    ).toBe(denied);
    expect(
      await kindOf(
        t.db
          .transaction()
          .execute((trx) => assignThread(trx, s.alice, { id: th.id, assigneeUserId: s.staff.userId })),
      ),
    ).toBe(denied);
    expect(await kindOf(t.db.transaction().execute((trx) => closeThread(trx, s.alice, { id: th.id })))).toBe(
      denied,
    );
    await t.db.transaction().execute((trx) => answerThread(trx, s.admin, { id: th.id, body: '答复' }));
    expect(
      await kindOf(t.db.transaction().execute((trx) => rateThread(trx, s.bob, { id: th.id, rating: 1 }))),
    ).toBe(denied);
    expect((await listThreads(t.db, s.bob, { page: 1, pageSize: 10 })).rows).toEqual([]);
    expect((await listThreads(t.db, s.alice, { page: 1, pageSize: 10 })).total).toBe(1);
    expect((await listThreads(t.db, s.admin, { page: 1, pageSize: 10 })).total).toBe(1);
  });

  it('the department sees overdue threads, and due reminders go out once a day', async () => {
    const s = await setup(t.db);
    const open = (title: string, at: string) =>
      t.db
        .transaction()
        .execute((trx) => openThread(trx, s.alice, { title, body: '内容五个字', now: new Date(at) }));
    const late = await open('逾期的', '2026-09-29T02:00:00Z'); // due 2026-10-12
    const fresh = await open('未到期', '2026-10-12T02:00:00Z'); // due 2026-10-19
    const done = await open('已答复', '2026-09-29T02:00:00Z');
    await t.db.transaction().execute((trx) => answerThread(trx, s.admin, { id: done.id, body: '答复' }));
    await t.db
      .transaction()
      .execute((trx) => assignThread(trx, s.admin, { id: late.id, assigneeUserId: s.staff.userId }));
    const list = await listThreads(t.db, s.admin, { overdue: true, page: 1, pageSize: 10 }, '2026-10-13');
    expect(list.rows.map((r) => r.id)).toEqual([late.id]);
    expect(list).toMatchObject({ open: 2, overdue: 1 });
    expect(fresh.due_on).toBe('2026-10-19');
    const before = (await queued(t.db)).length;
    expect(await t.db.transaction().execute((trx) => remindDueThreads(trx, '2026-10-13'))).toBe(1);
    expect(await t.db.transaction().execute((trx) => remindDueThreads(trx, '2026-10-13'))).toBe(0);
    const reminders = (await queued(t.db)).slice(before);
    expect(reminders).toEqual([
      { kind: 'task.due', userIds: [s.staff.userId], orgUnitId: null, linkM: null },
    ]);
    expect(await t.db.transaction().execute((trx) => remindDueThreads(trx, '2026-10-14'))).toBe(1);
  });
});
