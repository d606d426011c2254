import { addMessages, DomainError, nowIso } from '@zhanqian/core';
import { type Database, type Kysely, type Role, sql } from '@zhanqian/db';
import { getUnit } from '@zhanqian/org';
import { BUSINESS_ROLES, type BusinessRole, NOT_ACTIVATED } from './activation.ts';
import { newInitialPassword } from './codes.ts';
import { hashPassword } from './password.ts';
import { SEPARATED_ADMIN_ROLES } from './permissions.ts';
import { revokeAllSessions } from './sessions.ts';
import { type PublicUser, toPublicUser } from './users.ts';

type Db = Kysely<Database>;

/**
 * The users screen of the system administrator (issue #21, item 16): accounts listed and
 * searched with their role, unit and state; an account made on screen (role `pending` and a
 * proposed role, as the accounts from the roster since #14 — only the security administrator
 * grants a role, 三员分立) with a one-time initial password; a password reset to a new one-time
 * initial password. Both passwords are shown once, never stored in clear nor audited, and must
 * be replaced at the next sign-in.
 */

addMessages({
  'accounts.badProposedRole': {
    'zh-CN': '拟定角色只能是业务角色（党员、支部书记、班子填报员、部门管理员、区委组织部管理员）',
    en: 'The proposed role must be a business role (member, branch secretary, reporter, department or district administrator)',
  },
  'accounts.memberTaken': {
    'zh-CN': '该党员已有账号（{username}）',
    en: 'This member already has an account ({username})',
  },
  'accounts.memberOutsideUnit': {
    'zh-CN': '所选党员不在所选组织内',
    en: 'The member chosen is not on the roll of the unit chosen',
  },
  'accounts.ownReset': {
    'zh-CN': '不能在此重置自己的密码，请使用“修改密码”',
    en: 'You cannot reset your own password here; change it instead',
  },
  'accounts.resetSeparated': {
    'zh-CN': '三员账号（系统、安全、审计管理员）的密码不能由系统管理员重置（三员分立）',
    en: 'The passwords of the three administrators cannot be reset by the system administrator (separation of duties)',
  },
  'accounts.resetNotActivated': {
    'zh-CN': '账号 {username} 尚未激活：请重新签发激活码',
    en: 'Account {username} has not been activated: reissue its activation code instead',
  },
  'accounts.reissueWhich': {
    'zh-CN': '请选择账号，或选择一个组织（二者选一）',
    en: 'Choose the accounts, or a unit (one of the two)',
  },
  'accounts.noneToReissue': {
    'zh-CN': '所选组织内没有尚未激活的账号',
    en: 'No account under this unit is waiting for activation',
  },
});

/** What the screen shows of an account's state, most pressing first. */
export type AccountState = 'disabled' | 'locked' | 'notActivated' | 'awaitingRole' | 'mustChange' | 'active';
export const ACCOUNT_STATES: readonly AccountState[] = [
  'disabled',
  'locked',
  'notActivated',
  'awaitingRole',
  'mustChange',
  'active',
];

export interface AccountRow {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  proposedRole: Role | null;
  unitId: number;
  unitName: string;
  /** The street of a community or branch (their names repeat across streets). */
  streetName: string | null;
  memberId: number | null;
  state: AccountState;
  locked: boolean;
  lockedUntil: string | null;
  /** The person set a password of their own (not an activation code or initial password pending). */
  activated: boolean;
  mustChangePassword: boolean;
  totpEnrolled: boolean;
  createdAt: string;
}

export interface AccountQuery {
  /** User name or name contains. */
  search?: string | undefined;
  role?: Role | undefined;
  /** `locked`, `notActivated`, `awaitingRole` (role pending) or `active` (none of the others). */
  state?: AccountState | undefined;
  /** Only accounts of this unit's subtree (within the caller's scope). */
  unitId?: number | undefined;
  page: number;
  pageSize: number;
}

/**
 * `text` within any of the columns, case aside: a LIKE with `%`, `_` and `\` escaped (user names
 * such as `e2e_khb` hold underscores), on both engines (an explicit ESCAPE; lower() since
 * PostgreSQL's LIKE minds case and SQLite's does not).
 */
export function containsText(columns: string[], text: string) {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`(${sql.join(
    columns.map((c) => sql`lower(${sql.ref(c)}) like ${pattern} escape '\\'`),
    sql` or `,
  )})`;
}

