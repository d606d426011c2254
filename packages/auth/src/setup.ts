import { appendAudit } from '@zhanqian/audit';
import { DomainError } from '@zhanqian/core';
import type { Database, Kysely, OrgUnit, Transaction } from '@zhanqian/db';
import { dialectOf, sql } from '@zhanqian/db';
import { createUnit } from '@zhanqian/org';
import { newInitialPassword, newOneTimeCode, oneTimeCodeHash } from './codes.ts';
import type { AuthConfig } from './config.ts';
import { isIpThrottled, recordAttempt } from './login.ts';
import { isStrongPassword } from './password.ts';
import { createUser } from './users.ts';

type Db = Kysely<Database>;

/**
 * First run (issue #14, item 1): an empty database gets its district root and the first four
 * administrators, either from the command line (`zq init`) or from the first-run page guarded
 * by a one-time setup code that `zq start --no-seed` prints on the server's console.
 */

/** The four accounts a district starts with: its administrator and the three separated ones (三员). */
export const FIRST_ADMIN_ROLES = ['district_admin', 'sys_admin', 'sec_admin', 'audit_admin'] as const;
export type FirstAdminRole = (typeof FIRST_ADMIN_ROLES)[number];

/** Minutes a setup code stays valid; a restart of `zq start --no-seed` prints a new one. */
export const SETUP_CODE_MINUTES = 120;
/** Wrong guesses (from anywhere) a setup code survives. */
export const SETUP_CODE_MAX_ATTEMPTS = 10;
const SETUP_CONTEXT = 'setup_code';
/** The name setup-code guesses are recorded under in login_attempt (per-address throttling). */
const SETUP_ATTEMPT_NAME = '#setup';

export const USERNAME_PATTERN = /^[A-Za-z0-9_.@-]{2,64}$/;

export interface FirstRunInput {
  district: { name: string; code: string };
  admins: Record<FirstAdminRole, { username: string; displayName: string }>;
  /** Initial passwords chosen by a script (checked for strength); otherwise random ones. */
  passwords?: Partial<Record<FirstAdminRole, string>>;
}

export interface FirstRunAccount {
  role: FirstAdminRole;
  userId: number;
  username: string;
  displayName: string;
  /** The one-time initial password, shown once and replaced at the first sign-in. */
  password: string;
}

export interface FirstRunResult {
  district: OrgUnit;
  accounts: FirstRunAccount[];
}

/** No org unit yet: the platform holds no district. */
export async function isPlatformEmpty(db: Db): Promise<boolean> {
  return (await db.selectFrom('org_unit').select('id').limit(1).executeTakeFirst()) === undefined;
}

/** Checks the input before anything is written: distinct user names, names given, strong passwords. */
export function checkFirstRunInput(input: FirstRunInput): void {
  const names = FIRST_ADMIN_ROLES.map((r) => input.admins[r].username);
  for (const n of names)
    if (!USERNAME_PATTERN.test(n)) throw new DomainError('BAD_INPUT', 'setup.badUsername', { username: n });
  if (new Set(names.map((n) => n.toLowerCase())).size !== names.length)
    throw new DomainError('BAD_INPUT', 'setup.duplicateUsername');
  if (!input.district.name.trim() || !input.district.code.trim())
    throw new DomainError('BAD_INPUT', 'setup.districtRequired');
  for (const r of FIRST_ADMIN_ROLES) {
    const pw = input.passwords?.[r];
    if (pw !== undefined && !isStrongPassword(pw, input.admins[r].username))
      throw new DomainError('BAD_INPUT', 'auth.weakPassword');
  }
}

/**
 * Creates the district root and the four administrators, each with a one-time initial password
 * (`password_must_change`) and no second factor, so that each enrols an authenticator and sets
 * a password of their own at the first sign-in. Refused (CONFLICT) once the database holds a
 * district. Call inside a transaction; writes its own audit records as `actor`.
 */
