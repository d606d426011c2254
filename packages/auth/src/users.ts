import { DomainError, nowIso } from '@zhanqian/core';
import type { AppUser, Database, Kysely, Role } from '@zhanqian/db';
import { getUnit } from '@zhanqian/org';
import { hashPassword, isStrongPassword, verifyPassword } from './password.ts';
import { revokeAllSessions } from './sessions.ts';

type Db = Kysely<Database>;

export interface NewUserInput {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  orgUnitId: number;
  memberId?: number | null;
}

/** A user without the secrets: what any API response may carry. */
export type PublicUser = Omit<AppUser, 'password_hash' | 'totp_secret'>;
export const toPublicUser = ({ password_hash: _p, totp_secret: _t, ...rest }: AppUser): PublicUser => rest;

/** Creates an account (unique user name, strong password); call inside an audited transaction. */
export async function createUser(db: Db, input: NewUserInput): Promise<PublicUser> {
  if (!isStrongPassword(input.password, input.username))
    throw new DomainError('BAD_INPUT', 'auth.weakPassword');
  await getUnit(db, input.orgUnitId);
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
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPublicUser(user);
}

/** Changes a password after checking the current one; signs out every session of the user. */
export async function changePassword(db: Db, userId: number, current: string, next: string): Promise<void> {
  const user = await db.selectFrom('app_user').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, current)))
    throw new DomainError('BAD_INPUT', 'auth.wrongPassword');
  if (!isStrongPassword(next, user.username)) throw new DomainError('BAD_INPUT', 'auth.weakPassword');
  await db
    .updateTable('app_user')
    .set({ password_hash: await hashPassword(next), password_changed_at: nowIso() })
    .where('id', '=', userId)
    .execute();
  await revokeAllSessions(db, userId);
}

/** Lifts a lockout (security administrator's duty). */
export async function unlockUser(db: Db, userId: number): Promise<{ before: PublicUser; after: PublicUser }> {
  const before = await db
    .selectFrom('app_user')
    .selectAll()
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const after = await db
    .updateTable('app_user')
    .set({ locked_until: null, failed_count: 0 })
    .where('id', '=', userId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { before: toPublicUser(before), after: toPublicUser(after) };
}
