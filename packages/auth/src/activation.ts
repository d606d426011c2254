import { type AuditEntry, appendAudit } from '@zhanqian/audit';
import { DomainError, shanghaiDate } from '@zhanqian/core';
import type { Database, Kysely, Role } from '@zhanqian/db';
import { newOneTimeCode, oneTimeCodeHash } from './codes.ts';
import type { AuthConfig } from './config.ts';
import {
  claimAttempt,
  isIpThrottled,
  lockedError,
  lockUser,
  recordAttempt,
  registerFailure,
  settleAttempt,
} from './login.ts';
import { hashPassword, isStrongPassword } from './password.ts';

type Db = Kysely<Database>;
/**
 * The write's audit hook for many records (the API's `ctx.auditMany`): one record per object,
 * in order; actor and address are the caller's. Called once per batch, so a batched append in
 * the audit chain makes bulk work one lock and one insert per batch.
 */
export type AuditManyHook = (entries: Omit<AuditEntry, 'actorId' | 'actor' | 'ip'>[]) => Promise<void>;

/**
 * Accounts for real people (issue #14, item 5). 三员分立 decides who does what:
 * - the system administrator creates member and branch-secretary accounts in bulk from the
 *   roster, each with role `pending` (no permission) and a one-time activation code, and a
 *   *proposed* role (`member`, or `branch_secretary` for the members named secretaries);
 * - the security administrator grants the proposed roles (`grantRoles`), as for any account,
 *   because only the security administrator grants a business role;
 * - the person signs in the first time with user name + activation code and sets a password
 *   of their own (never a shared default password). Wrong codes count towards the account's
 *   lockout and the address's throttle like wrong passwords.
 */

export type ProposedRole = 'member' | 'branch_secretary';
export const ACTIVATION_CONTEXT = 'account_activation';
export const ACTIVATION_DAYS_DEFAULT = 14;
export const ACTIVATION_DAYS_MAX = 60;
/** Accounts one request may create (a district of scale 1 has 9,800 members). */
export const BULK_ACCOUNTS_MAX = 12_000;
/** The password hash of an account that has not been activated: no password verifies against it. */
export const NOT_ACTIVATED = '!activation-pending';

export interface AccountCandidate {
  memberId: number;
  name: string;
  branchId: number;
  branchName: string;
  branchCode: string;
}

/** Members on the roll under `unitId` (any level) who have no account yet, by branch. */
export async function accountCandidates(db: Db, unitId: number): Promise<AccountCandidate[]> {
  return db
    .selectFrom('org_closure as oc')
    .innerJoin('org_unit as b', 'b.id', 'oc.descendant_id')
    .innerJoin('member as m', 'm.branch_id', 'b.id')
    .leftJoin('app_user as u', 'u.member_id', 'm.id')
    .where('oc.ancestor_id', '=', unitId)
    .where('b.kind', '=', 'branch')
    .where('m.status', '=', 'active')
    .where('u.id', 'is', null)
    .select([
      'm.id as memberId',
      'm.name as name',
      'b.id as branchId',
      'b.name as branchName',
      'b.code as branchCode',
    ])
    .orderBy('b.code')
    .orderBy('m.id')
    .execute();
}

export interface NewAccountsInput {
  unitId: number;
  /** Only these members (of the candidates); all candidates when absent. */
  memberIds?: number[] | undefined;
  /** Members proposed as their branch's secretary; the others are proposed as members. */
  secretaryMemberIds?: number[] | undefined;
  validDays?: number | undefined;
  actorId: number;
}

export interface ActivationSheetRow {
  userId: number;
  memberId: number;
  name: string;
  username: string;
  code: string;
  /** Last valid day, YYYY-MM-DD (Asia/Shanghai). */
  validUntil: string;
  expiresAt: string;
  proposedRole: ProposedRole;
  branchId: number;
  branchName: string;
  branchCode: string;
}

/** A member's user name: short, unique, typed on a phone (`m` + member id; a suffix if taken). */
const usernameFor = (memberId: number, k: number) => (k === 0 ? `m${memberId}` : `m${memberId}-${k}`);

const chunks = <T>(xs: T[], n: number): T[][] =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));

/**
 * Creates the accounts (role `pending`, proposed role recorded) with one activation code each,
 * and returns the codes in clear: the only time they exist outside a keyed hash. Call inside
 * the write's transaction; audits one record per account.
 */
