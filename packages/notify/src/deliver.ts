import { nowIso } from '@zhanqian/core';
import type { Database, Kysely } from '@zhanqian/db';
import { sql } from '@zhanqian/db';
import { NOTICE_KINDS } from './kinds.ts';
import { isNoticePayload, NOTIFY_JOB, type NoticeOutboxPayload } from './outbox.ts';

/** A committed outbox row to deliver: its id is the idempotency key of its notices. */
export interface PendingNotice {
  id: number;
  payload: NoticeOutboxPayload;
}

const fillZh = (template: string, params: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));

/**
 * Puts the notices of outbox rows into their recipients' inboxes and counts them in
 * `inbox_counter`, in the caller's transaction. Idempotent: a notice is keyed by
 * (outbox row, recipient), inserted with ON CONFLICT DO NOTHING, and only rows actually
 * inserted are counted — a retry, or a second worker delivering the same rows at the same
 * time (it waits on the first one's uncommitted keys, then finds them taken), adds nothing.
 * Rows are taken in id order and counters in user order, so two deliverers never deadlock.
 *
 * @example await db.transaction().execute((trx) => deliverNotices(trx, ctx.changes))
 */
export async function deliverNotices(
  trx: Kysely<Database>,
  pending: readonly PendingNotice[],
): Promise<{ delivered: number }> {
  const sorted = [...pending].sort((a, b) => a.id - b.id);
  const orgIds = [...new Set(sorted.map((p) => p.payload.orgUnitId).filter((x): x is number => x !== null))];
  const byOrg = new Map<number, number[]>();
  if (orgIds.length) {
    const users = await trx
      .selectFrom('app_user')
      .select(['id', 'org_unit_id'])
      .where('org_unit_id', 'in', orgIds)
      .where('disabled', '=', 0)
      .orderBy('id')
      .execute();
    for (const u of users) byOrg.set(u.org_unit_id, [...(byOrg.get(u.org_unit_id) ?? []), u.id]);
  }
  const added = new Map<number, number>();
  const now = nowIso();
  for (const p of sorted) {
    const n = p.payload;
    const recipients = [
      ...new Set([...n.userIds, ...(n.orgUnitId !== null ? (byOrg.get(n.orgUnitId) ?? []) : [])]),
    ];
    if (!recipients.length) continue;
    const kind = NOTICE_KINDS[n.kind];
    const inserted = await trx
      .insertInto('notice')
      .values(
        recipients.map((userId) => ({
          recipient_user_id: userId,
          recipient_org_id: null,
          sender_user_id: n.senderUserId,
          kind: n.kind,
          // Stored in zh-CN for the record (audit names, exports); readers get their own language.
          title: fillZh(kind.title['zh-CN'], n.params),
          body: fillZh(kind.body['zh-CN'], n.params),
          link: n.link,
          link_m: n.linkM,
          params_json: JSON.stringify(n.params),
          outbox_id: p.id,
          created_at: now,
          read_at: null,
        })),
      )
      .onConflict((oc) => oc.columns(['outbox_id', 'recipient_user_id']).doNothing())
      .returning('recipient_user_id')
      .execute();
    for (const r of inserted) added.set(r.recipient_user_id!, (added.get(r.recipient_user_id!) ?? 0) + 1);
  }
  for (const [userId, n] of [...added].sort((a, b) => a[0] - b[0])) {
    await trx
      .insertInto('inbox_counter')
      .values({ user_id: userId, unread: n, total: n })
      .onConflict((oc) =>
        oc.column('user_id').doUpdateSet({
          unread: sql`inbox_counter.unread + ${n}`,
          total: sql`inbox_counter.total + ${n}`,
        }),
      )
      .execute();
  }
  let delivered = 0;
  for (const n of added.values()) delivered += n;
  return { delivered };
}

/** Parses an outbox row of the notify job (for callers reading `job_outbox` themselves). */
export function pendingNoticeOf(row: {
  id: number;
  job_name: string;
  payload_json: string;
}): PendingNotice | null {
  if (row.job_name !== NOTIFY_JOB) return null;
  const payload: unknown = JSON.parse(row.payload_json);
  return isNoticePayload(payload) ? { id: Number(row.id), payload } : null;
}
