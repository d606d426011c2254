import {
  changePassword,
  createUser,
  login,
  PERMISSIONS,
  ROLES,
  revokeSession,
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
});

export const authRouter = router({
  login: publicProcedure
    .input(z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(128) }))
    .mutation(async ({ ctx, input }) => {
      const result = await login(ctx.db, { ...input, ip: ctx.ip, userAgent: ctx.userAgent }, ctx.authConfig);
      ctx.setCookie(SESSION_COOKIE, result.token, { maxAgeSeconds: ctx.authConfig.absoluteHours * 3600 });
      // The token is also returned for scripts that send `Authorization: Bearer …`.
      return { token: result.token, expiresAt: result.expiresAt, userId: result.userId };
    }),

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
});