/** Accounts of a scope's subtree, searched and filtered, with their state; newest first. */
export async function listAccounts(
  db: Db,
  scopeRootId: number,
  q: AccountQuery,
  now = new Date(),
): Promise<{ total: number; rows: AccountRow[] }> {
  const at = now.toISOString();
  let base = db
    .selectFrom('app_user as u')
    .innerJoin('org_closure as sc', (j) =>
      j.onRef('sc.descendant_id', '=', 'u.org_unit_id').on('sc.ancestor_id', '=', scopeRootId),
    )
    .innerJoin('org_unit as b', 'b.id', 'u.org_unit_id');
  if (q.unitId !== undefined) {
    const unitId = q.unitId;
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom('org_closure as uc')
          .select('uc.depth')
          .whereRef('uc.descendant_id', '=', 'u.org_unit_id')
          .where('uc.ancestor_id', '=', unitId),
      ),
    );
  }
  if (q.search?.trim()) {
    base = base.where(containsText(['u.username', 'u.display_name'], q.search.trim()));
  }
  if (q.role) base = base.where('u.role', '=', q.role);
  const lockedNow = sql<boolean>`(u.locked_until is not null and u.locked_until > ${at})`;
  switch (q.state) {
    case 'disabled':
      base = base.where('u.disabled', '=', 1);
      break;
    case 'locked':
      base = base.where(lockedNow);
      break;
    case 'notActivated':
      base = base.where('u.password_hash', '=', NOT_ACTIVATED);
      break;
    case 'awaitingRole':
      base = base.where('u.role', '=', 'pending');
      break;
    case 'mustChange':
      base = base.where('u.password_must_change', '=', 1).where('u.password_hash', '<>', NOT_ACTIVATED);
      break;
    case 'active':
      base = base
        .where('u.disabled', '=', 0)
        .where('u.role', '<>', 'pending')
        .where('u.password_hash', '<>', NOT_ACTIVATED)
        .where('u.password_must_change', '=', 0)
        .where(sql<boolean>`not ${lockedNow}`);
      break;
    default:
  }
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .select((eb) => [
      'u.id',
      'u.username',
      'u.display_name',
      'u.role',
      'u.proposed_role',
      'u.org_unit_id',
      'b.name as unitName',
      'b.kind as unitKind',
      'u.member_id',
      'u.locked_until',
      'u.disabled',
      'u.password_must_change',
      'u.created_at',
      eb.fn<number>('length', ['u.totp_secret']).as('totpLength'),
      eb.case().when('u.password_hash', '=', NOT_ACTIVATED).then(0).else(1).end().as('activated'),
      eb
        .selectFrom('org_closure as oc')
        .innerJoin('org_unit as s', 's.id', 'oc.ancestor_id')
        .select('s.name')
        .whereRef('oc.descendant_id', '=', 'u.org_unit_id')
        .where('oc.depth', '>', 0)
        .where('s.kind', '=', 'street')
        .limit(1)
        .as('streetName'),
      eb
        .selectFrom('account_activation as a')
        .select('a.proposed_role')
        .whereRef('a.user_id', '=', 'u.id')
        .orderBy('a.id', 'desc')
        .limit(1)
        .as('activationProposal'),
    ])
    .orderBy('u.id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return {
    total: Number(total.n),
    rows: rows.map((r) => {
      const locked = r.locked_until !== null && r.locked_until > at;
      const activated = Number(r.activated) === 1;
      const state: AccountState = r.disabled
        ? 'disabled'
        : locked
          ? 'locked'
          : !activated
            ? 'notActivated'
            : r.role === 'pending'
              ? 'awaitingRole'
              : r.password_must_change
                ? 'mustChange'
                : 'active';
      return {
        id: r.id,
        username: r.username,
        displayName: r.display_name,
        role: r.role,
        proposedRole:
          r.role === 'pending' ? (r.proposed_role ?? (r.activationProposal as Role | null)) : null,
        unitId: r.org_unit_id,
        unitName: r.unitName,
        streetName: r.unitKind === 'committee' || r.unitKind === 'branch' ? r.streetName : null,
        memberId: r.member_id,
        state,
        locked,
        lockedUntil: locked ? r.locked_until : null,
        activated,
        mustChangePassword: r.password_must_change === 1,
        totpEnrolled: Number(r.totpLength ?? 0) > 0,
        createdAt: r.created_at,
      };
    }),
  };
}

export interface NewAccountInput {
  username: string;
  displayName: string;
  orgUnitId: number;
  memberId?: number | null | undefined;
  proposedRole: BusinessRole;
}

/**
 * One account made on screen by the system administrator: role `pending` (no permission) with
 * the business role proposed for the security administrator to grant, and a one-time initial
 * password (returned once, to be handed over; the first sign-in must replace it). Linked to a
 * member of the unit's roll when one is named (one account per member). Call inside the
 * write's audited transaction; the caller checks the unit is in its scope.
 */
