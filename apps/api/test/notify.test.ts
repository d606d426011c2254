import { TRPCError } from '@trpc/server';
import type { Database, Kysely } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import { deliverNotices, recountInbox } from '@zhanqian/notify';
import { sampleScheme } from '@zhanqian/scoring';
import { expect, it } from 'vitest';
import { buildFixture, callerAs } from './fixture.ts';

async function code(run: Promise<unknown>): Promise<string> {
  try {
    await run;
    return 'ok';
  } catch (e) {
    if (e instanceof TRPCError) return e.code;
    throw e;
  }
}

/** What the worker does: delivers every committed notify outbox row (the job's handler, minus the runner). */
async function deliver(db: Kysely<Database>) {
  const rows = await db
    .selectFrom('job_outbox')
    .select(['id', 'payload_json'])
    .where('job_name', '=', 'notify.deliver')
    .where('consumed_at', 'is', null)
    .orderBy('id')
    .execute();
  await db.transaction().execute(async (trx) => {
    await deliverNotices(
      trx,
      rows.map((r) => ({ id: Number(r.id), payload: JSON.parse(r.payload_json) })),
    );
    if (rows.length)
      await trx
        .updateTable('job_outbox')
        .set({ consumed_at: new Date().toISOString() })
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
  });
}

const queued = async (db: Kysely<Database>) =>
  (await db.selectFrom('job_outbox').select('id').where('job_name', '=', 'notify.deliver').execute()).length;

async function addMember(db: Kysely<Database>, username: string, orgUnitId: number) {
  await db
    .insertInto('app_user')
    .values({
      username,
      display_name: username,
      password_hash: 'x',
      role: 'member',
      org_unit_id: orgUnitId,
      password_changed_at: 'x',
      created_at: 'x',
    })
    .execute();
}

