import { DomainError } from '@zhanqian/core';
import { listInbox, markNoticeRead, sendNotice } from '@zhanqian/org';
import { z } from 'zod';
import { authedProcedure, router, writeProcedure } from '../trpc/init.ts';
import { id } from '../trpc/inputs.ts';

const who = (p: { userId: number; orgUnitId: number }) => ({ userId: p.userId, orgUnitId: p.orgUnitId });

/** `inbox.*`: the notices of both apps, and the Party-representative direct line (党代表直通车). */
export const inboxRouter = router({
  list: authedProcedure
    .input(
      z.object({
        page: z.number().int().min(1).default(1),
        pageSize: z.number().int().min(1).max(100).default(20),
      }),
    )
    .query(({ ctx, input }) => listInbox(ctx.db, who(ctx.principal), input.page, input.pageSize)),

  markRead: writeProcedure('authenticated')
    .input(z.object({ id }))
    .mutation(async ({ ctx, input }) => {
      const { before, after } = await markNoticeRead(ctx.tx, who(ctx.principal), input.id);
      await ctx.audit({
        action: 'inbox.markRead',
        objectType: 'notice',
        objectId: input.id,
        before: { read_at: before.read_at },
        after: { read_at: after.read_at },
      });
      return after;
    }),

  /** A member writes to the district organization department; it lands in its staff's inbox. */
  directLine: writeProcedure('self.read')
    .input(z.object({ title: z.string().trim().min(2).max(60), body: z.string().trim().min(5).max(2000) }))
    .mutation(async ({ ctx, input }) => {
      const department = await ctx.tx
        .selectFrom('org_unit')
        .select('id')
        .where('portal', '=', 'district')
        .where('kind', '=', 'department')
        .executeTakeFirst();
      if (!department) throw new DomainError('NOT_FOUND', 'org.unitNotFound', { id: 'district' });
      const notice = await sendNotice(ctx.tx, {
        recipientOrgId: department.id,
        senderUserId: ctx.principal.userId,
        kind: 'direct_line',
        title: input.title,
        body: `${ctx.principal.displayName}：${input.body}`,
      });
      await ctx.audit({
        action: 'inbox.directLine',
        objectType: 'notice',
        objectId: notice.id,
        orgUnitId: department.id,
        after: notice,
      });
      return { id: notice.id };
    }),
});
