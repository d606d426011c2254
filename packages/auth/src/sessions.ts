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
  const id = tokenId(token);
  const row = await db
    .selectFrom('user_session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .selectAll('u')
    .select(['s.last_seen_at as s_last_seen', 's.expires_at as s_expires'])
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const idleLimit = new Date(row.s_last_seen).getTime() + config.idleMinutes * 60_000;
  // An administrator without a second factor holds no session (e.g. one made before it was required).
  const noSecondFactor = requiresTotp(row.role) && !row.totp_secret;
  if (now.toISOString() >= row.s_expires || now.getTime() > idleLimit || row.disabled || noSecondFactor) {
    await db.deleteFrom('user_session').where('id', '=', id).execute();
    return null;
  }
  if (now.getTime() - new Date(row.s_last_seen).getTime() > 60_000) {
    await db
      .updateTable('user_session')
      .set({ last_seen_at: now.toISOString() })
      .where('id', '=', id)
      .execute();
  }
  const { s_last_seen: _a, s_expires: _b, ...user } = row;
  return user;
}

export async function revokeSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('user_session').where('id', '=', tokenId(token)).execute();
}

export async function revokeAllSessions(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('user_session').where('user_id', '=', userId).execute();
}