export async function initDistrict(
  trx: Transaction<Database>,
  input: FirstRunInput,
  actor: { name: string; ip?: string | null },
): Promise<FirstRunResult> {
  checkFirstRunInput(input);
  // Two first runs at once (the command line and the page): the second waits here and then
  // finds the district. SQLite runs one write transaction at a time anyway.
  if (dialectOf(trx) === 'postgres') await sql`lock table org_unit in share row exclusive mode`.execute(trx);
  if (!(await isPlatformEmpty(trx))) throw new DomainError('CONFLICT', 'setup.alreadyDone');
  const district = await createUnit(trx, {
    parentId: null,
    kind: 'district',
    name: input.district.name.trim(),
    code: input.district.code.trim(),
    portal: 'district',
  });
  const audit = { actorId: null, actor: actor.name, ip: actor.ip ?? null };
  await appendAudit(trx, {
    ...audit,
    action: 'setup.init',
    objectType: 'org_unit',
    objectId: district.id,
    orgUnitId: district.id,
    after: {
      district: { id: district.id, name: district.name, code: district.code },
      admins: FIRST_ADMIN_ROLES.map((r) => ({ role: r, username: input.admins[r].username })),
    },
  });
  const accounts: FirstRunAccount[] = [];
  for (const role of FIRST_ADMIN_ROLES) {
    const { username, displayName } = input.admins[role];
    const password = input.passwords?.[role] ?? newInitialPassword(username);
    const user = await createUser(trx, {
      username,
      displayName: displayName.trim() || username,
      password,
      role,
      orgUnitId: district.id,
      mustChangePassword: true,
    });
    await appendAudit(trx, {
      ...audit,
      action: 'auth.users.create',
      objectType: 'app_user',
      objectId: user.id,
      orgUnitId: district.id,
      after: { ...user, firstRun: true },
    });
    accounts.push({ role, userId: user.id, username, displayName: user.display_name, password });
  }
  return { district, accounts };
}

/**
 * A fresh setup code for the first-run page (any earlier unused one dies): printed once on the
 * server's console; only its keyed hash is kept.
 */
export async function issueSetupCode(db: Db, now = new Date()): Promise<{ code: string; expiresAt: string }> {
  const code = newOneTimeCode(3);
  const expiresAt = new Date(now.getTime() + SETUP_CODE_MINUTES * 60_000).toISOString();
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('setup_code').where('used_at', 'is', null).execute();
    await trx
      .insertInto('setup_code')
      .values({
        code_hash: oneTimeCodeHash(code, SETUP_CONTEXT),
        created_at: now.toISOString(),
        expires_at: expiresAt,
      })
      .execute();
    await appendAudit(trx, {
      actorId: null,
      actor: 'zq-cli',
      action: 'setup.code.issue',
      objectType: 'setup_code',
      after: { expiresAt },
    });
  });
  return { code, expiresAt };
}

/** What the login page and the first-run page ask: is the platform still empty, and is a code live? */
export async function setupStatus(
  db: Db,
  now = new Date(),
): Promise<{ empty: boolean; codeIssued: boolean }> {
  const empty = await isPlatformEmpty(db);
  if (!empty) return { empty, codeIssued: false };
  const live = await db
    .selectFrom('setup_code')
    .select('id')
    .where('used_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .where('attempts', '<', SETUP_CODE_MAX_ATTEMPTS)
    .executeTakeFirst();
  return { empty, codeIssued: live !== undefined };
}

/**
 * The first-run page's set-up: refused once a district exists; then the setup code is checked
 * (a wrong one is recorded, counted against the live code and the caller's address, and
 * audited before the refusal); then, in one transaction, the code is spent (by exactly one
 * request) and the district and its administrators created. Nothing is created on any refusal.
 */
export async function setupWithCode(
  db: Db,
  code: string,
  input: FirstRunInput,
  meta: { ip: string | null },
  config: AuthConfig,
  now = new Date(),
): Promise<FirstRunResult> {
  if (!(await isPlatformEmpty(db))) throw new DomainError('CONFLICT', 'setup.alreadyDone');
  checkFirstRunInput(input);
  const refuse = async (reason: string, key: string): Promise<never> => {
    await db.transaction().execute(async (trx) => {
      await recordAttempt(trx, SETUP_ATTEMPT_NAME, meta.ip, now, false);
      if (reason === 'wrong-code')
        await trx
          .updateTable('setup_code')
          .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
          .where('used_at', 'is', null)
          .execute();
      await appendAudit(trx, {
        actorId: null,
        actor: 'setup',
        ip: meta.ip,
        action: 'setup.init',
        objectType: 'setup_code',
        result: reason === 'throttled' ? 'denied' : 'failed',
        after: { reason },
      });
    });
    throw new DomainError(reason === 'throttled' ? 'TOO_MANY_REQUESTS' : 'UNAUTHORIZED', key);
  };
  if (meta.ip && (await isIpThrottled(db, meta.ip, config, now))) await refuse('throttled', 'auth.throttled');
  const hash = oneTimeCodeHash(code, SETUP_CONTEXT);
  const row = await db.selectFrom('setup_code').selectAll().where('code_hash', '=', hash).executeTakeFirst();
  if (!row || row.used_at !== null) await refuse('wrong-code', 'setup.badCode');
  if (row!.attempts >= SETUP_CODE_MAX_ATTEMPTS || row!.expires_at <= now.toISOString())
    await refuse('expired', 'setup.codeExpired');
  return db.transaction().execute(async (trx) => {
    const spent = await trx
      .updateTable('setup_code')
      .set({ used_at: now.toISOString() })
      .where('id', '=', row!.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) throw new DomainError('UNAUTHORIZED', 'setup.badCode');
    return initDistrict(trx, input, { name: 'setup', ip: meta.ip });
  });
}