export async function createAccountsWithActivation(
  trx: Kysely<Database>,
  input: NewAccountsInput,
  auditMany: AuditManyHook,
  now = new Date(),
): Promise<ActivationSheetRow[]> {
  const days = input.validDays ?? ACTIVATION_DAYS_DEFAULT;
  if (!Number.isInteger(days) || days < 1 || days > ACTIVATION_DAYS_MAX)
    throw new DomainError('BAD_INPUT', 'accounts.badValidDays', { max: ACTIVATION_DAYS_MAX });
  const all = await accountCandidates(trx, input.unitId);
  const byMember = new Map(all.map((c) => [c.memberId, c]));
  let chosen = all;
  if (input.memberIds) {
    const missing = input.memberIds.filter((id) => !byMember.has(id));
    if (missing.length)
      throw new DomainError('BAD_INPUT', 'accounts.notCandidate', { ids: missing.slice(0, 20).join(', ') });
    const wanted = new Set(input.memberIds);
    chosen = all.filter((c) => wanted.has(c.memberId));
  }
  const secretaries = new Set(input.secretaryMemberIds ?? []);
  const stray = [...secretaries].filter((id) => !chosen.some((c) => c.memberId === id));
  if (stray.length)
    throw new DomainError('BAD_INPUT', 'accounts.notCandidate', { ids: stray.slice(0, 20).join(', ') });
  if (chosen.length === 0) throw new DomainError('BAD_INPUT', 'accounts.noneToCreate');
  if (chosen.length > BULK_ACCOUNTS_MAX)
    throw new DomainError('BAD_INPUT', 'accounts.tooMany', { max: BULK_ACCOUNTS_MAX });

  // User names already taken (an earlier account of someone else may hold `m<id>`).
  const taken = new Set<string>();
  for (const part of chunks(chosen, 1000)) {
    const rows = await trx
      .selectFrom('app_user')
      .select('username')
      .where(
        'username',
        'in',
        part.flatMap((c) => [0, 1, 2].map((k) => usernameFor(c.memberId, k))),
      )
      .execute();
    for (const r of rows) taken.add(r.username);
  }
  const nowIso = now.toISOString();
  const expiresAt = new Date(now.getTime() + days * 86_400_000).toISOString();
  const validUntil = shanghaiDate(new Date(now.getTime() + days * 86_400_000));
  const rows: ActivationSheetRow[] = [];
  for (const part of chunks(chosen, 500)) {
    const values = part.map((c) => {
      let k = 0;
      while (taken.has(usernameFor(c.memberId, k))) k++;
      return { c, username: usernameFor(c.memberId, k), code: newOneTimeCode(3) };
    });
    const users = await trx
      .insertInto('app_user')
      .values(
        values.map(({ c, username }) => ({
          username,
          display_name: c.name,
          password_hash: NOT_ACTIVATED,
          role: 'pending' as const,
          org_unit_id: c.branchId,
          member_id: c.memberId,
          locked_until: null,
          totp_secret: null,
          password_changed_at: nowIso,
          password_must_change: 1,
          created_at: nowIso,
          proposed_role: secretaries.has(c.memberId) ? ('branch_secretary' as const) : ('member' as const),
        })),
      )
      .returning(['id', 'member_id'])
      .execute();
    const idOf = new Map(users.map((u) => [u.member_id, u.id]));
    await trx
      .insertInto('account_activation')
      .values(
        values.map(({ c, code }) => ({
          user_id: idOf.get(c.memberId)!,
          code_hash: oneTimeCodeHash(code, ACTIVATION_CONTEXT),
          proposed_role: secretaries.has(c.memberId) ? ('branch_secretary' as const) : ('member' as const),
          created_by: input.actorId,
          created_at: nowIso,
          expires_at: expiresAt,
        })),
      )
      .execute();
    const entries: Parameters<AuditManyHook>[0] = [];
    for (const { c, username, code } of values) {
      const proposedRole: ProposedRole = secretaries.has(c.memberId) ? 'branch_secretary' : 'member';
      const userId = idOf.get(c.memberId)!;
      rows.push({
        userId,
        memberId: c.memberId,
        name: c.name,
        username,
        code,
        validUntil,
        expiresAt,
        proposedRole,
        ...branchOf(c),
      });
      entries.push({
        action: 'auth.users.create',
        objectType: 'app_user',
        objectId: userId,
        orgUnitId: c.branchId,
        after: {
          username,
          memberId: c.memberId,
          role: 'pending',
          proposedRole,
          activationExpiresAt: expiresAt,
        },
      });
    }
    await auditMany(entries);
  }
  return rows;
}

