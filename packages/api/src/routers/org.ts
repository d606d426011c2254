import {
  assertInScope,
  findMembersByIdCard,
  maskedPii,
  memberBranch,
  revealMemberPii,
  setMemberPii,
} from '@zhanqian/auth';
import {
  createUnit,
  getMember,
  getUnit,
  listMembers,
  listSubtree,
  pathTo,
  subtreeOverview,
} from '@zhanqian/org';
import { z } from 'zod';
import { permissionProcedure, router, writeProcedure } from '../trpc/init.ts';
import { id } from '../trpc/inputs.ts';
import { msg } from '../trpc/locale.ts';
import { orgMaintenanceProcedures } from './org-maintenance.ts';

const name = z
  .string()
  .trim()
  .min(1, msg('input.required', { field: '名称' }))
  .max(100);

export const orgRouter = router({
  /** Counts of the caller's subtree for the portal landing page. */
  overview: permissionProcedure('org.read').query(({ ctx }) =>
    subtreeOverview(ctx.db, ctx.principal.scopeRootId),
  ),

  /** The caller's subtree (or a unit inside it) down to `depth` levels. */
  tree: permissionProcedure('org.read')
    .input(
      z.object({
        rootId: id.optional(),
        depth: z.number().int().min(0).max(6).default(2),
        /** Dissolved units are kept for their history; the tree leaves them out unless asked. */
        includeDissolved: z.boolean().default(false),
      }),
    )
    .query(async ({ ctx, input }) => {
      const rootId = input.rootId ?? ctx.principal.scopeRootId;
      await assertInScope(ctx.db, ctx.principal, rootId);
      return listSubtree(ctx.db, rootId, input.depth, input.includeDissolved);
    }),

  unit: permissionProcedure('org.read')
    .input(z.object({ id }))
    .query(async ({ ctx, input }) => {
      await assertInScope(ctx.db, ctx.principal, input.id);
      const unit = await getUnit(ctx.db, input.id);
      const path = await pathTo(ctx.db, input.id);
      // Breadcrumbs stop at the caller's scope root: nothing above it is shown.
      const from = path.findIndex((u) => u.id === ctx.principal.scopeRootId);
      return { unit, path: path.slice(Math.max(0, from)) };
    }),

  createUnit: writeProcedure('org.write')
    .input(
      z.object({
        parentId: id,
        kind: z.enum(['street', 'department', 'committee', 'branch']),
        name,
        code: z
          .string()
          .trim()
          .min(1)
          .max(40)
          .regex(/^[A-Za-z0-9_-]+$/),
        sortOrder: z.number().int().min(0).max(100_000).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await assertInScope(ctx.tx, ctx.principal, input.parentId);
      const unit = await createUnit(ctx.tx, input);
      await ctx.audit({
        action: 'org.createUnit',
        objectType: 'org_unit',
        objectId: unit.id,
        orgUnitId: unit.id,
        after: unit,
      });
      return unit;
    }),

  ...orgMaintenanceProcedures,

  members: permissionProcedure('member.read')
    .input(
      z.object({
        /** The unit picked in the tree: the roll of its subtree (within the caller's scope). */
        unitId: id.optional(),
        branchId: id.optional(),
        q: z.string().trim().max(20).optional(),
        /** 'active' (default): the roll as counted; 'left': transferred out or deceased. */
        status: z.enum(['active', 'left', 'all']).default('active'),
        page: z.number().int().min(1).default(1),
        pageSize: z.number().int().min(1).max(200).default(20),
      }),
    )
    .query(async ({ ctx, input }) => {
      if (input.unitId !== undefined) await assertInScope(ctx.db, ctx.principal, input.unitId);
      if (input.branchId !== undefined) await assertInScope(ctx.db, ctx.principal, input.branchId);
      return listMembers(ctx.db, { ...input, scopeRootId: ctx.principal.scopeRootId });
    }),

  member: permissionProcedure('member.read')
    .input(z.object({ id }))
    .query(async ({ ctx, input }) => {
      const m = await getMember(ctx.db, input.id);
      await assertInScope(ctx.db, ctx.principal, m.branch_id);
      // Personal identifiers stay encrypted on the server; screens get them masked (PIPL).
      const {
        id_card_enc,
        phone_enc,
        id_card_hash: _h,
        ...rest
      } = m as typeof m & { id_card_hash?: unknown };
      const masked = maskedPii({ id_card_enc, phone_enc });
      return { ...rest, hasIdCard: id_card_enc !== null, hasPhone: phone_enc !== null, ...masked };
    }),

  /** The clear ID-card or phone number of a member in scope; every reveal is audited. */
  revealMember: writeProcedure('member.reveal')
    .input(z.object({ id, field: z.enum(['idCard', 'phone']) }))
    .mutation(async ({ ctx, input }) => {
      const branchId = await memberBranch(ctx.tx, input.id);
      await assertInScope(ctx.tx, ctx.principal, branchId);
      const value = await revealMemberPii(ctx.tx, input.id, input.field);
      // The record names the field revealed, never the value.
      await ctx.audit({
        action: 'org.member.reveal',
        objectType: 'member',
        objectId: input.id,
        orgUnitId: branchId,
        after: { field: input.field },
      });
      return { id: input.id, field: input.field, value };
    }),

  /** Sets or clears a member's ID-card and phone numbers (stored SM4-encrypted; audited masked). */
  setMemberPii: writeProcedure('member.write')
    .input(
      z.object({
        id,
        idCard: z.string().trim().max(20).nullable().optional(),
        phone: z.string().trim().max(20).nullable().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const branchId = await memberBranch(ctx.tx, input.id);
      await assertInScope(ctx.tx, ctx.principal, branchId);
      const { before, after } = await setMemberPii(ctx.tx, input.id, input);
      await ctx.audit({
        action: 'org.member.setPii',
        objectType: 'member',
        objectId: input.id,
        orgUnitId: branchId,
        before,
        after,
      });
      return { id: input.id, ...after };
    }),

  /** Exact search by ID-card number within the caller's subtree, through the keyed hash. */
  findByIdCard: permissionProcedure('member.reveal')
    .input(z.object({ idCard: z.string().trim().min(1).max(20) }))
    .query(({ ctx, input }) => findMembersByIdCard(ctx.db, input.idCard, ctx.principal.scopeRootId)),
});
