import { type AuditEntry, appendAudit } from '@zhanqian/audit';
import {
  APPS,
  appsFor,
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
  reauthenticate,
  requiresTotp,
  resetUserTotp,
  revokeSession,
  setUserRole,
  toPublicUser,
  unlockUser,
} from '@zhanqian/auth';
import { isDomainError } from '@zhanqian/core';
import type { Database, Role, Transaction } from '@zhanqian/db';
import { getMember, getUnit } from '@zhanqian/org';
import { z } from 'zod';
import { SESSION_COOKIE } from '../session-cookie.ts';
import {
  authedProcedure,
  permissionProcedure,
  publicProcedure,
  router,
  writeProcedure,
} from '../trpc/init.ts';
import { id } from '../trpc/inputs.ts';
import { msg } from '../trpc/locale.ts';

const username = z
  .string()
  .trim()
  .min(2, msg('input.username'))
  .max(64)
  .regex(/^[A-Za-z0-9_.@-]+$/, msg('input.username'));

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

  /**
   * 三员分立 at creation: the system administrator creates an account with an initial
   * password, which its first sign-in must replace, and no business role (`pending`) until
   * the security administrator assigns one (`setRole`). The three administrators are made by
   * the CLI.
   */
  create: writeProcedure('user.manage')
    .input(
      // Strict: a `role` (or any unknown field) is refused, not silently dropped.
      z.strictObject({
        username,
        displayName: z.string().trim().min(1).max(64),
        password: z.string().min(8, msg('auth.weakPassword')).max(128),
        orgUnitId: id,
        memberId: id.nullable().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const user = await createUser(ctx.tx, { ...input, role: 'pending', mustChangePassword: true });
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
    .input(z.object({ userId: id }))
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
    .input(z.object({ userId: id, role: z.enum(ROLES as [Role, ...Role[]]) }))
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
    .input(z.object({ userId: id }))
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

/**
 * A change of credentials asks again for proof of the owner (the current password, or a
 * current code when a second factor is enrolled): a session alone is not enough. The proof
 * is checked, and a wrong one counted towards the lockout, before the write's transaction
 * opens, so the failure's record survives the refusal.
 */
const reauthProof = z.object({
  password: z.string().min(1).max(128).optional(),
  code: code.optional(),
});

type AuthedCtx = Parameters<Parameters<typeof authedProcedure.mutation>[0]>[0]['ctx'];

/** The write of a re-authenticated change, in one transaction with its audit record. */
function auditedWrite<T>(
  ctx: AuthedCtx,
  entry: Omit<AuditEntry, 'actorId' | 'actor' | 'ip'>,
  write: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return ctx.db.transaction().execute(async (trx) => {
    const result = await write(trx);
    await appendAudit(trx, {
      ...entry,
      actorId: ctx.principal.userId,
      actor: ctx.principal.username,
      ip: ctx.ip,
    });
    return result;
  });
}

/** The name of the member an account is linked to; null when the record is gone (removed from the roll). */
async function memberNameOf(db: AuthedCtx['db'], memberId: number): Promise<string | null> {
  try {
    return (await getMember(db, memberId)).name;
  } catch (err) {
    if (isDomainError(err) && err.kind === 'NOT_FOUND') return null;
    throw err;
  }
}

/** Voluntary second factor for accounts that do not need one (administrators must keep theirs). */
const totpRouter = router({
  /** Starts enrolment, or re-enrolment (a new phone): proof of the owner first. */
  begin: authedProcedure.input(reauthProof.optional()).mutation(async ({ ctx, input }) => {
    const proof = await reauthenticate(
      ctx.db,
      ctx.principal.userId,
      { ...input, ip: ctx.ip },
      ctx.authConfig,
    );
    return auditedWrite(
      ctx,
      {
        action: 'auth.totp.begin',
        objectType: 'app_user',
        objectId: ctx.principal.userId,
        after: { proof: proof.method },
      },
      (trx) => beginTotpEnrollment(trx, ctx.principal.userId),
    );
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
  disable: authedProcedure.input(z.object({ code })).mutation(async ({ ctx, input }) => {
    await reauthenticate(ctx.db, ctx.principal.userId, { code: input.code, ip: ctx.ip }, ctx.authConfig);
    await auditedWrite(
      ctx,
      {
        action: 'auth.totp.disable',
        objectType: 'app_user',
        objectId: ctx.principal.userId,
        after: { enrolled: false },
      },
      (trx) => disableOwnTotp(trx, ctx.principal.userId),
    );
    return { ok: true };
  }),
});

export const authRouter = router({
  /**
   * `app` names the front end signing in (`admin` console or `member` app): a role that does
   * not use it is refused (FORBIDDEN, with where to sign in instead) and gets no session.
   */
  login: publicProcedure
    .input(
      z.object({
        username: z.string().trim().min(1).max(64),
        password: z.string().min(1).max(128),
        app: z.enum(APPS).optional(),
      }),
    )
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
      /** The person's name on the member roll, for an account linked to a party member (else null). */
      memberName: p.memberId === null ? null : await memberNameOf(ctx.db, p.memberId),
      role: p.role,
      unit: { id: unit.id, name: unit.name, kind: unit.kind, portal: unit.portal },
      scopeRootId: p.scopeRootId,
      memberId: p.memberId,
      permissions: PERMISSIONS.filter((x) => p.permissions.has(x)),
      /** The apps this role works in (`admin`, `member`): a shell shows nothing to a role not listed. */
      apps: [...appsFor(p.role)],
      totpRequired: requiresTotp(p.role),
    };
  }),

  /** A wrong current password counts as a failed sign-in: guessing through a session locks the account. */
  changePassword: authedProcedure
    .input(
      z.object({
        current: z.string().min(1).max(128),
        next: z.string().min(8, msg('auth.weakPassword')).max(128),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const proof = await reauthenticate(
        ctx.db,
        ctx.principal.userId,
        { password: input.current, ip: ctx.ip },
        ctx.authConfig,
      );
      // changePassword signs out every session of the account, this one included.
      await auditedWrite(
        ctx,
        { action: 'auth.changePassword', objectType: 'app_user', objectId: ctx.principal.userId },
        (trx) => changePassword(trx, ctx.principal.userId, input.current, input.next, proof.passwordHash),
      );
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
