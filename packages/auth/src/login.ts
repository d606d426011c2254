import { appendAudit, recordAudit } from '@zhanqian/audit';
import { DomainError } from '@zhanqian/core';
import type { AppUser, Database, Kysely, Transaction } from '@zhanqian/db';
import { sql } from '@zhanqian/db';
import { type AuthConfig, CHALLENGE_MAX_ATTEMPTS, CHALLENGE_MINUTES, DEFAULT_AUTH_CONFIG } from './config.ts';
import { burnVerification, hashPassword, isStrongPassword, verifyPassword } from './password.ts';
import { createSession, revokeAllSessions } from './sessions.ts';
import {
  checkTotp,
  decryptTotpSecret,
  encryptTotpSecret,
  findChallenge,
  newChallengeToken,
  newTotpSecret,
  requiresTotp,
  setTotpSecret,
  totpUri,
} from './totp.ts';

type Db = Kysely<Database>;

export interface LoginInput {
  username: string;
  password: string;
  ip?: string | null;
  userAgent?: string | null;
}

/** Signed in: the session token (cookie and bearer). */
export interface LoginGranted {
  status: 'ok';
  token: string;
  expiresAt: string;
  userId: number;
}

/** What a pending sign-in asks for next. */
export type LoginStage = 'totp' | 'enroll' | 'password';

/**
 * The password was right but one more step is due: a TOTP code (`totp`), enrolment of an
 * authenticator (`enroll`: the secret and its otpauth:// URI are returned once, to be
 * confirmed with a first code), or a new password because the old one expired (`password`).
 */
export interface LoginPending {
  status: 'pending';
  step: LoginStage;
  challenge: string;
  challengeExpiresAt: string;
  userId: number;
  enrollment?: { secret: string; uri: string };
}

export type LoginResult = LoginGranted | LoginPending;

/** True when the password is older than `passwordMaxAgeDays` (0 = never expires). */
export function isPasswordExpired(changedAt: string, config: AuthConfig, now = new Date()): boolean {
  const days = config.passwordMaxAgeDays ?? DEFAULT_AUTH_CONFIG.passwordMaxAgeDays ?? 0;
  if (days <= 0 || !/^\d{4}-/.test(changedAt)) return false;
  return changedAt < new Date(now.getTime() - days * 86_400_000).toISOString();
}

/**
 * Password sign-in with throttling: an address with too many recent failures is refused
 * outright; an account with `maxFailures` failures within the window is locked for
 * `lockMinutes`. Every attempt, success or not, is recorded and audited; failures throw
 * DomainErrors after their records are committed. Administrators (and anyone with a
 * second factor enrolled) get a pending challenge instead of a session: see `loginStep`.
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

  if (isLocked(user, now)) {
    await burnVerification(input.password);
    await refuseLocked(db, user, ip, now);
  }

  const good = await verifyPassword(user.password_hash, input.password);
  if (!good || user.disabled) {
    const reason = user.disabled ? 'disabled' : 'bad-password';
    const lockedNow = await db
      .transaction()
      .execute((trx) => registerFailure(trx, user, ip, now, config, { reason, step: 'password' }));
    if (user.disabled) throw new DomainError('FORBIDDEN', 'auth.disabled');
    if (lockedNow) throw new DomainError('TOO_MANY_REQUESTS', 'auth.locked', { minutes: config.lockMinutes });
    throw new DomainError('UNAUTHORIZED', 'auth.badCredentials');
  }

  const passwordExpired = isPasswordExpired(user.password_changed_at, config, now);
  const stage: LoginStage | null = user.totp_secret
    ? 'totp'
    : requiresTotp(user.role)
      ? 'enroll'
      : passwordExpired
        ? 'password'
        : null;
  const meta = { ip, userAgent: input.userAgent ?? null };
  if (!stage) return finishLogin(db, user, meta, config, now, { factors: ['password'] });
  return beginChallenge(db, user, stage, passwordExpired, ip, now);
}

async function beginChallenge(
  db: Db,
  user: AppUser,
  stage: LoginStage,
  passwordExpired: boolean,
  ip: string | null,
  now: Date,
): Promise<LoginPending> {
  const { token, id } = newChallengeToken();
  const expiresAt = new Date(now.getTime() + CHALLENGE_MINUTES * 60_000).toISOString();
  const secret = stage === 'enroll' ? newTotpSecret() : null;
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('login_challenge').where('user_id', '=', user.id).execute();
    await trx
      .insertInto('login_challenge')
      .values({
        id,
        user_id: user.id,
        stage,
        secret_enc: secret ? encryptTotpSecret(secret) : null,
        password_expired: passwordExpired ? 1 : 0,
        created_at: now.toISOString(),
        expires_at: expiresAt,
      })
      .execute();
    await appendAudit(trx, {
      actorId: user.id,
      actor: user.username,
      objectType: 'app_user',
      objectId: user.id,
      ip,
      action: 'auth.login.password',
      result: 'ok',
      after: { next: stage, passwordExpired },
    });
  });
  return {
    status: 'pending',
    step: stage,
    challenge: token,
    challengeExpiresAt: expiresAt,
    userId: user.id,
    ...(secret ? { enrollment: { secret, uri: totpUri(user.username, secret) } } : {}),
  };
}

export interface LoginStepInput {
  challenge: string;
  /** The 6-digit code of the authenticator (steps `totp` and `enroll`). */
  code?: string | undefined;
  /** The new password (step `password`). */
  newPassword?: string | undefined;
  ip?: string | null;
  userAgent?: string | null;
}

