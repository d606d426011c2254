import { createHash, randomBytes } from 'node:crypto';
import { DomainError, decryptField, encryptField } from '@zhanqian/core';
import type { Database, Kysely, Role } from '@zhanqian/db';
import { generate, generateSecret, generateURI, verify } from 'otplib';
import { TOTP_ISSUER } from './config.ts';

type Db = Kysely<Database>;

/**
 * Roles that must sign in with a second factor (TOTP, RFC 6238): every administrative role.
 * Others may enrol one voluntarily.
 */
export const TOTP_REQUIRED_ROLES: readonly Role[] = [
  'district_admin',
  'dept_admin',
  'sys_admin',
  'sec_admin',
  'audit_admin',
];

/** @example requiresTotp('sec_admin') // true; requiresTotp('member') // false */
export const requiresTotp = (role: Role): boolean => TOTP_REQUIRED_ROLES.includes(role);

/** The associated-data label binding a TOTP secret's ciphertext to its column. */
export const TOTP_CONTEXT = 'app_user.totp_secret';

/** A fresh 160-bit base32 secret. */
export const newTotpSecret = (): string => generateSecret();

/** The otpauth:// URI an authenticator app scans (as a QR code) or imports. */
export const totpUri = (username: string, secret: string): string =>
  generateURI({ issuer: TOTP_ISSUER, label: username, secret });

export const encryptTotpSecret = (secret: string): string => encryptField(secret, TOTP_CONTEXT);
export const decryptTotpSecret = (enc: string): string => decryptField(enc, TOTP_CONTEXT);

/** The current code of a secret (tests, and the demo helper `zq user totp-code`). */
export const totpCode = (secret: string, now = new Date()): Promise<string> =>
  generate({ secret, epoch: Math.floor(now.getTime() / 1000) });

/**
 * Checks a 6-digit code against a secret, allowing one 30-second step of clock drift either
 * way, and refusing any step at or before `lastStep` (a code is accepted once).
 * Returns the matched time step, or null.
 */
export async function checkTotp(
  secret: string,
  code: string,
  lastStep: number | null,
  now = new Date(),
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: 30,
    ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/** Stores an (already encrypted) secret as the account's second factor. */
export async function setTotpSecret(db: Db, userId: number, secretEnc: string, step: number): Promise<void> {
  await db
    .updateTable('app_user')
    .set({ totp_secret: secretEnc, totp_last_step: step })
    .where('id', '=', userId)
    .execute();
}

const challengeId = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A new challenge token; only its SHA-256 is stored. */
export function newChallengeToken(): { token: string; id: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, id: challengeId(token) };
}

/** The stored challenge behind a token, or throws UNAUTHORIZED when unknown or expired. */
export async function findChallenge(db: Db, token: string, now = new Date()) {
  const row = await db
    .selectFrom('login_challenge')
    .selectAll()
    .where('id', '=', challengeId(token))
    .executeTakeFirst();
  if (!row || row.expires_at <= now.toISOString()) {
    if (row) await db.deleteFrom('login_challenge').where('id', '=', row.id).execute();
    throw new DomainError('UNAUTHORIZED', 'auth.challengeExpired');
  }
  return row;
}
