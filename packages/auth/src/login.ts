import { appendAudit } from '@zhanqian/audit';
import { DomainError } from '@zhanqian/core';
import type { AppUser, Database, Kysely, Transaction } from '@zhanqian/db';
import { dialectOf, sql } from '@zhanqian/db';
import { type AuthConfig, CHALLENGE_MAX_ATTEMPTS, CHALLENGE_MINUTES, DEFAULT_AUTH_CONFIG } from './config.ts';
import { burnVerification, hashPassword, isStrongPassword, verifyPassword } from './password.ts';
import { type App, mayUseApp } from './permissions.ts';
import { createSession, revokeAllSessions } from './sessions.ts';
import {
  checkTotp,
  decryptTotpSecret,
  encryptTotpSecret,
  findChallenge,
  newChallengeToken,
  newTotpSecret,
  requiresTotp,
  totpUri,
} from './totp.ts';

type Db = Kysely<Database>;

export interface LoginInput {
  username: string;
  password: string;
  ip?: string | null;
  userAgent?: string | null;
  /**
   * The app signing in (the admin console or the member app): a role that does not use it
   * is refused once its password is checked (`appsFor`), with no session. Scripts leave it out.
   */
  app?: App | undefined;
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
 *
 * Concurrency: an attempt is counted against the lock before its password is checked
 * (`claimAttempt`, under the account's row lock), so parallel guesses cannot outrun the
 * lockout, and a lock set while an attempt was verifying is never lifted by its success.
 */
export async function login(
  db: Db,
  input: LoginInput,
  config: AuthConfig,
  now = new Date(),
): Promise<LoginResult> {
  const ip = input.ip ?? null;
  const audit = { actor: input.username, objectType: 'app_user', ip };

  if (ip) {
    if (await isIpThrottled(db, ip, config, now)) {
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

  const found = await db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', input.username)
    .executeTakeFirst();
  if (!found) {
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

  const claim = await claimAttempt(db, found.id, ip, now, config, 'password');
  if (claim.refused) {
    await burnVerification(input.password);
    throw lockedError(claim.lockedUntil, now);
  }
  const { user, attemptId } = claim;

  const good = await verifyPassword(user.password_hash, input.password);
  if (!good || user.disabled) {
    const reason = user.disabled ? 'disabled' : 'bad-password';
    const lockedNow = await db.transaction().execute(async (trx) => {
      const locked = await lockUser(trx, user.id);
      return registerFailure(trx, locked, ip, now, config, { reason, step: 'password' }, attemptId);
    });
    if (user.disabled) throw new DomainError('FORBIDDEN', 'auth.disabled');
    if (lockedNow) throw new DomainError('TOO_MANY_REQUESTS', 'auth.locked', { minutes: config.lockMinutes });
    throw new DomainError('UNAUTHORIZED', 'auth.badCredentials');
  }

  // Each role has the apps it uses: a Party member is sent to the member app, and so on. Told
  // only once the password is right (the role is no stranger's business); not a failed guess.
  if (input.app && !mayUseApp(user.role, input.app)) {
    await db.transaction().execute(async (trx) => {
      await settleAttempt(trx, attemptId, true);
      await appendAudit(trx, {
        ...accountAudit(user, ip),
        action: 'auth.login',
        result: 'denied',
        after: { reason: 'wrong-app', app: input.app },
      });
    });
    throw new DomainError(
      'FORBIDDEN',
      input.app === 'admin' ? 'auth.adminAppRefused' : 'auth.memberAppRefused',
    );
  }

  const passwordExpired =
    user.password_must_change === 1 || isPasswordExpired(user.password_changed_at, config, now);
  const stage: LoginStage | null = user.totp_secret
    ? 'totp'
    : requiresTotp(user.role)
      ? 'enroll'
      : passwordExpired
        ? 'password'
        : null;
  const meta = { ip, userAgent: input.userAgent ?? null };
  if (!stage) return finishLogin(db, user, meta, config, now, { factors: ['password'], attemptId });
  return beginChallenge(db, user, stage, passwordExpired, ip, now, attemptId);
}

/** True when the address made `maxFailuresPerIp` failed attempts within the window (sign-ins and activations). */
export async function isIpThrottled(db: Db, ip: string, config: AuthConfig, now: Date): Promise<boolean> {
  const windowStart = new Date(now.getTime() - config.failureWindowMinutes * 60_000).toISOString();
  const recent = await db
    .selectFrom('login_attempt')
    .select(sql<number>`count(*)`.as('n'))
    .where('ip', '=', ip)
    .where('ok', '=', 0)
    .where('at', '>=', windowStart)
    .executeTakeFirstOrThrow();
  return Number(recent.n) >= config.maxFailuresPerIp;
}

/*
 * claimAttempt, lockUser, lockedError, registerFailure, settleAttempt and recordAttempt are
 * exported for account activation (activation.ts): a guess at an activation code counts
 * towards the same lockout as a guess at a password.
 */

/** login_attempt.ok: an attempt claimed and still checking its password or code. */
const UNDER_WAY = 2;

/**
 * Takes the account's row lock, refuses when it is locked, and otherwise records this
 * attempt as under way (turned to ok or failed when its check ends). The account locks
 * when the window holds `maxFailures` failures; while failures and attempts under way
 * together reach that number, further attempts are refused (and counted as failures)
 * without locking, so parallel guesses never outnumber the limit at the password check,
 * and a script signing in a few times at once is not locked out by its own successes.
 */
export async function claimAttempt(
  db: Db,
  userId: number,
  ip: string | null,
  now: Date,
  config: AuthConfig,
  step: string,
): Promise<
  { refused: true; lockedUntil: string | null } | { refused: false; user: AppUser; attemptId: number }
> {
  return db.transaction().execute(async (trx) => {
    const user = await lockUser(trx, userId);
    const audit = accountAudit(user, ip);
    const refuse = async (reason: string, lockedUntil: string | null) => {
      await recordAttempt(trx, user.username, ip, now, false);
      await appendAudit(trx, { ...audit, action: 'auth.login', result: 'denied', after: { reason, step } });
      return { refused: true as const, lockedUntil };
    };
    if (isLocked(user, now)) return refuse('locked', user.locked_until);
    const { failed, underWay } = await attemptsInWindow(trx, user, now, config);
    if (!user.disabled && failed >= config.maxFailures)
      return refuse('locked', await setLock(trx, user, now, config, failed));
    if (failed + underWay >= config.maxFailures) return refuse('attempts-under-way', null);
    const attemptId = await recordAttempt(trx, user.username, ip, now, UNDER_WAY);
    return { refused: false as const, user, attemptId };
  });
}

/**
 * The account's row, locked for the rest of the transaction on PostgreSQL (FOR NO KEY
 * UPDATE: sessions and challenges referencing the row can still be inserted). Every sign-in
 * transaction takes it first, before the audit chain's lock, so they all lock in one order
 * (two orders deadlocked under parallel sign-ins). SQLite transactions run one at a time.
 */
export async function lockUser(trx: Transaction<Database>, userId: number): Promise<AppUser> {
  const q = trx.selectFrom('app_user').selectAll().where('id', '=', userId);
  const user = await (dialectOf(trx) === 'postgres' ? q.forNoKeyUpdate() : q).executeTakeFirst();
  if (!user) throw new DomainError('UNAUTHORIZED', 'auth.challengeExpired');
  return user;
}

export function lockedError(lockedUntil: string | null, now: Date): DomainError {
  if (!lockedUntil) return new DomainError('TOO_MANY_REQUESTS', 'auth.attemptsUnderWay');
  const minutes = Math.max(1, Math.ceil((new Date(lockedUntil).getTime() - now.getTime()) / 60_000));
  return new DomainError('TOO_MANY_REQUESTS', 'auth.locked', { minutes });
}

async function beginChallenge(
  db: Db,
  user: AppUser,
  stage: LoginStage,
  passwordExpired: boolean,
  ip: string | null,
  now: Date,
  attemptId: number,
): Promise<LoginPending> {
  const { token, id } = newChallengeToken();
  const expiresAt = new Date(now.getTime() + CHALLENGE_MINUTES * 60_000).toISOString();
  const secret = stage === 'enroll' ? newTotpSecret() : null;
  const lockedUntil = await db.transaction().execute(async (trx) => {
    const current = await lockUser(trx, user.id);
    if (isLocked(current, now)) {
      await settleAttempt(trx, attemptId, false);
      await auditLockedDuringAttempt(trx, current, ip, 'password');
      return current.locked_until!;
    }
    await settleAttempt(trx, attemptId, true);
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
      ...accountAudit(user, ip),
      action: 'auth.login.password',
      result: 'ok',
      after: { next: stage, passwordExpired },
    });
    return null;
  });
  if (lockedUntil) throw lockedError(lockedUntil, now);
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
 *
 * Concurrency: the challenge is consumed and the TOTP step advanced by conditional writes
 * that must each change exactly one row, so one code sent many times at once gives one
 * session; the others are refused as an expired challenge or a used code.
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
        const current = await lockUser(trx, user.id);
        const locked = await registerFailure(trx, current, ip, now, config, {
          reason: 'bad-totp',
          step: ch.stage,
        });
        // One more wrong code on this challenge, counted in the database (not from what was read).
        await trx
          .updateTable('login_challenge')
          .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
          .where('id', '=', ch.id)
          .execute();
        const del = trx.deleteFrom('login_challenge').where('id', '=', ch.id);
        await (locked ? del : del.where('attempts', '>=', CHALLENGE_MAX_ATTEMPTS)).execute();
        return locked;
      });
      if (lockedNow)
        throw new DomainError('TOO_MANY_REQUESTS', 'auth.locked', { minutes: config.lockMinutes });
      throw new DomainError('UNAUTHORIZED', 'auth.badTotp');
    }
    effect = async (trx) => {
      if (ch.stage === 'totp') {
        // The step only moves forward, and only from what this check read: a code already
        // spent by a parallel request changes no row and is refused.
        const r = await trx
          .updateTable('app_user')
          .set({ totp_last_step: step })
          .where('id', '=', user.id)
          .where('totp_secret', '=', secretEnc)
          .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) throw new DomainError('UNAUTHORIZED', 'auth.badTotp');
        return;
      }
      const r = await trx
        .updateTable('app_user')
        .set({ totp_secret: secretEnc, totp_last_step: step })
        .where('id', '=', user.id)
        .where('totp_secret', 'is', null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new DomainError('UNAUTHORIZED', 'auth.challengeExpired');
      await appendAudit(trx, {
        ...accountAudit(user, ip),
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
        .set({ password_hash: hash, password_changed_at: now.toISOString(), password_must_change: 0 })
        .where('id', '=', user.id)
        .execute();
      await revokeAllSessions(trx, user.id);
      await appendAudit(trx, {
        ...accountAudit(user, ip),
        action: 'auth.password.renew',
        after: { reason: user.password_must_change ? 'initial' : 'expired' },
      });
    };
  }

  if (ch.stage !== 'password' && ch.password_expired) {
    await db.transaction().execute(async (trx) => {
      await lockUser(trx, user.id);
      // Consumed by exactly one request: the stage moves on once.
      const r = await trx
        .updateTable('login_challenge')
        .set({ stage: 'password', attempts: 0, secret_enc: null })
        .where('id', '=', ch.id)
        .where('stage', '=', ch.stage)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new DomainError('UNAUTHORIZED', 'auth.challengeExpired');
      await effect(trx);
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
      const r = await trx
        .deleteFrom('login_challenge')
        .where('id', '=', ch.id)
        .where('stage', '=', ch.stage)
        .executeTakeFirst();
      if (Number(r.numDeletedRows) !== 1) throw new DomainError('UNAUTHORIZED', 'auth.challengeExpired');
      await effect(trx);
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
  opts: {
    factors: string[];
    /** The claimed attempt of a password sign-in, turned to ok here. */
    attemptId?: number;
    before?: (trx: Transaction<Database>) => Promise<void>;
  },
): Promise<LoginGranted> {
  const mode = config.concurrentSessions ?? 'allow';
  const outcome = await db.transaction().execute(async (trx) => {
    const current = await lockUser(trx, user.id);
    // A lock set by parallel failures while this attempt was verifying stands: it is never
    // lifted by this success, and this attempt stays counted as a failure.
    if (isLocked(current, now)) {
      if (opts.attemptId !== undefined) await settleAttempt(trx, opts.attemptId, false);
      await auditLockedDuringAttempt(trx, current, meta.ip, opts.factors.at(-1) ?? 'password');
      return { refused: 'locked' as const, lockedUntil: current.locked_until! };
    }
    // Counted under the row lock, so two sign-ins at once cannot both pass a 'refuse' limit.
    if (mode === 'refuse' && (await liveSessionCount(trx, user.id, config, now)) > 0) {
      await appendAudit(trx, {
        ...accountAudit(user, meta.ip),
        action: 'auth.login',
        result: 'denied',
        after: { reason: 'concurrent-session' },
      });
      return { refused: 'session' as const };
    }
    await opts.before?.(trx);
    if (opts.attemptId !== undefined) await settleAttempt(trx, opts.attemptId, true);
    else await recordAttempt(trx, user.username, meta.ip, now, true);
    await trx.updateTable('app_user').set({ failed_count: 0 }).where('id', '=', user.id).execute();
    let replaced = 0;
    if (mode === 'replace') {
      const r = await trx.deleteFrom('user_session').where('user_id', '=', user.id).executeTakeFirst();
      replaced = Number(r.numDeletedRows);
    }
    const session = await createSession(trx, user.id, config, meta, now);
    await appendAudit(trx, {
      ...accountAudit(user, meta.ip),
      action: 'auth.login',
      result: 'ok',
      after: { factors: opts.factors, ...(replaced ? { replacedSessions: replaced } : {}) },
    });
    return { refused: null, granted: { status: 'ok' as const, ...session, userId: user.id } };
  });
  if (outcome.refused === 'locked') throw lockedError(outcome.lockedUntil, now);
  if (outcome.refused === 'session') throw new DomainError('CONFLICT', 'auth.sessionActive');
  return outcome.granted;
}

/** Who and what an account's sign-in audit record names. */
const accountAudit = (user: Pick<AppUser, 'id' | 'username'>, ip: string | null) => ({
  actorId: user.id,
  actor: user.username,
  objectType: 'app_user',
  objectId: user.id,
  ip,
});

const isLocked = (user: AppUser, now: Date): boolean =>
  user.locked_until !== null && user.locked_until > now.toISOString();

async function auditLockedDuringAttempt(
  trx: Transaction<Database>,
  user: AppUser,
  ip: string | null,
  step: string,
): Promise<void> {
  await appendAudit(trx, {
    ...accountAudit(user, ip),
    action: 'auth.login',
    result: 'denied',
    after: { reason: 'locked-during-attempt', step },
  });
}

async function refuseLocked(db: Db, user: AppUser, ip: string | null, now: Date): Promise<never> {
  await db.transaction().execute(async (trx) => {
    await recordAttempt(trx, user.username, ip, now, false);
    await appendAudit(trx, {
      ...accountAudit(user, ip),
      action: 'auth.login',
      result: 'denied',
      after: { reason: 'locked' },
    });
  });
  throw lockedError(user.locked_until!, now);
}

/** Failed attempts of the account in the window since its last lock ended, and those under way. */
async function attemptsInWindow(
  trx: Transaction<Database>,
  user: AppUser,
  now: Date,
  config: AuthConfig,
): Promise<{ failed: number; underWay: number }> {
  const windowStart = new Date(now.getTime() - config.failureWindowMinutes * 60_000).toISOString();
  const row = await trx
    .selectFrom('login_attempt')
    .select([
      sql<number>`count(case when ok = 0 then 1 end)`.as('failed'),
      sql<number>`count(case when ok = ${UNDER_WAY} then 1 end)`.as('under_way'),
    ])
    .where('username', '=', user.username)
    .where('ok', '<>', 1)
    .where('at', '>=', windowStart)
    .where('at', '>', user.locked_until ?? '')
    .executeTakeFirstOrThrow();
  return { failed: Number(row.failed), underWay: Number(row.under_way) };
}

async function setLock(
  trx: Transaction<Database>,
  user: AppUser,
  now: Date,
  config: AuthConfig,
  failures: number,
): Promise<string> {
  const lockedUntil = new Date(now.getTime() + config.lockMinutes * 60_000).toISOString();
  await trx
    .updateTable('app_user')
    .set({ locked_until: lockedUntil, failed_count: failures })
    .where('id', '=', user.id)
    .execute();
  await appendAudit(trx, {
    ...accountAudit(user, null),
    action: 'auth.lockout',
    before: { locked_until: user.locked_until },
    after: { locked_until: lockedUntil, failures },
  });
  return lockedUntil;
}

/**
 * Records and audits a failed attempt (or keeps the claimed one as failed); locks the account
 * when the window's count is reached. Call with the account's row locked (`lockUser`).
 */
export async function registerFailure(
  trx: Transaction<Database>,
  user: AppUser,
  ip: string | null,
  now: Date,
  config: AuthConfig,
  detail: { reason: string; step: string },
  claimedAttemptId?: number,
): Promise<boolean> {
  if (claimedAttemptId === undefined) await recordAttempt(trx, user.username, ip, now, false);
  else await settleAttempt(trx, claimedAttemptId, false);
  const n = (await attemptsInWindow(trx, user, now, config)).failed;
  const audit = accountAudit(user, ip);
  await appendAudit(trx, { ...audit, action: 'auth.login', result: 'failed', after: detail });
  if (isLocked(user, now)) return true;
  if (!user.disabled && n >= config.maxFailures) {
    await setLock(trx, user, now, config, n);
    return true;
  }
  await trx.updateTable('app_user').set({ failed_count: n }).where('id', '=', user.id).execute();
  return false;
}

export async function recordAttempt(
  db: Db,
  username: string,
  ip: string | null,
  now: Date,
  ok: boolean | typeof UNDER_WAY,
): Promise<number> {
  const row = await db
    .insertInto('login_attempt')
    .values({ username, ip, at: now.toISOString(), ok: ok === UNDER_WAY ? UNDER_WAY : ok ? 1 : 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Ends a claimed attempt: succeeded, or failed (a failure counts towards the lock). */
export const settleAttempt = (trx: Transaction<Database>, attemptId: number, ok: boolean) =>
  trx
    .updateTable('login_attempt')
    .set({ ok: ok ? 1 : 0 })
    .where('id', '=', attemptId)
    .execute();

export interface ReauthInput {
  /** The account's current password. */
  password?: string | undefined;
  /** A current code of the account's authenticator (only when one is enrolled). */
  code?: string | undefined;
  ip?: string | null;
}

/**
 * Proof that the person at a signed-in session is the account's owner, before a change of
 * credentials (password, second factor): the current password, or a current code when a
 * second factor is enrolled. A wrong proof counts as a failed sign-in of the account, with
 * the same lockout; when it locks, every session of the account ends (whoever holds this
 * one is guessing). Runs its own transactions: call it before the write's transaction.
 */
export async function reauthenticate(
  db: Db,
  userId: number,
  input: ReauthInput,
  config: AuthConfig,
  now = new Date(),
): Promise<{ method: 'password' | 'totp'; passwordHash: string }> {
  const ip = input.ip ?? null;
  // No proof at all is not a guess: refused without counting.
  if (!input.password && !input.code) throw new DomainError('BAD_INPUT', 'auth.reauthRequired');
  const claim = await claimAttempt(db, userId, ip, now, config, 'reauth');
  if (claim.refused) {
    await db.transaction().execute((trx) => revokeAllSessions(trx, userId));
    throw lockedError(claim.lockedUntil, now);
  }
  const { user, attemptId } = claim;
  let method: 'password' | 'totp' | null = null;
  let step: number | null = null;
  if (input.code && user.totp_secret) {
    step = await checkTotp(decryptTotpSecret(user.totp_secret), input.code, user.totp_last_step, now);
    if (step !== null) method = 'totp';
  } else if (input.password && (await verifyPassword(user.password_hash, input.password))) {
    method = 'password';
  }
  const outcome = await db.transaction().execute(async (trx) => {
    const current = await lockUser(trx, user.id);
    if (method && !isLocked(current, now)) {
      if (step !== null) {
        const r = await trx
          .updateTable('app_user')
          .set({ totp_last_step: step })
          .where('id', '=', user.id)
          .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) method = null;
      }
      if (method) {
        await settleAttempt(trx, attemptId, true);
        return 'ok' as const;
      }
    }
    const reason = input.code ? 'bad-totp' : 'bad-password';
    const locked = await registerFailure(
      trx,
      current,
      ip,
      now,
      config,
      { reason, step: 'reauth' },
      attemptId,
    );
    if (locked) await revokeAllSessions(trx, user.id);
    return locked ? ('locked' as const) : ('wrong' as const);
  });
  if (outcome === 'locked')
    throw new DomainError('TOO_MANY_REQUESTS', 'auth.locked', { minutes: config.lockMinutes });
  if (outcome === 'wrong')
    throw new DomainError('BAD_INPUT', input.code ? 'auth.badTotp' : 'auth.wrongPassword');
  return { method: method!, passwordHash: user.password_hash };
}