const branchOf = (c: AccountCandidate) => ({
  branchId: c.branchId,
  branchName: c.branchName,
  branchCode: c.branchCode,
});

/**
 * New activation codes for accounts that were never activated (a lost or expired sheet):
 * their earlier codes stop working. Accounts already activated are refused. A lock set by
 * wrong codes stays: lifting it is the security administrator's duty (三员分立).
 */
export async function reissueActivation(
  trx: Kysely<Database>,
  userIds: number[],
  actorId: number,
  auditMany: AuditManyHook,
  validDays = ACTIVATION_DAYS_DEFAULT,
  now = new Date(),
): Promise<ActivationSheetRow[]> {
  if (!Number.isInteger(validDays) || validDays < 1 || validDays > ACTIVATION_DAYS_MAX)
    throw new DomainError('BAD_INPUT', 'accounts.badValidDays', { max: ACTIVATION_DAYS_MAX });
  const nowIso = now.toISOString();
  const expiresAt = new Date(now.getTime() + validDays * 86_400_000).toISOString();
  const validUntil = shanghaiDate(new Date(now.getTime() + validDays * 86_400_000));
  const rows: ActivationSheetRow[] = [];
  const entries: Parameters<AuditManyHook>[0] = [];
  for (const userId of [...new Set(userIds)]) {
    const user = await trx
      .selectFrom('app_user as u')
      .innerJoin('org_unit as b', 'b.id', 'u.org_unit_id')
      .select([
        'u.id',
        'u.username',
        'u.display_name',
        'u.member_id',
        'u.password_hash',
        'b.id as branchId',
        'b.name as branchName',
        'b.code as branchCode',
      ])
      .where('u.id', '=', userId)
      .executeTakeFirst();
    const last = await trx
      .selectFrom('account_activation')
      .select(['proposed_role'])
      .where('user_id', '=', userId)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    if (!user || !last || user.member_id === null)
      throw new DomainError('BAD_INPUT', 'accounts.notActivatable', { id: userId });
    if (user.password_hash !== NOT_ACTIVATED)
      throw new DomainError('CONFLICT', 'accounts.alreadyActivated', { username: user.username });
    await trx
      .updateTable('account_activation')
      .set({ expires_at: nowIso })
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .where('expires_at', '>', nowIso)
      .execute();
    const code = newOneTimeCode(3);
    await trx
      .insertInto('account_activation')
      .values({
        user_id: userId,
        code_hash: oneTimeCodeHash(code, ACTIVATION_CONTEXT),
        proposed_role: last.proposed_role,
        created_by: actorId,
        created_at: nowIso,
        expires_at: expiresAt,
      })
      .execute();
    entries.push({
      action: 'accounts.reissue',
      objectType: 'app_user',
      objectId: userId,
      orgUnitId: user.branchId,
      after: { username: user.username, activationExpiresAt: expiresAt },
    });
    rows.push({
      userId,
      memberId: user.member_id,
      name: user.display_name,
      username: user.username,
      code,
      validUntil,
      expiresAt,
      proposedRole: last.proposed_role,
      branchId: user.branchId,
      branchName: user.branchName,
      branchCode: user.branchCode,
    });
  }
  await auditMany(entries);
  return rows;
}

export interface ActivateInput {
  username: string;
  code: string;
  newPassword: string;
  ip?: string | null;
}

/**
 * The first sign-in of an account created in bulk: user name + activation code, and the
 * password the person chooses (strength rules of isStrongPassword). Throttled like a sign-in:
 * a wrong, used or expired code is a failed attempt of the account (and of the address), and
 * the account locks after `maxFailures`. The code is spent by exactly one request. Returns the
 * account; the caller then signs in with the new password.
 */
