import { DomainError, type Locale, nowIso } from '@zhanqian/core';
import type { Database, Kysely, Notice } from '@zhanqian/db';
import { sql } from '@zhanqian/db';
import { renderNotice } from './kinds.ts';

type Db = Kysely<Database>;

/** A notice as its reader sees it: title and body in the reader's language. */
export type InboxNotice = Omit<Notice, 'params_json' | 'outbox_id' | 'recipient_org_id'>;

/** One user's unread and total notices, from the counter row (no count per request). */
export async function inboxCounts(db: Db, userId: number): Promise<{ unread: number; total: number }> {
  const row = await db
    .selectFrom('inbox_counter')
    .select(['unread', 'total'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return { unread: Number(row?.unread ?? 0), total: Number(row?.total ?? 0) };
}

function localized(n: Notice, locale: Locale): InboxNotice {
  const { params_json, outbox_id: _o, recipient_org_id: _r, ...rest } = n;
  const text = params_json ? renderNotice(n.kind, JSON.parse(params_json), locale) : null;
  return text ? { ...rest, ...text } : rest;
}

/**
 * One page of a user's inbox, newest first, with the counts from the counter row.
 * @example await listInbox(db, 7, { page: 1, pageSize: 20, locale: 'zh-CN' })
 */
export async function listInbox(
  db: Db,
  userId: number,
  q: { page: number; pageSize: number; unreadOnly?: boolean; locale?: Locale },
): Promise<{ total: number; unread: number; rows: InboxNotice[] }> {
  const counts = await inboxCounts(db, userId);
  let query = db.selectFrom('notice').selectAll().where('recipient_user_id', '=', userId);
  if (q.unreadOnly) query = query.where('read_at', 'is', null);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return {
    total: q.unreadOnly ? counts.unread : counts.total,
    unread: counts.unread,
    rows: rows.map((r) => localized(r, q.locale ?? 'zh-CN')),
  };
}

/**
 * Marks one of the caller's own notices read (again: a no-op) and takes it off the unread
 * count in the same transaction. Another user's notice is NOT_FOUND, as if it did not exist.
 */
export async function markNoticeRead(trx: Db, userId: number, id: number) {
  const before = await trx
    .selectFrom('notice')
    .selectAll()
    .where('id', '=', id)
    .where('recipient_user_id', '=', userId)
    .executeTakeFirst();
  if (!before) throw new DomainError('NOT_FOUND', 'inbox.notFound', { id });
  const res = await trx
    .updateTable('notice')
    .set({ read_at: nowIso() })
    .where('id', '=', id)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  // Only the transaction that flipped read_at counts it: two concurrent marks take one off.
  if (Number(res.numUpdatedRows) === 1) await takeUnread(trx, userId, 1);
  const after = await trx.selectFrom('notice').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return { before, after };
}

/** Marks every unread notice of the caller read; returns how many were. */
export async function markAllNoticesRead(trx: Db, userId: number): Promise<number> {
  const res = await trx
    .updateTable('notice')
    .set({ read_at: nowIso() })
    .where('recipient_user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  const n = Number(res.numUpdatedRows);
  if (n) await takeUnread(trx, userId, n);
  return n;
}

async function takeUnread(trx: Db, userId: number, n: number) {
  await trx
    .updateTable('inbox_counter')
    .set({ unread: sql`unread - ${n}` })
    .where('user_id', '=', userId)
    .execute();
}

/** The counts recomputed from the notices themselves: the oracle the counter is checked against. */
export async function recountInbox(db: Db, userId: number): Promise<{ unread: number; total: number }> {
  const r = await db
    .selectFrom('notice')
    .select([
      sql<number>`count(*)`.as('total'),
      sql<number>`coalesce(sum(case when read_at is null then 1 else 0 end), 0)`.as('unread'),
    ])
    .where('recipient_user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return { unread: Number(r.unread), total: Number(r.total) };
}