export async function createAccount(
  db: Db,
  input: NewAccountInput,
): Promise<{ user: PublicUser; initialPassword: string }> {
  if (!BUSINESS_ROLES.includes(input.proposedRole))
    throw new DomainError('BAD_INPUT', 'accounts.badProposedRole');
  await getUnit(db, input.orgUnitId);
  if (input.memberId != null) {
    const member = await db
      .selectFrom('member as m')
      .innerJoin('org_closure as oc', (j) =>
        j.onRef('oc.descendant_id', '=', 'm.branch_id').on('oc.ancestor_id', '=', input.orgUnitId),
      )
      .select('m.id')
      .where('m.id', '=', input.memberId)
      .executeTakeFirst();
    if (!member) throw new DomainError('BAD_INPUT', 'accounts.memberOutsideUnit');
    const holder = await db
      .selectFrom('app_user')
      .select('username')
      .where('member_id', '=', input.memberId)
      .executeTakeFirst();
    if (holder) throw new DomainError('CONFLICT', 'accounts.memberTaken', { username: holder.username });
  }
  const taken = await db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', input.username)
    .executeTakeFirst();
  if (taken) throw new DomainError('CONFLICT', 'auth.usernameTaken', { username: input.username });
  const initialPassword = newInitialPassword(input.username);
  const now = nowIso();
  const user = await db
    .insertInto('app_user')
    .values({
      username: input.username,
      display_name: input.displayName,
      password_hash: await hashPassword(initialPassword),
      role: 'pending',
      proposed_role: input.proposedRole,
      org_unit_id: input.orgUnitId,
      member_id: input.memberId ?? null,
      password_changed_at: now,
      password_must_change: 1,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { user: toPublicUser(user), initialPassword };
}

/**
 * A new one-time initial password for an account that forgot its own (the system
 * administrator's duty): the old password stops working, every session and pending sign-in
 * of the account ends, and the next sign-in must replace it. Refused for one's own account, for
 * the three administrators (三员分立: the system administrator cannot take over the security or
 * audit administrator's account) and for accounts never activated (a new activation code is
 * their way in). A lock stays: lifting it is the security administrator's duty.
 */
export async function resetPassword(
  db: Db,
  actorId: number,
  userId: number,
): Promise<{ before: PublicUser; after: PublicUser; initialPassword: string; sessionsRevoked: number }> {
  const user = await db.selectFrom('app_user').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!user) throw new DomainError('NOT_FOUND', 'auth.userNotFound', { id: userId });
  if (userId === actorId) throw new DomainError('FORBIDDEN', 'accounts.ownReset');
  if (SEPARATED_ADMIN_ROLES.includes(user.role))
    throw new DomainError('FORBIDDEN', 'accounts.resetSeparated');
  if (user.password_hash === NOT_ACTIVATED)
    throw new DomainError('CONFLICT', 'accounts.resetNotActivated', { username: user.username });
  const initialPassword = newInitialPassword(user.username);
  const after = await db
    .updateTable('app_user')
    .set({
      password_hash: await hashPassword(initialPassword),
      password_changed_at: nowIso(),
      password_must_change: 1,
    })
    .where('id', '=', userId)
    .returningAll()
    .executeTakeFirstOrThrow();
  const sessions = await db
    .selectFrom('user_session')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  await db.deleteFrom('login_challenge').where('user_id', '=', userId).execute();
  await revokeAllSessions(db, userId);
  return {
    before: toPublicUser(user),
    after: toPublicUser(after),
    initialPassword,
    sessionsRevoked: Number(sessions.n),
  };
}

/** The accounts under a unit (any level) never activated: those a new activation sheet is for. */
export async function notActivatedUnder(db: Db, unitId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('app_user as u')
    .innerJoin('org_closure as oc', (j) =>
      j.onRef('oc.descendant_id', '=', 'u.org_unit_id').on('oc.ancestor_id', '=', unitId),
    )
    .select('u.id')
    .where('u.password_hash', '=', NOT_ACTIVATED)
    .where('u.member_id', 'is not', null)
    .orderBy('u.id')
    .execute();
  return rows.map((r) => r.id);
}

/** What a signed-in account awaiting its role sees (#14: activated before the grant). */
export async function awaitingState(
  db: Db,
  userId: number,
): Promise<{ awaitingRole: boolean; proposedRole: Role | null; unitName: string }> {
  const u = await db
    .selectFrom('app_user as u')
    .innerJoin('org_unit as b', 'b.id', 'u.org_unit_id')
    .select((eb) => [
      'u.role',
      'u.proposed_role',
      'b.name',
      eb
        .selectFrom('account_activation as a')
        .select('a.proposed_role')
        .whereRef('a.user_id', '=', 'u.id')
        .orderBy('a.id', 'desc')
        .limit(1)
        .as('activationProposal'),
    ])
    .where('u.id', '=', userId)
    .executeTakeFirstOrThrow();
  const awaitingRole = u.role === 'pending';
  return {
    awaitingRole,
    proposedRole: awaitingRole ? (u.proposed_role ?? (u.activationProposal as Role | null)) : null,
    unitName: u.name,
  };
}
