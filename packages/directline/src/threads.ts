import { DomainError, nowIso, shanghaiDate } from '@zhanqian/core';
import type { Database, DirectLineStatus, Kysely } from '@zhanqian/db';
import { sql } from '@zhanqian/db';
import { notify } from '@zhanqian/notify';
import { ACTION_LABELS, STATUS_LABELS } from './messages.ts';
import { type DirectLineAction, dueDate, isOverdue, nextStatus } from './rules.ts';

type Db = Kysely<Database>;

/** Who acts: the account, and (for the department's side) whether it may handle threads. */
export interface Actor {
  userId: number;
  displayName: string;
  /** Holds `directline.handle`: the department's side of every thread. */
  handles: boolean;
}

const LINK_ADMIN = (id: number) => `/direct-line/${id}`;
const LINK_MEMBER = (id: number) => `/direct-line/${id}`;

/** The district organization department: the direct line's receiving unit. */
export async function directLineDepartment(db: Db): Promise<number> {
  const dept = await db
    .selectFrom('org_unit')
    .select('id')
    .where('portal', '=', 'district')
    .where('kind', '=', 'department')
    .orderBy('id')
    .executeTakeFirst();
  if (!dept) throw new DomainError('NOT_FOUND', 'directline.noDepartment');
  return dept.id;
}

async function load(db: Db, id: number) {
  const t = await db.selectFrom('direct_line_thread').selectAll().where('id', '=', id).executeTakeFirst();
  if (!t) throw new DomainError('NOT_FOUND', 'directline.notFound', { id });
  return t;
}

/** The thread, if the actor may see it: its writer, or the department. Others: NOT_FOUND. */
async function visible(db: Db, id: number, actor: Actor) {
  const t = await load(db, id);
  if (!actor.handles && t.member_user_id !== actor.userId)
    throw new DomainError('NOT_FOUND', 'directline.notFound', { id });
  return t;
}

function step(status: DirectLineStatus, action: DirectLineAction): DirectLineStatus {
  const next = nextStatus(status, action);
  if (!next)
    throw new DomainError('CONFLICT', 'directline.illegal', {
      status: STATUS_LABELS[status].en,
      statusZh: STATUS_LABELS[status]['zh-CN'],
      action: ACTION_LABELS[action].en,
      actionZh: ACTION_LABELS[action]['zh-CN'],
    });
  return next;
}

async function addMessage(
  db: Db,
  threadId: number,
  authorUserId: number,
  side: 'member' | 'department',
  body: string,
) {
  await db
    .insertInto('direct_line_message')
    .values({ thread_id: threadId, author_user_id: authorUserId, side, body, created_at: nowIso() })
    .execute();
}

/**
 * A member writes to the department: the thread starts 'received', due after the working-day
 * limit, and the department's accounts get a notice in the same transaction.
 * @example await openThread(ctx.tx, actor, { title: '关于党费', body: '……' })
 */
