import { DomainError, nowIso } from '@zhanqian/core';
import type { Database, Kysely, Notice } from '@zhanqian/db';
import { sql } from '@zhanqian/db';

type Db = Kysely<Database>;

export interface NewNotice {
  recipientUserId?: number | null;
  recipientOrgId?: number | null;
  senderUserId?: number | null;
  kind: string;
  title: string;
  body: string;
  link?: string | null;
}

/**
 * Puts a notice in an inbox: one user's, or that of everyone whose home unit is the org unit.
 * Domains call this inside their write transaction (results published, report returned …).
 */
export async function sendNotice(db: Db, n: NewNotice): Promise<Notice> {
  if (n.recipientUserId == null && n.recipientOrgId == null) throw new Error('a notice needs a recipient');
  return db
    .insertInto('notice')
    .values({
      recipient_user_id: n.recipientUserId ?? null,
      recipient_org_id: n.recipientOrgId ?? null,
      sender_user_id: n.senderUserId ?? null,
      kind: n.kind,
      title: n.title,
      body: n.body,
      link: n.link ?? null,
      created_at: nowIso(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

const inboxOf = (db: Db, who: { userId: number; orgUnitId: number }) =>
  db
    .selectFrom('notice')
    .where((eb) =>
      eb.or([eb('recipient_user_id', '=', who.userId), eb('recipient_org_id', '=', who.orgUnitId)]),
    );

export async function listInbox(
  db: Db,
  who: { userId: number; orgUnitId: number },
  page: number,
  pageSize: number,
): Promise<{ total: number; unread: number; rows: Notice[] }> {
  const counts = await inboxOf(db, who)
    .select([
      sql<number>`count(*)`.as('total'),
      sql<number>`sum(case when read_at is null then 1 else 0 end)`.as('unread'),
    ])
    .executeTakeFirstOrThrow();
  const rows = await inboxOf(db, who)
    .selectAll()
    .orderBy('id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { total: Number(counts.total), unread: Number(counts.unread ?? 0), rows };
}

/** Marks a notice read; only its recipient may. Returns the notice before and after. */
export async function markNoticeRead(db: Db, who: { userId: number; orgUnitId: number }, id: number) {
  const before = await inboxOf(db, who).selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) throw new DomainError('NOT_FOUND', 'inbox.notFound', { id });
  const after = await db
    .updateTable('notice')
    .set({ read_at: before.read_at ?? nowIso() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { before, after };
}
