import { DomainError, nowIso } from '@zhanqian/core';
import type { AppUser, Database, Kysely, Role } from '@zhanqian/db';
import { getUnit } from '@zhanqian/org';
import { CHALLENGE_MINUTES } from './config.ts';
import { hashPassword, isStrongPassword } from './password.ts';
import { roleChangeVerdict } from './roles.ts';
import { revokeAllSessions } from './sessions.ts';
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

export interface NewUserInput {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  orgUnitId: number;
  memberId?: number | null;
  /** An initial password chosen by an administrator: the first sign-in must replace it. */
  mustChangePassword?: boolean;
}

/** A user without the secrets: what any API response may carry. */
export type PublicUser = Omit<AppUser, 'password_hash' | 'totp_secret' | 'totp_last_step'> & {
  /** 1 when a second factor (TOTP) is enrolled. */
  totp_enrolled: number;
};
export const toPublicUser = ({
  password_hash: _p,
  totp_secret,
  totp_last_step: _s,
  ...rest
}: AppUser): PublicUser => ({ ...rest, totp_enrolled: totp_secret ? 1 : 0 });

/** Creates an account (unique user name, strong password); call inside an audited transaction. */
export async function createUser(db: Db, input: NewUserInput): Promise<PublicUser> {
  if (!isStrongPassword(input.password, input.username))
    throw new DomainError('BAD_INPUT', 'auth.weakPassword');
  await getUnit(db, input.orgUnitId);
  if (input.memberId != null) {
    const member = await db
      .selectFrom('member')
      .select('id')
      .where('id', '=', input.memberId)
      .executeTakeFirst();
    if (!member) throw new DomainError('NOT_FOUND', 'pii.memberNotFound', { id: input.memberId });
  }
  const taken = await db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', input.username)
    .executeTakeFirst();
  if (taken) throw new DomainError('CONFLICT', 'auth.usernameTaken', { username: input.username });
  const now = nowIso();
  const user = await db
    .insertInto('app_user')
    .values({
      username: input.username,
      display_name: input.displayName,
      password_hash: await hashPassword(input.password),
      role: input.role,
      org_unit_id: input.orgUnitId,
      member_id: input.memberId ?? null,
      password_changed_at: now,
      password_must_change: input.mustChangePassword ? 1 : 0,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPublicUser(user);
}

/**
 * Sets a new password for the account whose current password `current` was already proven
 * (`reauthenticate`, which counts wrong guesses against the lockout, and returns the hash it
 * was proven against); signs out every session of the user. The update applies only while
 * that hash is still the account's: of two changes proven at once, one wins, the other is
 * refused as a conflict.
 */
export async function changePassword(
  db: Db,
  userId: number,
  current: string,
  next: string,
  provenHash: string,
): Promise<void> {
  const user = await db.selectFrom('app_user').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
  if (!isStrongPassword(next, user.username)) throw new DomainError('BAD_INPUT', 'auth.weakPassword');
  if (next === current) throw new DomainError('BAD_INPUT', 'auth.passwordReused');
  const changed = await db
    .updateTable('app_user')
    .set({ password_hash: await hashPassword(next), password_changed_at: nowIso(), password_must_change: 0 })
    .where('id', '=', userId)
    .where('password_hash', '=', provenHash)
    .executeTakeFirst();
  if (Number(changed.numUpdatedRows) !== 1)
    throw new DomainError('CONFLICT', 'auth.passwordChangedMeanwhile');
  await revokeAllSessions(db, userId);
}

async function getUser(db: Db, userId: number): Promise<AppUser> {
  const user = await db.selectFrom('app_user').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!user) throw new DomainError('NOT_FOUND', 'auth.userNotFound', { id: userId });
  return user;
}

/**
 * Lifts a lockout (security administrator's duty). The lock ends now rather than being
 * cleared: sign-in counts only the failures after the last lock's end, so the failures that
 * caused it no longer count (cleared to null, they did, and the next attempt locked again).
 */
export async function unlockUser(db: Db, userId: number): Promise<{ before: PublicUser; after: PublicUser }> {
  const before = await getUser(db, userId);
  const after = await db
    .updateTable('app_user')
    .set({ locked_until: nowIso(), failed_count: 0 })
    .where('id', '=', userId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { before: toPublicUser(before), after: toPublicUser(after) };
}

/**
 * Changes an account's role (the security administrator's duty, 三员分立): refused for one's
 * own account and for any change into, out of or between the three administrators. The
 * account's sessions end so the new permissions apply at its next sign-in (where an
 * administrative role also demands a second factor).
 */
export async function setUserRole(
  db: Db,
  actorId: number,
  userId: number,
  role: Role,
): Promise<{ before: PublicUser; after: PublicUser }> {
  const before = await getUser(db, userId);
  const verdict = roleChangeVerdict(before.role, role, actorId === userId);
  if (verdict === 'own') throw new DomainError('FORBIDDEN', 'auth.ownRole');
  if (verdict === 'crossesDuties')
    throw new DomainError('FORBIDDEN', 'auth.roleChangeForbidden', { from: before.role, to: role });
  if (verdict === 'same') return { before: toPublicUser(before), after: toPublicUser(before) };
  const after = await db
    .updateTable('app_user')
    .set({ role })
    .where('id', '=', userId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await revokeAllSessions(db, userId);
  return { before: toPublicUser(before), after: toPublicUser(after) };
}

/** Removes an account's second factor (lost phone; the security administrator's duty) and ends its sessions. */
export async function resetUserTotp(
  db: Db,
  userId: number,
): Promise<{ before: PublicUser; after: PublicUser }> {
  const before = await getUser(db, userId);
  const after = await db
    .updateTable('app_user')
    .set({ totp_secret: null, totp_last_step: null })
    .where('id', '=', userId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await db.deleteFrom('login_challenge').where('user_id', '=', userId).execute();
  await revokeAllSessions(db, userId);
  return { before: toPublicUser(before), after: toPublicUser(after) };
}

/** Starts voluntary enrolment of a second factor for a signed-in account (confirm with a first code). */
export async function beginTotpEnrollment(
  db: Db,
  userId: number,
  now = new Date(),
): Promise<{ challenge: string; secret: string; uri: string; expiresAt: string }> {
  const user = await getUser(db, userId);
  const secret = newTotpSecret();
  const { token, id } = newChallengeToken();
  const expiresAt = new Date(now.getTime() + CHALLENGE_MINUTES * 60_000).toISOString();
  await db.deleteFrom('login_challenge').where('user_id', '=', userId).execute();
  await db
    .insertInto('login_challenge')
    .values({
      id,
      user_id: userId,
      stage: 'enroll',
      secret_enc: encryptTotpSecret(secret),
      created_at: now.toISOString(),
      expires_at: expiresAt,
    })
    .execute();
  return { challenge: token, secret, uri: totpUri(user.username, secret), expiresAt };
}

/** Confirms an enrolment begun with beginTotpEnrollment; throws BAD_INPUT on a wrong code. */
export async function confirmTotpEnrollment(
  db: Db,
  userId: number,
  challenge: string,
  code: string,
  now = new Date(),
): Promise<void> {
  const ch = await findChallenge(db, challenge, now);
  if (ch.user_id !== userId || ch.stage !== 'enroll' || !ch.secret_enc)
    throw new DomainError('UNAUTHORIZED', 'auth.challengeExpired');
  const step = await checkTotp(decryptTotpSecret(ch.secret_enc), code, null, now);
  if (step === null) throw new DomainError('BAD_INPUT', 'auth.badTotp');
  // The challenge is spent by exactly one confirmation.
  const r = await db.deleteFrom('login_challenge').where('id', '=', ch.id).executeTakeFirst();
  if (Number(r.numDeletedRows) !== 1) throw new DomainError('UNAUTHORIZED', 'auth.challengeExpired');
  await setTotpSecret(db, userId, ch.secret_enc, step);
}

/**
 * Turns off a voluntary second factor; administrators cannot. The caller has proven a
 * current code first (`reauthenticate`, which spends it and counts a wrong one).
 */
export async function disableOwnTotp(db: Db, userId: number): Promise<void> {
  const user = await getUser(db, userId);
  if (requiresTotp(user.role)) throw new DomainError('FORBIDDEN', 'auth.totpRequired');
  if (!user.totp_secret) throw new DomainError('BAD_INPUT', 'auth.totpNotEnrolled');
  await db
    .updateTable('app_user')
    .set({ totp_secret: null, totp_last_step: null })
    .where('id', '=', userId)
    .execute();
}

/**
 * Enrols a fresh second factor for an account and returns its secret (operators: the demo
 * set-up with ZQ_DEMO_TOTP=1; the secret is shown once and stored only encrypted).
 */
export async function enrollNewTotp(db: Db, userId: number): Promise<{ secret: string; uri: string }> {
  const user = await getUser(db, userId);
  const secret = newTotpSecret();
  await db
    .updateTable('app_user')
    .set({ totp_secret: encryptTotpSecret(secret), totp_last_step: null })
    .where('id', '=', userId)
    .execute();
  return { secret, uri: totpUri(user.username, secret) };
}