export async function activateAccount(
  db: Db,
  input: ActivateInput,
  config: AuthConfig,
  now = new Date(),
): Promise<{ userId: number; username: string }> {
  const ip = input.ip ?? null;
  const username = input.username.trim();
  // A weak password is not a guess at the code: refused before anything is counted.
  if (!isStrongPassword(input.newPassword, username)) throw new DomainError('BAD_INPUT', 'auth.weakPassword');
  const auditBase = { objectType: 'app_user', ip };
  const failAnonymous = async (reason: string) => {
    await db.transaction().execute(async (trx) => {
      await recordAttempt(trx, username, ip, now, false);
      await appendAudit(trx, {
        ...auditBase,
        actorId: null,
        actor: username,
        action: 'accounts.activate',
        result: reason === 'ip-throttled' ? 'denied' : 'failed',
        after: { reason },
      });
    });
  };
  if (ip && (await isIpThrottled(db, ip, config, now))) {
    await failAnonymous('ip-throttled');
    throw new DomainError('TOO_MANY_REQUESTS', 'auth.throttled');
  }
  const found = await db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirst();
  if (!found) {
    await failAnonymous('unknown-user');
    throw new DomainError('UNAUTHORIZED', 'accounts.badActivation');
  }
  const claim = await claimAttempt(db, found.id, ip, now, config, 'activation');
  if (claim.refused) throw lockedError(claim.lockedUntil, now);
  const { user, attemptId } = claim;
  const activation = await db
    .selectFrom('account_activation')
    .selectAll()
    .where('user_id', '=', user.id)
    .where('code_hash', '=', oneTimeCodeHash(input.code, ACTIVATION_CONTEXT))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  const problem = user.disabled
    ? 'disabled'
    : !activation
      ? 'bad-code'
      : activation.expires_at <= now.toISOString()
        ? 'expired-code'
        : null;
  if (problem) {
    const locked = await db.transaction().execute(async (trx) => {
      const current = await lockUser(trx, user.id);
      return registerFailure(
        trx,
        current,
        ip,
        now,
        config,
        { reason: problem, step: 'activation' },
        attemptId,
      );
    });
    if (user.disabled) throw new DomainError('FORBIDDEN', 'auth.disabled');
    if (locked) throw new DomainError('TOO_MANY_REQUESTS', 'auth.locked', { minutes: config.lockMinutes });
    throw new DomainError(
      'UNAUTHORIZED',
      problem === 'expired-code' ? 'accounts.activationExpired' : 'accounts.badActivation',
    );
  }
  const hash = await hashPassword(input.newPassword);
  const outcome = await db.transaction().execute(async (trx) => {
    const current = await lockUser(trx, user.id);
    if (current.locked_until !== null && current.locked_until > now.toISOString()) {
      await settleAttempt(trx, attemptId, false);
      return { locked: current.locked_until };
    }
    // Spent by exactly one request: a second one at the same moment changes no row.
    const spent = await trx
      .updateTable('account_activation')
      .set({ used_at: now.toISOString() })
      .where('id', '=', activation!.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) return { spent: true };
    await trx
      .updateTable('app_user')
      .set({
        password_hash: hash,
        password_changed_at: now.toISOString(),
        password_must_change: 0,
        failed_count: 0,
      })
      .where('id', '=', user.id)
      .execute();
    // Other codes of the account (an earlier sheet) die with this one.
    await trx
      .updateTable('account_activation')
      .set({ expires_at: now.toISOString() })
      .where('user_id', '=', user.id)
      .where('used_at', 'is', null)
      .execute();
    await settleAttempt(trx, attemptId, true);
    await appendAudit(trx, {
      ...auditBase,
      actorId: user.id,
      actor: user.username,
      objectId: user.id,
      action: 'accounts.activate',
      result: 'ok',
      after: { activationId: activation!.id },
    });
    return {};
  });
  if ('locked' in outcome) throw lockedError(outcome.locked ?? null, now);
  if ('spent' in outcome) {
    await db.transaction().execute(async (trx) => {
      const current = await lockUser(trx, user.id);
      await registerFailure(
        trx,
        current,
        ip,
        now,
        config,
        { reason: 'used-code', step: 'activation' },
        attemptId,
      );
    });
    throw new DomainError('UNAUTHORIZED', 'accounts.badActivation');
  }
  return { userId: user.id, username: user.username };
}

export interface PendingAccount {
  userId: number;
  username: string;
  displayName: string;
  unitId: number;
  unitName: string;
  /** Member or branch secretary for accounts from the roster; any business role for one made on screen. */
  proposedRole: BusinessRole | null;
  /** 1 once the person set a password (activation or a changed initial password). */
  activated: number;
}

