import { assertInScope, memberBranch } from '@zhanqian/auth';
import {
  accountsHomedAt,
  confirmMember,
  dissolveUnit,
  type MemberFull,
  memberHistory,
  mergeUnits,
  moveUnit,
  recordDeath,
  renameUnit,
  transferMember,
  transferOut,
  unitHistory,
} from '@zhanqian/org';
import { resultsAccess } from '@zhanqian/scoring';
import { z } from 'zod';
import { permissionProcedure, writeProcedure } from '../trpc/init.ts';
import { calendarDate, id } from '../trpc/inputs.ts';
import { msg } from '../trpc/locale.ts';

/**
 * The org tree as an office maintains it and the member lifecycle (issue #14): each write
 * dated (effective date, Asia/Shanghai, default today), scoped at both ends, audited with
 * before and after. Merged into the `org` router.
 */

const name = z
  .string()
  .trim()
  .min(1, msg('input.required', { field: '名称' }))
  .max(100);
const effectiveOn = calendarDate().optional();

/** The lifecycle fields of a member for the audit record: never the encrypted identifiers. */
const lifecycle = (m: MemberFull) => ({
  id: m.id,
  name: m.name,
  branch_id: m.branch_id,
  status: m.status,
  left_on: m.left_on,
  left_to: m.left_to,
  category: m.category,
  confirmed_at: m.confirmed_at,
});

const memberInput = z.object({ memberId: id, effectiveOn });

