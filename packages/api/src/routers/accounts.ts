import {
  ACTIVATION_DAYS_MAX,
  accountCandidates,
  activateAccount,
  activationSheet,
  assertInScope,
  BULK_ACCOUNTS_MAX,
  createAccountsWithActivation,
  grantRoles,
  pendingAccounts,
  reissueActivation,
} from '@zhanqian/auth';
import { shanghaiDate } from '@zhanqian/core';
import { getUnit } from '@zhanqian/org';
import { z } from 'zod';
import { permissionProcedure, publicProcedure, router, writeProcedure } from '../trpc/init.ts';
import { id } from '../trpc/inputs.ts';
import { msg } from '../trpc/locale.ts';

const ids = z.array(id).min(1).max(BULK_ACCOUNTS_MAX);
const validDays = z.number().int().min(1).max(ACTIVATION_DAYS_MAX).optional();

/**
 * Accounts for real people (issue #14, item 5), by 三员分立:
 * - the system administrator (user.manage) creates member and branch-secretary accounts in
 *   bulk from the roster with role `pending` and a one-time activation code each, and downloads
 *   the printable sheet (xlsx, a worksheet per branch) — the only time the codes are shown;
 * - the security administrator (security.manage) grants the proposed roles in bulk;
 * - the person activates the account with user name + code and a password of their own
 *   (public, throttled like a sign-in).
 */
export const accountsRouter = router({
  /** Members on the roll under a unit (any level) without an account yet. */
  candidates: permissionProcedure('user.manage')
    .input(z.object({ unitId: id }))
    .query(async ({ ctx, input }) => {
      await assertInScope(ctx.db, ctx.principal, input.unitId);
      const rows = await accountCandidates(ctx.db, input.unitId);
      return { total: rows.length, members: rows.slice(0, BULK_ACCOUNTS_MAX) };
    }),

  /**
   * Creates the accounts (all candidates of the unit, or the members chosen) with their
   * activation codes, all or nothing, one audit record per account; returns the activation
   * sheet (xlsx, base64) once.
   */
  create: writeProcedure('user.manage')
    .input(
      z.strictObject({
        unitId: id,
        memberIds: ids.optional(),
        secretaryMemberIds: z.array(id).max(BULK_ACCOUNTS_MAX).optional(),
        validDays,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await assertInScope(ctx.tx, ctx.principal, input.unitId);
      const unit = await getUnit(ctx.tx, input.unitId);
      const rows = await createAccountsWithActivation(
        ctx.tx,
        { ...input, actorId: ctx.principal.userId },
        ctx.auditMany,
      );
      const sheet = await activationSheet(rows, unit.name, shanghaiDate());
      return {
        created: rows.length,
        branches: new Set(rows.map((r) => r.branchId)).size,
        secretaries: rows.filter((r) => r.proposedRole === 'branch_secretary').length,
        validUntil: rows[0]!.validUntil,
        sheet,
      };
    }),

  /** New codes (and a new sheet) for accounts never activated: a lost or expired sheet. */
  reissue: writeProcedure('user.manage')
    .input(z.strictObject({ userIds: ids, validDays }))
    .mutation(async ({ ctx, input }) => {
      const units = await ctx.tx
        .selectFrom('app_user')
        .select('org_unit_id')
        .distinct()
        .where('id', 'in', input.userIds)
        .execute();
      for (const u of units) await assertInScope(ctx.tx, ctx.principal, u.org_unit_id);
      const rows = await reissueActivation(
        ctx.tx,
        input.userIds,
        ctx.principal.userId,
        ctx.auditMany,
        input.validDays,
      );
      const scope = await getUnit(ctx.tx, rows.length === 1 ? rows[0]!.branchId : ctx.principal.scopeRootId);
      return { reissued: rows.length, sheet: await activationSheet(rows, scope.name, shanghaiDate()) };
    }),

  /** Accounts awaiting a role, with the role the system administrator proposed. */
  pending: permissionProcedure('security.manage').query(({ ctx }) =>
    pendingAccounts(ctx.db, ctx.principal.scopeRootId),
  ),

  /** The security administrator grants roles in bulk: each its proposed role, or `role` for all. */
  grantRoles: writeProcedure('security.manage')
    .input(z.strictObject({ userIds: ids, role: z.enum(['member', 'branch_secretary']).optional() }))
    .mutation(async ({ ctx, input }) => {
      const units = await ctx.tx
        .selectFrom('app_user')
        .select('org_unit_id')
        .distinct()
        .where('id', 'in', input.userIds)
        .execute();
      for (const u of units) await assertInScope(ctx.tx, ctx.principal, u.org_unit_id);
      const granted = await grantRoles(
        ctx.tx,
        ctx.principal.userId,
        input.userIds,
        input.role,
        ctx.auditMany,
      );
      return { granted };
    }),

  /**
   * First sign-in with user name + activation code: sets the password. Then sign in with
   * `auth.login` as usual.
   */
  activate: publicProcedure
    .input(
      z.strictObject({
        username: z.string().trim().min(1).max(64),
        code: z.string().trim().min(1).max(40),
        newPassword: z.string().min(8, msg('auth.weakPassword')).max(128),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const r = await activateAccount(ctx.db, { ...input, ip: ctx.ip }, ctx.authConfig);
      return { ok: true as const, username: r.username };
    }),
});