describeEachDialect('notifications through the API', (t) => {
  it('a returned report is a notice for its reporter (with the reason); a refused review queues none', async () => {
    const f = await buildFixture(t.db);
    const kaohe = await callerAs(t.db, 'kaohe');
    await kaohe.scoring.scheme.save({ def: sampleScheme(2026) });
    await kaohe.scoring.scheme.setStatus({ year: 2026, to: 'open' });
    const [subject] = await kaohe.scoring.subjects.add({
      year: 2026,
      subjects: [{ orgUnitId: f.streets[0]!.street.id, category: 'street' }],
    });
    const ids = (await kaohe.scoring.scheme.get({ year: 2026 })).ids;
    const reporter = await callerAs(t.db, 'unit_reporter');
    const r = await reporter.scoring.report.submit({
      subjectId: subject!.id,
      indicatorId: ids.A2W1I3!,
      value: 9,
    });
    // Refused: no reason (bad input), the wrong department — nothing queued.
    expect(
      await code(kaohe.scoring.review.decide({ reportId: r.id, approve: false, reason: '' } as never)),
    ).toBe('BAD_REQUEST');
    expect(
      await code((await callerAs(t.db, 'rencai')).scoring.review.decide({ reportId: r.id, approve: true })),
    ).toBe('FORBIDDEN');
    expect(await queued(t.db)).toBe(0);
    await kaohe.scoring.review.decide({ reportId: r.id, approve: false, reason: '佐证材料不全' });
    await deliver(t.db);
    const inbox = await reporter.inbox.list({ page: 1, pageSize: 10 });
    expect(inbox.unread).toBe(1);
    expect(inbox.rows[0]).toMatchObject({
      kind: 'scoring.report_returned',
      title: '指标填报被退回',
      link: '/scoring/report',
    });
    expect(inbox.rows[0]!.body).toContain('佐证材料不全');
    const en = await (await callerAs(t.db, 'unit_reporter', 'en')).inbox.list({ page: 1, pageSize: 10 });
    expect(en.rows[0]!.title).toBe('Indicator report returned');
    // Resubmitted and approved: a second notice.
    await reporter.scoring.report.submit({ subjectId: subject!.id, indicatorId: ids.A2W1I3!, value: 1 });
    await kaohe.scoring.review.decide({ reportId: r.id, approve: true });
    await deliver(t.db);
    expect(await reporter.inbox.unread()).toEqual({ unread: 2, total: 2 });
    // Nobody else got it.
    expect(await (await callerAs(t.db, 'member')).inbox.unread()).toEqual({ unread: 0, total: 0 });
  });

  it('the direct line: the member writes, the department answers, the member reads the notice and rates', async () => {
    const f = await buildFixture(t.db);
    await addMember(t.db, 'member2', f.streets[1]!.branch.id);
    const member = await callerAs(t.db, 'member');
    const other = await callerAs(t.db, 'member2');
    const admin = await callerAs(t.db, 'district_admin');
    const thread = await member.directLine.open({
      title: '关于党费缴纳',
      body: '退休党员的党费基数如何计算？',
    });
    expect(thread.status).toBe('received');
    // The department hears of it.
    await deliver(t.db);
    expect((await admin.inbox.list({ page: 1, pageSize: 5 })).rows[0]).toMatchObject({
      kind: 'directline.received',
      link: `/direct-line/${thread.id}`,
    });
    // Denials: another member neither sees nor touches it; a member cannot answer; a reporter cannot list the department's view.
    expect(await code(other.directLine.get({ id: thread.id }))).toBe('NOT_FOUND');
    expect(await code(other.directLine.rate({ id: thread.id, rating: 1 }))).toBe('NOT_FOUND');
    expect(await code(other.directLine.followUp({ id: thread.id, body: '我也想问' }))).toBe('NOT_FOUND');
    expect(await code(member.directLine.answer({ id: thread.id, body: '自问自答' }))).toBe('FORBIDDEN');
    expect(await code(member.directLine.staff())).toBe('FORBIDDEN');
    expect((await other.directLine.list({})).total).toBe(0);
    expect(await code((await callerAs(t.db, 'sys_admin')).directLine.list({}))).toBe('FORBIDDEN');
    expect((await admin.directLine.list({})).rows.map((r) => r.id)).toEqual([thread.id]);

    const staff = await admin.directLine.staff();
    await admin.directLine.assign({ id: thread.id, assigneeUserId: staff[0]!.id });
    await admin.directLine.answer({ id: thread.id, body: '按本人退休费总额计算。' });
    await deliver(t.db);
    const inbox = await member.inbox.list({ page: 1, pageSize: 5 });
    expect(inbox.unread).toBe(1);
    const [reply] = inbox.rows;
    expect(reply).toMatchObject({ kind: 'directline.reply', link_m: `/direct-line/${thread.id}` });
    // One member cannot mark another's notice; the owner can, once.
    expect(await code(other.inbox.markRead({ id: reply!.id }))).toBe('NOT_FOUND');
    await member.inbox.markRead({ id: reply!.id });
    await member.inbox.markRead({ id: reply!.id });
    expect(await member.inbox.unread()).toEqual({ unread: 0, total: 1 });
    const rated = await member.directLine.rate({ id: thread.id, rating: 5, comment: '答复及时' });
    expect(rated).toMatchObject({ status: 'closed', rating: 5 });
    expect(await code(member.directLine.rate({ id: thread.id, rating: 4 }))).toBe('CONFLICT');
    const full = await member.directLine.get({ id: thread.id });
    expect(full.messages.map((m) => m.side)).toEqual(['member', 'department']);
    // Every step audited.
    const actions = (
      await t.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', 'like', 'directLine.%')
        .where('result', '=', 'ok')
        .execute()
    ).map((a) => a.action);
    expect(actions).toEqual(['directLine.open', 'directLine.assign', 'directLine.answer', 'directLine.rate']);
    await deliver(t.db);
    const adminUser = await t.db
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', 'district_admin')
      .executeTakeFirstOrThrow();
    expect(await admin.inbox.unread()).toEqual(await recountInbox(t.db, adminUser.id));
    await admin.inbox.markAllRead();
    expect((await admin.inbox.unread()).unread).toBe(0);
  });
});