/**
 * The second step of a sign-in: checks the code (or sets the renewed password) for the
 * pending challenge and grants a session, or asks for the next step. Wrong codes count
 * as failed sign-ins towards the account lockout; a challenge dies after
 * CHALLENGE_MAX_ATTEMPTS wrong codes or CHALLENGE_MINUTES.
 */
export async function loginStep(
  db: Db,
  input: LoginStepInput,
  config: AuthConfig,
  now = new Date(),
): Promise<LoginResult> {
  const ch = await findChallenge(db, input.challenge, now);
  const user = await db.selectFrom('app_user').selectAll().where('id', '=', ch.user_id).executeTakeFirst();
  if (!user) throw new DomainError('UNAUTHORIZED', 'auth.challengeExpired');
  const ip = input.ip ?? null;
  const meta = { ip, userAgent: input.userAgent ?? null };
  if (isLocked(user, now)) await refuseLocked(db, user, ip, now);
  if (user.disabled) throw new DomainError('FORBIDDEN', 'auth.disabled');

  let effect: (trx: Transaction<Database>) => Promise<void>;
  if (ch.stage === 'totp' || ch.stage === 'enroll') {
    const secretEnc = ch.stage === 'totp' ? user.totp_secret : ch.secret_enc;
    if (!secretEnc) throw new DomainError('UNAUTHORIZED', 'auth.challengeExpired');
    const step = await checkTotp(
      decryptTotpSecret(secretEnc),
      input.code ?? '',
      ch.stage === 'totp' ? user.totp_last_step : null,
      now,
    );
    if (step === null) {
      const lockedNow = await db.transaction().execute(async (trx) => {
        const locked = await registerFailure(trx, user, ip, now, config, {
          reason: 'bad-totp',
          step: ch.stage,
        });
        if (locked || ch.attempts + 1 >= CHALLENGE_MAX_ATTEMPTS)
          await trx.deleteFrom('login_challenge').where('id', '=', ch.id).execute();
        else
          await trx
            .updateTable('login_challenge')
            .set({ attempts: ch.attempts + 1 })
            .where('id', '=', ch.id)
            .execute();
        return locked;
      });
      if (lockedNow)
        throw new DomainError('TOO_MANY_REQUESTS', 'auth.locked', { minutes: config.lockMinutes });
      throw new DomainError('UNAUTHORIZED', 'auth.badTotp');
    }
    effect = async (trx) => {
      await setTotpSecret(trx, user.id, secretEnc, step);
      if (ch.stage === 'enroll')
        await appendAudit(trx, {
          actorId: user.id,
          actor: user.username,
          objectType: 'app_user',
          objectId: user.id,
          ip,
          action: 'auth.totp.enroll',
          after: { enrolled: true, at: 'login' },
        });
    };
  } else {
    const next = input.newPassword ?? '';
    if (!isStrongPassword(next, user.username)) throw new DomainError('BAD_INPUT', 'auth.weakPassword');
    if (await verifyPassword(user.password_hash, next))
      throw new DomainError('BAD_INPUT', 'auth.passwordReused');
    const hash = await hashPassword(next);
    effect = async (trx) => {
      await trx
        .updateTable('app_user')
        .set({ password_hash: hash, password_changed_at: now.toISOString() })
        .where('id', '=', user.id)
        .execute();
      await revokeAllSessions(trx, user.id);
      await appendAudit(trx, {
        actorId: user.id,
        actor: user.username,
        objectType: 'app_user',
        objectId: user.id,
        ip,
        action: 'auth.password.renew',
        after: { reason: 'expired' },
      });
    };
  }

  if (ch.stage !== 'password' && ch.password_expired) {
    await db.transaction().execute(async (trx) => {
      await effect(trx);
      await trx
        .updateTable('login_challenge')
        .set({ stage: 'password', attempts: 0, secret_enc: null })
        .where('id', '=', ch.id)
        .execute();
    });
    return {
      status: 'pending',
      step: 'password',
      challenge: input.challenge,
      challengeExpiresAt: ch.expires_at,
      userId: user.id,
    };
  }
  const factors = ch.stage === 'password' && !user.totp_secret ? ['password'] : ['password', 'totp'];
  return finishLogin(db, user, meta, config, now, {
    factors,
    before: async (trx) => {
      await effect(trx);
      await trx.deleteFrom('login_challenge').where('id', '=', ch.id).execute();
    },
  });
}

