import type { Principal } from '@zhanqian/auth';
import {
  type Actor,
  answerThread,
  assignThread,
  closeThread,
  directLineStaff,
  followUpThread,
  getThread,
  listThreads,
  openThread,
  rateThread,
} from '@zhanqian/directline';
import { z } from 'zod';
import { permissionProcedure, router, writeProcedure } from '../trpc/init.ts';
import { id } from '../trpc/inputs.ts';

/** The caller as the direct line sees them: the department's side when they hold `directline.handle`. */
export const actorOf = (p: Principal): Actor => ({
  userId: p.userId,
  displayName: p.displayName,
  handles: p.permissions.has('directline.handle'),
});

const title = z.string().trim().min(2).max(60);
const body = z.string().trim().min(1).max(2000);
const page = {
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
};

/**
 * `directLine.*`: 党代表直通车. A member writes, adds to and rates their own threads; the
 * organization department (`directline.handle`) sees every thread, assigns, answers and
 * closes. Someone else's thread is NOT_FOUND to a member.
 */
export const directLineRouter = router({
  list: permissionProcedure(['self.read', 'directline.handle'])
    .input(
      z.object({
        status: z.enum(['received', 'assigned', 'answered', 'closed']).optional(),
        overdue: z.boolean().default(false),
        ...page,
      }),
    )
    .query(({ ctx, input }) => listThreads(ctx.db, actorOf(ctx.principal), input)),

  get: permissionProcedure(['self.read', 'directline.handle'])
    .input(z.object({ id }))
    .query(({ ctx, input }) => getThread(ctx.db, actorOf(ctx.principal), input.id)),

  staff: permissionProcedure('directline.handle').query(({ ctx }) => directLineStaff(ctx.db)),

  open: writeProcedure('self.read')
    .input(z.object({ title, body: z.string().trim().min(5).max(2000) }))
    .mutation(async ({ ctx, input }) => {
      const thread = await openThread(ctx.tx, actorOf(ctx.principal), input);
      await ctx.audit({
        action: 'directLine.open',
        objectType: 'direct_line_thread',
        objectId: thread.id,
        orgUnitId: thread.department_org_id,
        after: thread,
      });
      return thread;
    }),

  followUp: writeProcedure('self.read')
    .input(z.object({ id, body }))
    .mutation(async ({ ctx, input }) => {
      const { before, after } = await followUpThread(ctx.tx, actorOf(ctx.principal), input);
      await ctx.audit({
        action: 'directLine.followUp',
        objectType: 'direct_line_thread',
        objectId: input.id,
        before,
        after,
      });
      return after;
    }),

  assign: writeProcedure('directline.handle')
    .input(z.object({ id, assigneeUserId: id }))
    .mutation(async ({ ctx, input }) => {
      const { before, after } = await assignThread(ctx.tx, actorOf(ctx.principal), input);
      await ctx.audit({
        action: 'directLine.assign',
        objectType: 'direct_line_thread',
        objectId: input.id,
        before,
        after,
      });
      return after;
    }),

  answer: writeProcedure('directline.handle')
    .input(z.object({ id, body }))
    .mutation(async ({ ctx, input }) => {
      const { before, after } = await answerThread(ctx.tx, actorOf(ctx.principal), input);
      await ctx.audit({
        action: 'directLine.answer',
        objectType: 'direct_line_thread',
        objectId: input.id,
        before,
        after,
      });
      return after;
    }),

  close: writeProcedure('directline.handle')
    .input(z.object({ id }))
    .mutation(async ({ ctx, input }) => {
      const { before, after } = await closeThread(ctx.tx, actorOf(ctx.principal), input);
      await ctx.audit({
        action: 'directLine.close',
        objectType: 'direct_line_thread',
        objectId: input.id,
        before,
        after,
      });
      return after;
    }),

  rate: writeProcedure('self.read')
    .input(
      z.object({ id, rating: z.number().int().min(1).max(5), comment: z.string().trim().max(500).nullish() }),
    )
    .mutation(async ({ ctx, input }) => {
      const { before, after } = await rateThread(ctx.tx, actorOf(ctx.principal), input);
      await ctx.audit({
        action: 'directLine.rate',
        objectType: 'direct_line_thread',
        objectId: input.id,
        before,
        after,
      });
      return after;
    }),
});
