import {
  beginTotpEnrollment,
  changePassword,
  confirmTotpEnrollment,
  createUser,
  disableOwnTotp,
  type LoginResult,
  login,
  loginStep,
  PERMISSIONS,
  ROLES,
  requiresTotp,
  resetUserTotp,
  revokeSession,
  setUserRole,
  toPublicUser,
  unlockUser,
} from '@zhanqian/auth';
import { DomainError } from '@zhanqian/core';
import type { Role } from '@zhanqian/db';
import { getUnit } from '@zhanqian/org';
import { z } from 'zod';
import { SESSION_COOKIE } from '../session-cookie.ts';
import {
  authedProcedure,
  permissionProcedure,
  publicProcedure,
  router,
  writeProcedure,
} from '../trpc/init.ts';
import { msg } from '../trpc/locale.ts';

const username = z
  .string()
  .trim()
  .min(2, msg('input.username'))
  .max(64)
  .regex(/^[A-Za-z0-9_.@-]+$/, msg('input.username'));

const ADMIN_ROLES: Role[] = ['sys_admin', 'sec_admin', 'audit_admin'];

const usersRouter = router({
  list: permissionProcedure(['user.manage', 'security.manage'])
    .input(
      z.object({
        page: z.number().int().min(1).default(1),
        pageSize: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(async ({ ctx, input }) => {
      const rows = await ctx.db
        .selectFrom('app_user')
        .selectAll()
        .orderBy('id')
        .limit(input.pageSize)
        .offset((input.page - 1) * input.pageSize)
        .execute();
      return rows.map(toPublicUser);
    }),

  /** System administrators create business accounts; the three administrators are made by the CLI. */
  create: writeProcedure('user.manage')
    .input(
      z.object({
        username,
        displayName: z.string().trim().min(1).max(64),
        password: z.string().min(8, msg('auth.weakPassword')).max(128),
        role: z.enum(ROLES as [Role, ...Role[]]),
        orgUnitId: z.number().int().positive(),
        memberId: z.number().int().positive().nullable().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (ADMIN_ROLES.includes(input.role)) throw new DomainError('FORBIDDEN', 'auth.roleConflict');
      const user = await createUser(ctx.tx, input);
      await ctx.audit({
        action: 'auth.users.create',
        objectType: 'app_user',
        objectId: user.id,
        orgUnitId: input.orgUnitId,
        after: user,
      });
      return user;
    }),

  unlock: writeProcedure('security.manage')
    .input(z.object({ userId: z.number().int().positive() }))
    .mutation(async ({ ctx, input }) => {
      const { before, after } = await unlockUser(ctx.tx, input.userId);
      await ctx.audit({
        action: 'auth.users.unlock',
        objectType: 'app_user',
        objectId: input.userId,
        before,
        after,
      });
      return after;
    }),

  /** 三员分立: only the security administrator changes roles, never into or out of the three administrators. */
  setRole: writeProcedure('security.manage')
    .input(z.object({ userId: z.number().int().positive(), role: z.enum(ROLES as [Role, ...Role[]]) }))
    .mutation(async ({ ctx, input }) => {
      const { before, after } = await setUserRole(ctx.tx, ctx.principal.userId, input.userId, input.role);
      await ctx.audit({
        action: 'auth.users.setRole',
        objectType: 'app_user',
        objectId: input.userId,
        orgUnitId: after.org_unit_id,
        before: { role: before.role },
        after: { role: after.role },
      });
      return after;
    }),

  /** Removes an account's second factor (lost phone): it enrols again at its next sign-in. */
  resetTotp: writeProcedure('security.manage')
    .input(z.object({ userId: z.number().int().positive() }))
    .mutation(async ({ ctx, input }) => {
      const { before, after } = await resetUserTotp(ctx.tx, input.userId);
      await ctx.audit({
        action: 'auth.totp.reset',
        objectType: 'app_user',
        objectId: input.userId,
        before: { totp_enrolled: before.totp_enrolled },
        after: { totp_enrolled: after.totp_enrolled },
      });
      return after;
    }),
});

const code = z
  .string()
  .trim()
  .regex(/^\d{6}$/, msg('auth.badTotp'));

/** Voluntary second factor for accounts that do not need one (administrators must keep theirs). */
const totpRouter = router({
  begin: writeProcedure('authenticated').mutation(async ({ ctx }) => {
    const started = await beginTotpEnrollment(ctx.tx, ctx.principal.userId);
    await ctx.audit({ action: 'auth.totp.begin', objectType: 'app_user', objectId: ctx.principal.userId });
    return started;
  }),
  confirm: writeProcedure('authenticated')
    .input(z.object({ challenge: z.string().min(1).max(100), code }))
    .mutation(async ({ ctx, input }) => {
      await confirmTotpEnrollment(ctx.tx, ctx.principal.userId, input.challenge, input.code);
      await ctx.audit({
        action: 'auth.totp.enroll',
        objectType: 'app_user',
        objectId: ctx.principal.userId,
        after: { enrolled: true },
      });
      return { ok: true };
    }),
  disable: writeProcedure('authenticated')
    .input(z.object({ code }))
    .mutation(async ({ ctx, input }) => {
      await disableOwnTotp(ctx.tx, ctx.principal.userId, input.code);
      await ctx.audit({
        action: 'auth.totp.disable',
        objectType: 'app_user',
        objectId: ctx.principal.userId,
        after: { enrolled: false },
      });
      return { ok: true };
    }),
});

export const authRouter = router({
  login: publicProcedure
    .input(z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(128) }))
    .mutation(async ({ ctx, input }) =>
      granted(ctx, await login(ctx.db, { ...input, ip: ctx.ip, userAgent: ctx.userAgent }, ctx.authConfig)),
    ),

  /**
   * The second step of a pending sign-in (`status: 'pending'` from login): `code` for the
   * steps `totp` and `enroll`, `newPassword` for `password` (expired). Answers like login.
   */
  loginStep: publicProcedure
    .input(
      z.object({
        challenge: z.string().min(1).max(100),
        code: code.optional(),
        newPassword: z.string().min(1).max(128).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      granted(
        ctx,
        await loginStep(ctx.db, { ...input, ip: ctx.ip, userAgent: ctx.userAgent }, ctx.authConfig),
      ),
    ),

  logout: writeProcedure('authenticated').mutation(async ({ ctx }) => {
    if (ctx.sessionToken) await revokeSession(ctx.tx, ctx.sessionToken);
    await ctx.audit({ action: 'auth.logout', objectType: 'app_user', objectId: ctx.principal.userId });
    ctx.clearCookie(SESSION_COOKIE);
    return { ok: true };
  }),

  me: authedProcedure.query(async ({ ctx }) => {
    const p = ctx.principal;
    const unit = await getUnit(ctx.db, p.orgUnitId);
    return {
      userId: p.userId,
      username: p.username,
      displayName: p.displayName,
      role: p.role,
      unit: { id: unit.id, name: unit.name, kind: unit.kind, portal: unit.portal },
      scopeRootId: p.scopeRootId,
      memberId: p.memberId,
      permissions: PERMISSIONS.filter((x) => p.permissions.has(x)),
      totpRequired: requiresTotp(p.role),
    };
  }),

  changePassword: writeProcedure('authenticated')
    .input(
      z.object({
        current: z.string().min(1).max(128),
        next: z.string().min(8, msg('auth.weakPassword')).max(128),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      // changePassword signs out every session of the account, this one included.
      await changePassword(ctx.tx, ctx.principal.userId, input.current, input.next);
      await ctx.audit({
        action: 'auth.changePassword',
        objectType: 'app_user',
        objectId: ctx.principal.userId,
      });
      ctx.clearCookie(SESSION_COOKIE);
      return { ok: true };
    }),

  users: usersRouter,
  totp: totpRouter,
});

/**
 * A granted sign-in sets the httpOnly session cookie; the token is also returned for
 * scripts that send `Authorization: Bearer …`. A pending one returns its challenge.
 */
function granted(
  ctx: {
    setCookie(name: string, value: string, o?: { maxAgeSeconds?: number }): void;
    authConfig: { absoluteHours: number };
  },
  result: LoginResult,
) {
  if (result.status === 'pending') return result;
  ctx.setCookie(SESSION_COOKIE, result.token, { maxAgeSeconds: ctx.authConfig.absoluteHours * 3600 });
  return { status: result.status, token: result.token, expiresAt: result.expiresAt, userId: result.userId };
}
