import {
  ACCOUNT_STATES,
  ACTIVATION_DAYS_MAX,
  accountCandidates,
  activateAccount,
  activationSheet,
  assertInScope,
  awaitingState,
  BULK_ACCOUNTS_MAX,
  BUSINESS_ROLES,
  createAccount,
  createAccountsWithActivation,
  grantRoles,
  listAccounts,
  notActivatedUnder,
  pendingAccounts,
  ROLES,
  reissueActivation,
  resetPassword,
} from '@zhanqian/auth';
import { DomainError, shanghaiDate } from '@zhanqian/core';
import type { Role } from '@zhanqian/db';
import { getUnit } from '@zhanqian/org';
import { z } from 'zod';
import {
  authedProcedure,
  permissionProcedure,
  publicProcedure,
  router,
  writeProcedure,
} from '../trpc/init.ts';
import { id } from '../trpc/inputs.ts';
import { msg } from '../trpc/locale.ts';

const ids = z.array(id).min(1).max(BULK_ACCOUNTS_MAX);
const validDays = z.number().int().min(1).max(ACTIVATION_DAYS_MAX).optional();
const username = z
  .string()
  .trim()
  .min(2, msg('input.username'))
  .max(64)
  .regex(/^[A-Za-z0-9_.@-]+$/, msg('input.username'));

/** The units of accounts, each checked against the caller's scope. */
async function assertAccountsInScope(
  ctx: { tx: Parameters<typeof assertInScope>[0]; principal: Parameters<typeof assertInScope>[1] },
  userIds: number[],
): Promise<void> {
  const units = await ctx.tx
    .selectFrom('app_user')
    .select('org_unit_id')
    .distinct()
    .where('id', 'in', userIds)
    .execute();
  for (const u of units) await assertInScope(ctx.tx, ctx.principal, u.org_unit_id);
}

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

  /**
   * New codes (and a new sheet) for accounts never activated: a lost or expired sheet. For the
   * accounts chosen (`userIds`), or for every account under a unit (`unitId`: a branch, or a
   * unit above it) still waiting for activation. The sheet is in this answer only.
   */
  reissue: writeProcedure('user.manage')
    .input(
      z
        .strictObject({ userIds: ids.optional(), unitId: id.optional(), validDays })
        .refine((v) => (v.userIds === undefined) !== (v.unitId === undefined), msg('accounts.reissueWhich')),
    )
    .mutation(async ({ ctx, input }) => {
      let userIds = input.userIds;
      if (input.unitId !== undefined) {
        await assertInScope(ctx.tx, ctx.principal, input.unitId);
        userIds = await notActivatedUnder(ctx.tx, input.unitId);
        if (userIds.length === 0) throw new DomainError('BAD_INPUT', 'accounts.noneToReissue');
        if (userIds.length > BULK_ACCOUNTS_MAX)
          throw new DomainError('BAD_INPUT', 'accounts.tooMany', { max: BULK_ACCOUNTS_MAX });
      } else await assertAccountsInScope(ctx, userIds!);
      const rows = await reissueActivation(
        ctx.tx,
        userIds!,
        ctx.principal.userId,
        ctx.auditMany,
        input.validDays,
      );
      const scope = await getUnit(
        ctx.tx,
        input.unitId ?? (rows.length === 1 ? rows[0]!.branchId : ctx.principal.scopeRootId),
      );
      return { reissued: rows.length, sheet: await activationSheet(rows, scope.name, shanghaiDate()) };
    }),

  /**
   * The users screen (issue #21, item 16): accounts of the caller's scope, searched by user
   * name or name, filtered by role, state (locked, not activated, awaiting a role, initial
   * password to replace, active) and unit, with the proposed role of those awaiting one.
   */
  list: permissionProcedure(['user.manage', 'security.manage'])
    .input(
      z.object({
        search: z.string().trim().max(64).optional(),
        role: z.enum(ROLES as [Role, ...Role[]]).optional(),
        state: z.enum(ACCOUNT_STATES as [string, ...string[]]).optional(),
        unitId: id.optional(),
        page: z.number().int().min(1).default(1),
        pageSize: z.number().int().min(1).max(200).default(20),
      }),
    )
    .query(async ({ ctx, input }) => {
      if (input.unitId !== undefined) await assertInScope(ctx.db, ctx.principal, input.unitId);
      return listAccounts(ctx.db, ctx.principal.scopeRootId, {
        ...input,
        state: input.state as (typeof ACCOUNT_STATES)[number] | undefined,
      });
    }),

  /**
   * One account made on screen by the system administrator: role `pending` with a proposed
   * business role (the security administrator grants it: a `role` field is refused), and a
   * one-time initial password answered once, to be replaced at the first sign-in.
   */
  createOne: writeProcedure('user.manage')
    .input(
      z.strictObject({
        username,
        displayName: z.string().trim().min(1).max(64),
        orgUnitId: id,
        memberId: id.nullable().optional(),
        proposedRole: z.enum(BUSINESS_ROLES),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await assertInScope(ctx.tx, ctx.principal, input.orgUnitId);
      const { user, initialPassword } = await createAccount(ctx.tx, input);
      await ctx.audit({
        action: 'auth.users.create',
        objectType: 'app_user',
        objectId: user.id,
        orgUnitId: input.orgUnitId,
        after: {
          username: user.username,
          displayName: user.display_name,
          memberId: user.member_id,
          role: user.role,
          proposedRole: input.proposedRole,
          password_must_change: 1,
        },
      });
      return {
        userId: user.id,
        username: user.username,
        displayName: user.display_name,
        proposedRole: input.proposedRole,
        initialPassword,
      };
    }),

  /**
   * A new one-time initial password (answered once) for an account of the caller's scope: the
   * account's sessions end and its next sign-in must replace the password. Never for one's own
   * account, the three administrators, or an account not yet activated (reissue its code).
   */
  resetPassword: writeProcedure('user.manage')
    .input(z.strictObject({ userId: id }))
    .mutation(async ({ ctx, input }) => {
      await assertAccountsInScope(ctx, [input.userId]);
      const r = await resetPassword(ctx.tx, ctx.principal.userId, input.userId);
      await ctx.audit({
        action: 'accounts.resetPassword',
        objectType: 'app_user',
        objectId: input.userId,
        orgUnitId: r.after.org_unit_id,
        before: { password_must_change: r.before.password_must_change },
        after: { password_must_change: 1, sessionsRevoked: r.sessionsRevoked },
      });
      return {
        userId: r.after.id,
        username: r.after.username,
        displayName: r.after.display_name,
        initialPassword: r.initialPassword,
      };
    }),

  /**
   * The signed-in account's own wait for a role (#14): an account activated before the
   * security administrator's grant signs in and is told so, with the role proposed; the grant
   * ends its sessions, so the role applies at its next sign-in.
   */
  awaiting: authedProcedure.query(({ ctx }) => awaitingState(ctx.db, ctx.principal.userId)),

  /** Accounts awaiting a role, with the role the system administrator proposed. */
  pending: permissionProcedure('security.manage').query(({ ctx }) =>
    pendingAccounts(ctx.db, ctx.principal.scopeRootId),
  ),

  /** The security administrator grants roles in bulk: each its proposed role, or `role` for all. */
  grantRoles: writeProcedure('security.manage')
    .input(z.strictObject({ userIds: ids, role: z.enum(['member', 'branch_secretary']).optional() }))
    .mutation(async ({ ctx, input }) => {
      await assertAccountsInScope(ctx, input.userIds);
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
