import {
  deliverNotices,
  isNoticePayload,
  NOTIFY_JOB,
  NOTIFY_KEY,
  type NoticeOutboxPayload,
  type PendingNotice,
} from '@zhanqian/notify';
import { z } from 'zod';
import { defineJob } from '../definition.ts';

/**
 * Delivers the notices domains queued with `notify(trx, …)`: every pending outbox row of the
 * job goes into its recipients' inboxes and is consumed in ONE transaction. A retry or a second
 * worker racing it inserts nothing twice (notices are keyed by outbox row and recipient); the
 * loser's consume then finds the rows taken and rolls its own transaction back. `jobs.run`
 * with an empty payload (and the five-minute sweep) delivers whatever is pending.
 */
export const notifyDeliverJob = defineJob({
  name: NOTIFY_JOB,
  description: '消息通知：把各业务写入的通知投递到收件人的消息中心（每条恰好一次）',
  payload: z.union([z.custom<NoticeOutboxPayload>(isNoticePayload, 'not a notice'), z.object({}).strict()]),
  cron: '*/5 * * * *',
  singletonKey: () => NOTIFY_KEY,
  retryLimit: 5,
  handler: async (db, _p, ctx) => {
    const pending: PendingNotice[] = [];
    for (const c of ctx.changes)
      if (isNoticePayload(c.payload)) pending.push({ id: c.id, payload: c.payload });
    const res = await db.transaction().execute(async (trx) => {
      const r = await deliverNotices(trx, pending);
      await ctx.consume(trx);
      return r;
    });
    return { rows: res.delivered };
  },
});
