import { appendAudit } from '@zhanqian/audit';
import { DomainError } from '@zhanqian/core';
import type { Database, Kysely } from '@zhanqian/db';
import { sql } from '@zhanqian/db';
import type { AuthConfig } from './config.ts';
import { burnVerification, verifyPassword } from './password.ts';
import { createSession } from './sessions.ts';

type Db = Kysely<Database>;

export interface LoginInput {
  username: string;
  password: string;
  ip?: string | null;
  userAgent?: string | null;
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  userId: number;
}

/**
 * Password sign-in with throttling: an address with too many recent failures is refused
 * outright; an account with `maxFailures` failures within the window is locked for
 * `lockMinutes`. Every attempt, success or not, is recorded and audited; failures throw
 * DomainErrors after their records are committed.
 */
export async function login(
  db: Db,
  input: LoginInput,
  config: AuthConfig,
  now = new Date(),
): Promise<LoginResult> {
  const windowStart = new Date(now.getTime() - config.failureWindowMinutes * 60_000).toISOString();
  const ip = input.ip ?? null;
  const audit = { actor: input.username, objectType: 'app_user', ip };

  if (ip) {
    const recent = await db
      .selectFrom('login_attempt')
      .select(sql<number>`count(*)`.as('n'))
      .where('ip', '=', ip)
      .where('ok', '=', 0)
      .where('at', '>=', windowStart)
      .executeTakeFirstOrThrow();
    if (Number(recent.n) >= config.maxFailuresPerIp) {
      await db.transaction().execute(async (trx) => {
        await recordAttempt(trx, input.username, ip, now, false);
        await appendAudit(trx, {
          ...audit,
          actorId: null,
          action: 'auth.login',
          result: 'denied',
          after: { reason: 'ip-throttled' },
        });
      });
      throw new DomainError('TOO_MANY_REQUESTS', 'auth.throttled');
    }
  }

  const user = await db
    .selectFrom('app_user')
    .selectAll()
    .where('username', '=', input.username)
    .executeTakeFirst();
  if (!user) {
    await burnVerification(input.password);
    await db.transaction().execute(async (trx) => {
      await recordAttempt(trx, input.username, ip, now, false);
      await appendAudit(trx, {
        ...audit,
        actorId: null,
        action: 'auth.login',
        result: 'failed',
        after: { reason: 'unknown-user' },
      });
    });
    throw new DomainError('UNAUTHORIZED', 'auth.badCredentials');
  }

  if (user.locked_until && user.locked_until > now.toISOString()) {
    await burnVerification(input.password);
    await db.transaction().execute(async (trx) => {
      await recordAttempt(trx, input.username, ip, now, false);
      await appendAudit(trx, {
        ...audit,
        actorId: user.id,
        objectId: user.id,
        action: 'auth.login',
        result: 'denied',
        after: { reason: 'locked' },
      });
    });
    const minutes = Math.max(1, Math.ceil((new Date(user.locked_until).getTime() - now.getTime()) / 60_000));
    throw new DomainError('TOO_MANY_REQUESTS', 'auth.locked', { minutes });
  }

  const good = await verifyPassword(user.password_hash, input.password);
  if (!good || user.disabled) {
    const lockedNow = await db.transaction().execute(async (trx) => {
      await recordAttempt(trx, input.username, ip, now, false);
      const failures = await trx
        .selectFrom('login_attempt')
        .select(sql<number>`count(*)`.as('n'))
        .where('username', '=', input.username)
        .where('ok', '=', 0)
        .where('at', '>=', windowStart)
        .where('at', '>', user.locked_until ?? '')
        .executeTakeFirstOrThrow();
      const reason = user.disabled ? 'disabled' : 'bad-password';
      await appendAudit(trx, {
        ...audit,
        actorId: user.id,
        objectId: user.id,
        action: 'auth.login',
        result: 'failed',
        after: { reason },
      });
      if (!user.disabled && Number(failures.n) >= config.maxFailures) {
        const lockedUntil = new Date(now.getTime() + config.lockMinutes * 60_000).toISOString();
        await trx
          .updateTable('app_user')
          .set({ locked_until: lockedUntil, failed_count: Number(failures.n) })
          .where('id', '=', user.id)
          .execute();
        await appendAudit(trx, {
          ...audit,
          actorId: user.id,
          objectId: user.id,
          action: 'auth.lockout',
          before: { locked_until: user.locked_until },
          after: { locked_until: lockedUntil, failures: Number(failures.n) },
        });
        return true;
      }
      await trx
        .updateTable('app_user')
        .set({ failed_count: Number(failures.n) })
        .where('id', '=', user.id)
        .execute();
      return false;
    });
    if (user.disabled) throw new DomainError('FORBIDDEN', 'auth.disabled');
    if (lockedNow) throw new DomainError('TOO_MANY_REQUESTS', 'auth.locked', { minutes: config.lockMinutes });
    throw new DomainError('UNAUTHORIZED', 'auth.badCredentials');
  }

  return db.transaction().execute(async (trx) => {
    await recordAttempt(trx, input.username, ip, now, true);
    await trx
      .updateTable('app_user')
      .set({ failed_count: 0, locked_until: null })
      .where('id', '=', user.id)
      .execute();
    const session = await createSession(
      trx,
      user.id,
      config,
      { ip, userAgent: input.userAgent ?? null },
      now,
    );
    await appendAudit(trx, {
      ...audit,
      actorId: user.id,
      objectId: user.id,
      action: 'auth.login',
      result: 'ok',
    });
    return { ...session, userId: user.id };
  });
}

async function recordAttempt(
  db: Db,
  username: string,
  ip: string | null,
  now: Date,
  ok: boolean,
): Promise<void> {
  await db
    .insertInto('login_attempt')
    .values({ username, ip, at: now.toISOString(), ok: ok ? 1 : 0 })
    .execute();
}
