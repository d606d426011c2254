import { DomainError } from '@zhanqian/core';
import type { AppUser, Database, Kysely, Role } from '@zhanqian/db';
import { isInSubtree } from '@zhanqian/org';
import { type Permission, permissionsFor, scopeRootFor } from './permissions.ts';

/** Who is calling: what the API's context carries once a session is found. */
export interface Principal {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  orgUnitId: number;
  memberId: number | null;
  /** Root of the org subtree this principal may read and write. */
  scopeRootId: number;
  permissions: ReadonlySet<Permission>;
}

export async function principalFor(db: Kysely<Database>, user: AppUser): Promise<Principal> {
  const unit = await db
    .selectFrom('org_unit')
    .select(['id', 'kind', 'portal', 'parent_id'])
    .where('id', '=', user.org_unit_id)
    .executeTakeFirstOrThrow();
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    role: user.role,
    orgUnitId: user.org_unit_id,
    memberId: user.member_id,
    scopeRootId: scopeRootFor(unit),
    permissions: permissionsFor(user.role, unit),
  };
}

/** Throws FORBIDDEN unless `orgUnitId` lies in the principal's subtree. */
export async function assertInScope(db: Kysely<Database>, who: Principal, orgUnitId: number): Promise<void> {
  if (!(await isInSubtree(db, who.scopeRootId, orgUnitId)))
    throw new DomainError('FORBIDDEN', 'auth.outOfScope');
}