export async function openThread(trx: Db, actor: Actor, input: { title: string; body: string; now?: Date }) {
  const department = await directLineDepartment(trx);
  const at = input.now ?? new Date();
  const receivedOn = shanghaiDate(at);
  const thread = await trx
    .insertInto('direct_line_thread')
    .values({
      member_user_id: actor.userId,
      department_org_id: department,
      title: input.title,
      status: 'received',
      assignee_user_id: null,
      received_on: receivedOn,
      due_on: dueDate(receivedOn),
      created_at: at.toISOString(),
      assigned_at: null,
      answered_at: null,
      closed_at: null,
      closed_by: null,
      rating: null,
      rating_comment: null,
      rated_at: null,
      reminded_on: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await addMessage(trx, thread.id, actor.userId, 'member', input.body);
  await notify(trx, {
    to: { orgUnitId: department },
    kind: 'directline.received',
    params: { member: actor.displayName, title: thread.title, due: thread.due_on },
    link: LINK_ADMIN(thread.id),
    linkM: null,
    senderUserId: actor.userId,
  });
  return thread;
}

/** The department gives a thread to one of its accounts, who gets a notice. */
export async function assignThread(trx: Db, actor: Actor, input: { id: number; assigneeUserId: number }) {
  if (!actor.handles) throw new DomainError('NOT_FOUND', 'directline.notFound', { id: input.id });
  const before = await load(trx, input.id);
  const status = step(before.status, 'assign');
  const assignee = await trx
    .selectFrom('app_user')
    .select('id')
    .where('id', '=', input.assigneeUserId)
    .where('org_unit_id', '=', before.department_org_id)
    .where('disabled', '=', 0)
    .executeTakeFirst();
  if (!assignee) throw new DomainError('BAD_INPUT', 'directline.badAssignee');
  await trx
    .updateTable('direct_line_thread')
    .set({ status, assignee_user_id: assignee.id, assigned_at: nowIso() })
    .where('id', '=', before.id)
    .where('status', '=', before.status)
    .execute();
  if (assignee.id !== actor.userId)
    await notify(trx, {
      to: { userId: assignee.id },
      kind: 'directline.assigned',
      params: { title: before.title, due: before.due_on },
      link: LINK_ADMIN(before.id),
      senderUserId: actor.userId,
    });
  return { before, after: await load(trx, before.id) };
}

/** The department answers; the member gets a notice with a link to the thread. */
export async function answerThread(trx: Db, actor: Actor, input: { id: number; body: string }) {
  if (!actor.handles) throw new DomainError('NOT_FOUND', 'directline.notFound', { id: input.id });
  const before = await load(trx, input.id);
  const status = step(before.status, 'answer');
  await addMessage(trx, before.id, actor.userId, 'department', input.body);
  await trx
    .updateTable('direct_line_thread')
    .set({ status, answered_at: nowIso() })
    .where('id', '=', before.id)
    .execute();
  await notify(trx, {
    to: { userId: before.member_user_id },
    kind: 'directline.reply',
    params: { title: before.title },
    link: LINK_ADMIN(before.id),
    linkM: LINK_MEMBER(before.id),
    senderUserId: actor.userId,
  });
  return { before, after: await load(trx, before.id) };
}

/** The member adds to a thread still waiting for its answer; the assignee (or the department) is told. */
export async function followUpThread(trx: Db, actor: Actor, input: { id: number; body: string }) {
  const before = await load(trx, input.id);
  if (before.member_user_id !== actor.userId)
    throw new DomainError('NOT_FOUND', 'directline.notFound', { id: input.id });
  step(before.status, 'followUp');
  await addMessage(trx, before.id, actor.userId, 'member', input.body);
  await notify(trx, {
    to: before.assignee_user_id
      ? { userId: before.assignee_user_id }
      : { orgUnitId: before.department_org_id },
    kind: 'directline.followup',
    params: { member: actor.displayName, title: before.title },
    link: LINK_ADMIN(before.id),
    senderUserId: actor.userId,
  });
  return { before, after: await load(trx, before.id) };
}

/** The department closes an answered thread. */
export async function closeThread(trx: Db, actor: Actor, input: { id: number }) {
  if (!actor.handles) throw new DomainError('NOT_FOUND', 'directline.notFound', { id: input.id });
  const before = await load(trx, input.id);
  const status = step(before.status, 'close');
  await trx
    .updateTable('direct_line_thread')
    .set({ status, closed_at: nowIso(), closed_by: actor.userId })
    .where('id', '=', before.id)
    .execute();
  return { before, after: await load(trx, before.id) };
}

/** The member rates the answer (1–5), once; rating an answered thread closes it. */
export async function rateThread(
  trx: Db,
  actor: Actor,
  input: { id: number; rating: number; comment?: string | null },
) {
  const before = await load(trx, input.id);
  if (before.member_user_id !== actor.userId)
    throw new DomainError('NOT_FOUND', 'directline.notFound', { id: input.id });
  if (before.rating !== null) throw new DomainError('CONFLICT', 'directline.alreadyRated');
  const status = step(before.status, 'rate');
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5)
    throw new DomainError('BAD_INPUT', 'input.invalid');
  const now = nowIso();
  await trx
    .updateTable('direct_line_thread')
    .set({
      status,
      rating: input.rating,
      rating_comment: input.comment?.trim() || null,
      rated_at: now,
      closed_at: before.closed_at ?? now,
      closed_by: before.closed_by ?? actor.userId,
    })
    .where('id', '=', before.id)
    .where('rating', 'is', null)
    .execute();
  await notify(trx, {
    to: before.assignee_user_id
      ? { userId: before.assignee_user_id }
      : { orgUnitId: before.department_org_id },
    kind: 'directline.rated',
    params: { title: before.title, rating: input.rating },
    link: LINK_ADMIN(before.id),
    senderUserId: actor.userId,
  });
  return { before, after: await load(trx, before.id) };
}

/** A thread with its messages and names, for its writer or the department. */
export async function getThread(db: Db, actor: Actor, id: number, today = shanghaiDate()) {
  const t = await visible(db, id, actor);
  const messages = await db
    .selectFrom('direct_line_message as m')
    .innerJoin('app_user as u', 'u.id', 'm.author_user_id')
    .select(['m.id', 'm.side', 'm.body', 'm.created_at', 'u.display_name as author'])
    .where('m.thread_id', '=', id)
    .orderBy('m.id')
    .execute();
  const names = await db
    .selectFrom('app_user')
    .select(['id', 'display_name'])
    .where('id', 'in', [t.member_user_id, t.assignee_user_id ?? t.member_user_id])
    .execute();
  const name = (uid: number | null) => names.find((n) => n.id === uid)?.display_name ?? null;
  return {
    ...t,
    member_name: name(t.member_user_id),
    assignee_name: name(t.assignee_user_id),
    overdue: isOverdue(t, today),
    messages,
  };
}

export interface ThreadFilter {
  status?: DirectLineStatus;
  /** Only unanswered threads past their due date. */
  overdue?: boolean;
  page: number;
  pageSize: number;
}

/**
 * Threads the actor may see: a member's own, or every thread for the department, newest first;
 * with the department's open and overdue counts.
 */
export async function listThreads(db: Db, actor: Actor, f: ThreadFilter, today = shanghaiDate()) {
  let q = db
    .selectFrom('direct_line_thread as t')
    .innerJoin('app_user as u', 'u.id', 't.member_user_id')
    .leftJoin('app_user as a', 'a.id', 't.assignee_user_id');
  if (!actor.handles) q = q.where('t.member_user_id', '=', actor.userId);
  if (f.status) q = q.where('t.status', '=', f.status);
  if (f.overdue) q = q.where('t.status', 'in', ['received', 'assigned']).where('t.due_on', '<', today);
  const total = await q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .selectAll('t')
    .select(['u.display_name as member_name', 'a.display_name as assignee_name'])
    .orderBy('t.id', 'desc')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  let scope = db.selectFrom('direct_line_thread');
  if (!actor.handles) scope = scope.where('member_user_id', '=', actor.userId);
  const counts = await scope
    .select([
      sql<number>`coalesce(sum(case when status in ('received', 'assigned') then 1 else 0 end), 0)`.as(
        'open',
      ),
      sql<number>`coalesce(sum(case when status in ('received', 'assigned') and due_on < ${today} then 1 else 0 end), 0)`.as(
        'overdue',
      ),
    ])
    .executeTakeFirstOrThrow();
  return {
    total: Number(total.n),
    open: Number(counts.open),
    overdue: Number(counts.overdue),
    rows: rows.map((r) => ({ ...r, overdue: isOverdue(r, today) })),
  };
}

/** The department's accounts a thread may be assigned to. */
export async function directLineStaff(db: Db) {
  const department = await directLineDepartment(db);
  return db
    .selectFrom('app_user')
    .select(['id', 'display_name'])
    .where('org_unit_id', '=', department)
    .where('disabled', '=', 0)
    .orderBy('id')
    .execute();
}

/**
 * The daily reminder: unanswered threads due today or overdue get one notice a day to their
 * assignee (or the department). Idempotent per day (`reminded_on`), so a rerun sends nothing.
 */
export async function remindDueThreads(trx: Db, today = shanghaiDate()): Promise<number> {
  const due = await trx
    .selectFrom('direct_line_thread')
    .selectAll()
    .where('status', 'in', ['received', 'assigned'])
    .where('due_on', '<=', today)
    .where((eb) => eb.or([eb('reminded_on', 'is', null), eb('reminded_on', '<', today)]))
    .orderBy('id')
    .execute();
  for (const t of due) {
    const res = await trx
      .updateTable('direct_line_thread')
      .set({ reminded_on: today })
      .where('id', '=', t.id)
      .where((eb) => eb.or([eb('reminded_on', 'is', null), eb('reminded_on', '<', today)]))
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) continue;
    await notify(trx, {
      to: t.assignee_user_id ? { userId: t.assignee_user_id } : { orgUnitId: t.department_org_id },
      kind: 'task.due',
      params: { task: `党代表直通车：${t.title}`, due: t.due_on },
      link: LINK_ADMIN(t.id),
    });
  }
  return due.length;
}
