import { nowIso } from '@zhanqian/core';
import type { Database, Kysely } from '@zhanqian/db';
import { z } from 'zod';
import { isNoticeKind, type NoticeKind, type NoticeParams } from './kinds.ts';

/** The worker's job that delivers notices (defined in @zhanqian/jobs, which runs it). */
export const NOTIFY_JOB = 'notify.deliver';
/** Every notice coalesces into one delivery run: the job's singleton key. */
export const NOTIFY_KEY = 'all';

const id = z.number().int().positive();

/** What one outbox row asks the worker to deliver (validated on write and on delivery). */
export const NoticeOutboxPayload = z
  .object({
    /** Explicit recipients, and/or every enabled account whose home unit is `orgUnitId`. */
    userIds: z.array(id).max(1000).default([]),
    orgUnitId: id.nullable().default(null),
    kind: z.string().refine(isNoticeKind, 'unknown notice kind'),
    params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
    /** Where it leads in the console, and in the member app. */
    link: z.string().max(300).nullable().default(null),
    linkM: z.string().max(300).nullable().default(null),
    senderUserId: id.nullable().default(null),
  })
  .refine((p) => p.userIds.length > 0 || p.orgUnitId !== null, 'a notice needs a recipient');
export type NoticeOutboxPayload = z.output<typeof NoticeOutboxPayload>;

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
    const payload = NoticeOutboxPayload.parse({
      userIds,
      orgUnitId,
      kind: n.kind,
      params: n.params ?? {},
      link: n.link ?? null,
      linkM: n.linkM ?? null,
      senderUserId: n.senderUserId ?? null,
    });
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
