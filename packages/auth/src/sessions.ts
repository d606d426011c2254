import { createHash, randomBytes } from 'node:crypto';
import type { AppUser, Database, Kysely } from '@zhanqian/db';
import type { AuthConfig } from './config.ts';
import { requiresTotp } from './totp.ts';

type Db = Kysely<Database>;

const tokenId = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Creates a session and returns the cookie token (only its hash is stored). */
export async function createSession(
  db: Db,
  userId: number,
  config: AuthConfig,
  meta: { ip?: string | null; userAgent?: string | null } = {},
  now = new Date(),
): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + config.absoluteHours * 3_600_000).toISOString();
  await db
    .insertInto('user_session')
    .values({
      id: tokenId(token),
      user_id: userId,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: expiresAt,
      ip: meta.ip ?? null,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, expiresAt };
}

/** A live session: its user, and the times an in-memory copy of it must be checked against. */
export interface ResolvedSession {
  user: AppUser;
  /** `last_seen_at` as stored (after this call's touch, if it made one). */
  lastSeenAt: string;
  expiresAt: string;
}

/** The row id of a session token (what `session:<id>` changes name; see @zhanqian/db changes.ts). */
export const sessionIdOf = tokenId;

/**
 * The user behind a cookie token, or null when the session is unknown, past its absolute
 * lifetime or idle longer than allowed (expired sessions are deleted on sight). Touches
 * `last_seen_at` at most once a minute to keep reads cheap.
 */
export async function resolveSession(
  db: Db,
  token: string,
  config: AuthConfig,
  now = new Date(),
): Promise<AppUser | null> {
  return (await resolveSessionDetail(db, token, config, now))?.user ?? null;
}

/** As `resolveSession`, with the session's times (for the API's session cache). */
export async function resolveSessionDetail(
  db: Db,
  token: string,
  config: AuthConfig,
  now = new Date(),
): Promise<ResolvedSession | null> {
  const id = tokenId(token);
  const row = await db
    .selectFrom('user_session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .selectAll('u')
    .select(['s.last_seen_at as s_last_seen', 's.expires_at as s_expires'])
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const { s_last_seen: lastSeen, s_expires: expiresAt, ...user } = row;
  if (sessionEnded(user, lastSeen, expiresAt, config, now.getTime())) {
    await db.deleteFrom('user_session').where('id', '=', id).execute();
    return null;
  }
  let lastSeenAt = lastSeen;
  if (now.getTime() - new Date(lastSeen).getTime() > 60_000) {
    lastSeenAt = now.toISOString();
    await db.updateTable('user_session').set({ last_seen_at: lastSeenAt }).where('id', '=', id).execute();
  }
  return { user, lastSeenAt, expiresAt };
}

/**
 * Whether a session is over at `nowMs`: past its absolute lifetime, idle too long, its account
 * disabled, or an administrator's without a second factor (e.g. one made before it was required).
 */
export function sessionEnded(
  user: Pick<AppUser, 'role' | 'totp_secret' | 'disabled'>,
  lastSeenAt: string,
  expiresAt: string,
  config: AuthConfig,
  nowMs: number,
): boolean {
  const idleLimit = new Date(lastSeenAt).getTime() + config.idleMinutes * 60_000;
  const noSecondFactor = requiresTotp(user.role) && !user.totp_secret;
  return (
    new Date(nowMs).toISOString() >= expiresAt ||
    nowMs > idleLimit ||
    Boolean(user.disabled) ||
    noSecondFactor
  );
}

export async function revokeSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('user_session').where('id', '=', tokenId(token)).execute();
}

export async function revokeAllSessions(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('user_session').where('user_id', '=', userId).execute();
}
