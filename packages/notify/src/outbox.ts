import { nowIso } from '@zhanqian/core';
import type { Database, Kysely } from '@zhanqian/db';
import { isNoticeKind, type NoticeKind, type NoticeParams } from './kinds.ts';

/** The worker's job that delivers notices (defined in @zhanqian/jobs, which runs it). */
export const NOTIFY_JOB = 'notify.deliver';
/** Every notice coalesces into one delivery run: the job's singleton key. */
export const NOTIFY_KEY = 'all';

const isId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;
const isLink = (v: unknown): v is string | null => v === null || (typeof v === 'string' && v.length <= 300);

/** What one outbox row asks the worker to deliver (checked on write and on delivery). */
export interface NoticeOutboxPayload {
  /** Explicit recipients, and/or every enabled account whose home unit is `orgUnitId`. */
  userIds: number[];
  orgUnitId: number | null;
  kind: NoticeKind;
  params: NoticeParams;
  /** Where it leads in the console, and in the member app. */
  link: string | null;
  linkM: string | null;
  senderUserId: number | null;
}

/**
 * True for a well-formed notice payload: known kind, at least one recipient, ids positive
 * integers, parameters strings or numbers. (Plain code, not a schema library: every domain
 * package loads this module, and none of them needs one otherwise.)
 */
export function isNoticePayload(v: unknown): v is NoticeOutboxPayload {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Record<string, unknown>;
  if (!Array.isArray(p.userIds) || p.userIds.length > 1000 || !p.userIds.every(isId)) return false;
  if (!(p.orgUnitId === null || isId(p.orgUnitId))) return false;
  if (p.userIds.length === 0 && p.orgUnitId === null) return false;
  if (typeof p.kind !== 'string' || !isNoticeKind(p.kind)) return false;
  if (typeof p.params !== 'object' || p.params === null || Array.isArray(p.params)) return false;
  if (
    !Object.values(p.params).every(
      (x) => typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x)),
    )
  )
    return false;
  return isLink(p.link) && isLink(p.linkM) && (p.senderUserId === null || isId(p.senderUserId));
}

export interface NewNotice {
  /** One user, several, or every account of one unit (resolved when delivered). */
  to: { userId: number } | { userIds: readonly number[] } | { orgUnitId: number };
  kind: NoticeKind;
  params?: NoticeParams;
  link?: string | null;
  linkM?: string | null;
  senderUserId?: number | null;
}

/**
 * Queues notices inside the caller's transaction: nothing is delivered unless that
 * transaction commits, and nothing is lost once it has (the worker delivers every committed
 * row, at least once; delivery inserts each notice exactly once). Recipients who are the
 * sender (a reviewer acting on their own report) are still notified: the record is theirs.
 * A notice to nobody (an empty list) is skipped.
 *
 * @example await notify(ctx.tx, { to: { userId: report.reported_by }, kind: 'scoring.report_returned',
 *   params: { year: 2026, indicator: '党建述职', reason: '缺少附件' }, link: '/scoring/report' })
 */
export async function notify(
  trx: Kysely<Database>,
  notices: NewNotice | readonly NewNotice[],
): Promise<number[]> {
  const list = Array.isArray(notices) ? notices : [notices as NewNotice];
  const ids: number[] = [];
  const now = nowIso();
  for (const n of list) {
    const to = n.to;
    const userIds = 'userId' in to ? [to.userId] : 'userIds' in to ? [...new Set(to.userIds)] : [];
    const orgUnitId = 'orgUnitId' in to ? to.orgUnitId : null;
    if (!userIds.length && orgUnitId === null) continue;
    const payload: NoticeOutboxPayload = {
      userIds,
      orgUnitId,
      kind: n.kind,
      params: n.params ?? {},
      link: n.link ?? null,
      linkM: n.linkM ?? null,
      senderUserId: n.senderUserId ?? null,
    };
    if (!isNoticePayload(payload)) throw new Error(`notify: an ill-formed notice of kind ${String(n.kind)}`);
    const row = await trx
      .insertInto('job_outbox')
      .values({
        job_name: NOTIFY_JOB,
        coalesce_key: NOTIFY_KEY,
        payload_json: JSON.stringify(payload),
        requested_by: 'system',
        created_at: now,
        relayed_at: null,
        consumed_at: null,
        consumed_by_run: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(Number(row.id));
  }
  return ids;
}