/** Accounts awaiting a role from the security administrator, under a scope root, with the role proposed. */
export async function pendingAccounts(db: Db, scopeRootId: number): Promise<PendingAccount[]> {
  const rows = await db
    .selectFrom('app_user as u')
    .innerJoin('org_closure as oc', (j) =>
      j.onRef('oc.descendant_id', '=', 'u.org_unit_id').on('oc.ancestor_id', '=', scopeRootId),
    )
    .innerJoin('org_unit as b', 'b.id', 'u.org_unit_id')
    .where('u.role', '=', 'pending')
    .select((eb) => [
      'u.id as userId',
      'u.username',
      'u.display_name as displayName',
      'b.id as unitId',
      'b.name as unitName',
      'u.password_must_change',
      'u.proposed_role',
      eb
        .selectFrom('account_activation as a')
        .select('a.proposed_role')
        .whereRef('a.user_id', '=', 'u.id')
        .orderBy('a.id', 'desc')
        .limit(1)
        .as('activationProposal'),
    ])
    .orderBy('b.code')
    .orderBy('u.id')
    .execute();
  return rows.map(({ password_must_change, proposed_role, activationProposal, ...r }) => ({
    ...r,
    proposedRole: proposalOf(proposed_role, activationProposal),
    activated: password_must_change ? 0 : 1,
  }));
}

/** The business roles the system administrator may propose and the security administrator grants. */
export const BUSINESS_ROLES = [
  'member',
  'branch_secretary',
  'unit_reporter',
  'dept_admin',
  'district_admin',
] as const satisfies readonly Role[];
export type BusinessRole = (typeof BUSINESS_ROLES)[number];
const isBusinessRole = (r: unknown): r is BusinessRole => BUSINESS_ROLES.includes(r as BusinessRole);

/** The account's own proposal (made on screen, or copied there) before its activation code's. */
const proposalOf = (own: Role | null, activation: unknown): BusinessRole | null =>
  isBusinessRole(own) ? own : isBusinessRole(activation) ? activation : null;

/**
 * The security administrator grants roles to pending accounts in one request: each its
 * proposed role, or `role` for all. Checked for all before any is changed (all or nothing):
 * only pending accounts, never one's own, and only business roles (never into the three
 * administrators). Set-based: one update per role and chunk; the accounts' sessions end; one
 * audit record per account.
 */
export async function grantRoles(
  trx: Kysely<Database>,
  actorId: number,
  userIds: number[],
  role: ProposedRole | undefined,
  auditMany: AuditManyHook,
): Promise<number> {
  const ids = [...new Set(userIds)];
  if (ids.includes(actorId)) throw new DomainError('FORBIDDEN', 'auth.ownRole');
  const found = new Map<number, { role: Role; orgUnitId: number; proposed: BusinessRole | null }>();
  for (const part of chunks(ids, 1000)) {
    const rows = await trx
      .selectFrom('app_user as u')
      .select((eb) => [
        'u.id',
        'u.role',
        'u.org_unit_id',
        'u.proposed_role',
        eb
          .selectFrom('account_activation as a')
          .select('a.proposed_role')
          .whereRef('a.user_id', '=', 'u.id')
          .orderBy('a.id', 'desc')
          .limit(1)
          .as('proposed'),
      ])
      .where('u.id', 'in', part)
      .execute();
    for (const r of rows)
      found.set(r.id, {
        role: r.role,
        orgUnitId: r.org_unit_id,
        proposed: proposalOf(r.proposed_role, r.proposed),
      });
  }
  const byTarget = new Map<BusinessRole, number[]>(BUSINESS_ROLES.map((r) => [r, []]));
  for (const id of ids) {
    const u = found.get(id);
    if (!u) throw new DomainError('NOT_FOUND', 'auth.userNotFound', { id });
    if (u.role !== 'pending') throw new DomainError('CONFLICT', 'accounts.notPending', { id });
    const to = role ?? u.proposed;
    if (!to) throw new DomainError('BAD_INPUT', 'accounts.noProposedRole', { id });
    byTarget.get(to)!.push(id);
  }
  for (const [to, group] of byTarget)
    for (const part of chunks(group, 1000)) {
      // Still pending at the update: a role changed meanwhile is not overwritten.
      const r = await trx
        .updateTable('app_user')
        .set({ role: to })
        .where('id', 'in', part)
        .where('role', '=', 'pending')
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== part.length)
        throw new DomainError('CONFLICT', 'accounts.notPending', { id: part[0]! });
      // New permissions apply at the next sign-in.
      await trx.deleteFrom('user_session').where('user_id', 'in', part).execute();
    }
  await auditMany(
    ids.map((id) => {
      const u = found.get(id)!;
      return {
        action: 'auth.users.setRole',
        objectType: 'app_user',
        objectId: id,
        orgUnitId: u.orgUnitId,
        before: { role: 'pending' },
        after: { role: role ?? u.proposed, proposed: u.proposed },
      };
    }),
  );
  return ids.length;
}