export const orgMaintenanceProcedures = {
  renameUnit: writeProcedure('org.write')
    .input(z.object({ id, name, effectiveOn }))
    .mutation(async ({ ctx, input }) => {
      await assertInScope(ctx.tx, ctx.principal, input.id);
      const { before, after } = await renameUnit(ctx.tx, input.id, input.name, input.effectiveOn);
      await ctx.audit({
        action: 'org.renameUnit',
        objectType: 'org_unit',
        objectId: input.id,
        orgUnitId: input.id,
        before,
        after: { ...after, effectiveOn: input.effectiveOn ?? null },
      });
      return after;
    }),

  /** Moves a unit and its subtree; both the unit and its new parent lie in the caller's scope. */
  moveUnit: writeProcedure('org.write')
    .input(z.object({ id, parentId: id, effectiveOn }))
    .mutation(async ({ ctx, input }) => {
      await assertInScope(ctx.tx, ctx.principal, input.id);
      await assertInScope(ctx.tx, ctx.principal, input.parentId);
      const { before, after } = await moveUnit(ctx.tx, input.id, input.parentId, input.effectiveOn);
      await ctx.audit({
        action: 'org.moveUnit',
        objectType: 'org_unit',
        objectId: input.id,
        orgUnitId: input.id,
        before,
        after: { ...after, effectiveOn: input.effectiveOn ?? null },
      });
      return after;
    }),

  /** Merges one unit into another of its kind: sub-units and members move, the first is dissolved. */
  mergeUnits: writeProcedure('org.write')
    .input(z.object({ fromId: id, intoId: id, effectiveOn }))
    .mutation(async ({ ctx, input }) => {
      await assertInScope(ctx.tx, ctx.principal, input.fromId);
      await assertInScope(ctx.tx, ctx.principal, input.intoId);
      const r = await mergeUnits(ctx.tx, input.fromId, input.intoId, input.effectiveOn, ctx.principal.userId);
      await ctx.audit({
        action: 'org.mergeUnits',
        objectType: 'org_unit',
        objectId: input.fromId,
        orgUnitId: input.fromId,
        before: r.before,
        after: { ...r.after, intoId: r.into.id, movedUnits: r.movedUnits, movedMembers: r.movedMembers },
      });
      return { ...r, accountsToReview: await accountsHomedAt(ctx.tx, input.fromId) };
    }),

  /** Dissolves an empty unit; its past stays readable under its name. */
  dissolveUnit: writeProcedure('org.write')
    .input(z.object({ id, effectiveOn }))
    .mutation(async ({ ctx, input }) => {
      await assertInScope(ctx.tx, ctx.principal, input.id);
      const { before, after } = await dissolveUnit(ctx.tx, input.id, input.effectiveOn);
      await ctx.audit({
        action: 'org.dissolveUnit',
        objectType: 'org_unit',
        objectId: input.id,
        orgUnitId: input.id,
        before,
        after,
      });
      return { ...after, accountsToReview: await accountsHomedAt(ctx.tx, input.id) };
    }),

  /** A unit's periods, merger, members, ratings and scores, each under the name of then. */
  unitHistory: permissionProcedure('org.read')
    .input(z.object({ id }))
    .query(async ({ ctx, input }) => {
      await assertInScope(ctx.db, ctx.principal, input.id);
      const h = await unitHistory(ctx.db, input.id);
      // A year's appraisal results follow the rule of the results procedures (issue #21 item 3):
      // before publication only the assessment office sees them, marked provisional.
      const scores = h.scores.flatMap((s) => {
        const access = resultsAccess(s.status, ctx.principal);
        return access === 'hidden' ? [] : [{ ...s, provisional: access === 'provisional' }];
      });
      return { ...h, scores };
    }),

  /** 组织关系转接: to another branch; the member's branch and the target both in scope. */
  transferMember: writeProcedure('member.write')
    .input(
      z.object({ memberId: id, toBranchId: id, effectiveOn, note: z.string().trim().max(200).optional() }),
    )
    .mutation(async ({ ctx, input }) => {
      const from = await memberBranch(ctx.tx, input.memberId);
      await assertInScope(ctx.tx, ctx.principal, from);
      await assertInScope(ctx.tx, ctx.principal, input.toBranchId);
      const { before, after, accountsMoved } = await transferMember(
        ctx.tx,
        input.memberId,
        input.toBranchId,
        input.effectiveOn,
        ctx.principal.userId,
        input.note || null,
      );
      await ctx.audit({
        action: 'org.member.transfer',
        objectType: 'member',
        objectId: input.memberId,
        orgUnitId: from,
        before: lifecycle(before),
        // The member's own account moved with them: its new scope is on record too.
        after: { ...lifecycle(after), effectiveOn: input.effectiveOn ?? null, accountsMoved },
      });
      return lifecycle(after);
    }),

  /** Transfer out of the district: kept readable, no longer counted; the member's account is disabled. */
  transferOut: writeProcedure('member.write')
    .input(
      memberInput.extend({
        to: z
          .string()
          .trim()
          .min(1, msg('input.required', { field: '转往单位' }))
          .max(100),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const from = await memberBranch(ctx.tx, input.memberId);
      await assertInScope(ctx.tx, ctx.principal, from);
      const r = await transferOut(ctx.tx, input.memberId, input.to, input.effectiveOn, ctx.principal.userId);
      await ctx.audit({
        action: 'org.member.transferOut',
        objectType: 'member',
        objectId: input.memberId,
        orgUnitId: from,
        before: lifecycle(r.before),
        after: { ...lifecycle(r.after), accountsDisabled: r.accountsDisabled },
      });
      return { ...lifecycle(r.after), accountsDisabled: r.accountsDisabled };
    }),

  /** 转正: a probationary member becomes a full member on the date given. */
  confirmMember: writeProcedure('member.write')
    .input(memberInput)
    .mutation(async ({ ctx, input }) => {
      const from = await memberBranch(ctx.tx, input.memberId);
      await assertInScope(ctx.tx, ctx.principal, from);
      const { before, after } = await confirmMember(
        ctx.tx,
        input.memberId,
        input.effectiveOn,
        ctx.principal.userId,
      );
      await ctx.audit({
        action: 'org.member.confirm',
        objectType: 'member',
        objectId: input.memberId,
        orgUnitId: from,
        before: lifecycle(before),
        after: lifecycle(after),
      });
      return lifecycle(after);
    }),

  /** Records a death: kept readable, no longer counted; the member's account is disabled. */
  recordDeath: writeProcedure('member.write')
    .input(memberInput)
    .mutation(async ({ ctx, input }) => {
      const from = await memberBranch(ctx.tx, input.memberId);
      await assertInScope(ctx.tx, ctx.principal, from);
      const r = await recordDeath(ctx.tx, input.memberId, input.effectiveOn, ctx.principal.userId);
      await ctx.audit({
        action: 'org.member.death',
        objectType: 'member',
        objectId: input.memberId,
        orgUnitId: from,
        before: lifecycle(r.before),
        after: { ...lifecycle(r.after), accountsDisabled: r.accountsDisabled },
      });
      return { ...lifecycle(r.after), accountsDisabled: r.accountsDisabled };
    }),

  /** A member's branch periods, lifecycle events and ratings by year with that year's branch. */
  memberHistory: permissionProcedure('member.read')
    .input(z.object({ memberId: id }))
    .query(async ({ ctx, input }) => {
      await assertInScope(ctx.db, ctx.principal, await memberBranch(ctx.db, input.memberId));
      return memberHistory(ctx.db, input.memberId);
    }),
};
