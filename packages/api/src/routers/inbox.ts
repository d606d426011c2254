import { openThread } from '@zhanqian/directline';
import { inboxCounts, listInbox, markAllNoticesRead, markNoticeRead } from '@zhanqian/notify';
import { z } from 'zod';
import { authedProcedure, router, writeProcedure } from '../trpc/init.ts';
import { id } from '../trpc/inputs.ts';
import { actorOf } from './direct-line.ts';

/**
 * `inbox.*`: the notices of both apps — every workflow's notices (@zhanqian/notify), each
 * user's own only. The unread count comes from the counter row the writes keep.
 */
export const inboxRouter = router({
  list: authedProcedure
    .input(
      z.object({
        page: z.number().int().min(1).default(1),
        pageSize: z.number().int().min(1).max(100).default(20),
        unreadOnly: z.boolean().default(false),
      }),
    )
    .query(({ ctx, input }) => listInbox(ctx.db, ctx.principal.userId, { ...input, locale: ctx.locale })),

  /** The badge: unread and total, one row read. */
  unread: authedProcedure.query(({ ctx }) => inboxCounts(ctx.db, ctx.principal.userId)),

  markRead: writeProcedure('authenticated')
    .input(z.object({ id }))
    .mutation(async ({ ctx, input }) => {
      const { before, after } = await markNoticeRead(ctx.tx, ctx.principal.userId, input.id);
      await ctx.audit({
        action: 'inbox.markRead',
        objectType: 'notice',
        objectId: input.id,
        before: { read_at: before.read_at },
        after: { read_at: after.read_at },
      });
      return { id: after.id, read_at: after.read_at };
    }),

  markAllRead: writeProcedure('authenticated').mutation(async ({ ctx }) => {
    const marked = await markAllNoticesRead(ctx.tx, ctx.principal.userId);
    await ctx.audit({ action: 'inbox.markAllRead', objectType: 'notice', after: { marked } });
    return { marked };
  }),

  /** Kept for scripts written against it: opens a direct-line thread (see `directLine.open`). */
  directLine: writeProcedure('self.read')
    .input(z.object({ title: z.string().trim().min(2).max(60), body: z.string().trim().min(5).max(2000) }))
    .mutation(async ({ ctx, input }) => {
      const thread = await openThread(ctx.tx, actorOf(ctx.principal), input);
      await ctx.audit({
        action: 'inbox.directLine',
        objectType: 'direct_line_thread',
        objectId: thread.id,
        orgUnitId: thread.department_org_id,
        after: thread,
      });
      return { id: thread.id };
    }),
});