/** Live sessions of an account: within both the absolute lifetime and the idle limit. */
export async function liveSessionCount(db: Db, userId: number, config: AuthConfig, now = new Date()) {
  const idleCutoff = new Date(now.getTime() - config.idleMinutes * 60_000).toISOString();
  const row = await db
    .selectFrom('user_session')
    .select(sql<number>`count(*)`.as('n'))
    .where('user_id', '=', userId)
    .where('expires_at', '>', now.toISOString())
    .where('last_seen_at', '>', idleCutoff)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function finishLogin(
  db: Db,
  user: AppUser,
  meta: { ip: string | null; userAgent: string | null },
  config: AuthConfig,
  now: Date,
  opts: { factors: string[]; before?: (trx: Transaction<Database>) => Promise<void> },
): Promise<LoginGranted> {
  const mode = config.concurrentSessions ?? 'allow';
  if (mode === 'refuse' && (await liveSessionCount(db, user.id, config, now)) > 0) {
    await recordAudit(db, {
      actorId: user.id,
      actor: user.username,
      objectType: 'app_user',
      objectId: user.id,
      ip: meta.ip,
      action: 'auth.login',
      result: 'denied',
      after: { reason: 'concurrent-session' },
    });
    throw new DomainError('CONFLICT', 'auth.sessionActive');
  }
  return db.transaction().execute(async (trx) => {
    await opts.before?.(trx);
    await recordAttempt(trx, user.username, meta.ip, now, true);
    await trx
      .updateTable('app_user')
      .set({ failed_count: 0, locked_until: null })
      .where('id', '=', user.id)
      .execute();
    let replaced = 0;
    if (mode === 'replace') {
      const r = await trx.deleteFrom('user_session').where('user_id', '=', user.id).executeTakeFirst();
      replaced = Number(r.numDeletedRows);
    }
    const session = await createSession(trx, user.id, config, meta, now);
    await appendAudit(trx, {
      actorId: user.id,
      actor: user.username,
      objectType: 'app_user',
      objectId: user.id,
      ip: meta.ip,
      action: 'auth.login',
      result: 'ok',
      after: { factors: opts.factors, ...(replaced ? { replacedSessions: replaced } : {}) },
    });
    return { status: 'ok' as const, ...session, userId: user.id };
  });
}

const isLocked = (user: AppUser, now: Date): boolean =>
  user.locked_until !== null && user.locked_until > now.toISOString();

async function refuseLocked(db: Db, user: AppUser, ip: string | null, now: Date): Promise<never> {
  await db.transaction().execute(async (trx) => {
    await recordAttempt(trx, user.username, ip, now, false);
    await appendAudit(trx, {
      actorId: user.id,
      actor: user.username,
      objectType: 'app_user',
      objectId: user.id,
      ip,
      action: 'auth.login',
      result: 'denied',
      after: { reason: 'locked' },
    });
  });
  const minutes = Math.max(1, Math.ceil((new Date(user.locked_until!).getTime() - now.getTime()) / 60_000));
  throw new DomainError('TOO_MANY_REQUESTS', 'auth.locked', { minutes });
}

/** Records and audits a failed attempt; locks the account when the window's count is reached. */
async function registerFailure(
  trx: Transaction<Database>,
  user: AppUser,
  ip: string | null,
  now: Date,
  config: AuthConfig,
  detail: { reason: string; step: string },
): Promise<boolean> {
  const windowStart = new Date(now.getTime() - config.failureWindowMinutes * 60_000).toISOString();
  await recordAttempt(trx, user.username, ip, now, false);
  const failures = await trx
    .selectFrom('login_attempt')
    .select(sql<number>`count(*)`.as('n'))
    .where('username', '=', user.username)
    .where('ok', '=', 0)
    .where('at', '>=', windowStart)
    .where('at', '>', user.locked_until ?? '')
    .executeTakeFirstOrThrow();
  const audit = { actorId: user.id, actor: user.username, objectType: 'app_user', objectId: user.id, ip };
  await appendAudit(trx, { ...audit, action: 'auth.login', result: 'failed', after: detail });
  const n = Number(failures.n);
  if (!user.disabled && n >= config.maxFailures) {
    const lockedUntil = new Date(now.getTime() + config.lockMinutes * 60_000).toISOString();
    await trx
      .updateTable('app_user')
      .set({ locked_until: lockedUntil, failed_count: n })
      .where('id', '=', user.id)
      .execute();
    await appendAudit(trx, {
      ...audit,
      action: 'auth.lockout',
      before: { locked_until: user.locked_until },
      after: { locked_until: lockedUntil, failures: n },
    });
    return true;
  }
  await trx.updateTable('app_user').set({ failed_count: n }).where('id', '=', user.id).execute();
  return false;
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
