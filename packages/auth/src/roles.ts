import type { Role } from '@zhanqian/db';
import { SEPARATED_ADMIN_ROLES } from './permissions.ts';

export type RoleChangeVerdict = 'ok' | 'own' | 'crossesDuties' | 'same';

/**
 * 三员分立 for role changes (made by the security administrator only): an account never
 * changes into or out of one of the three administrators (system, security, audit), nor
 * from one of them to another, and nobody changes their own role. Business roles may
 * change among themselves.
 *
 * @example roleChangeVerdict('member', 'branch_secretary', false) // 'ok'
 * @example roleChangeVerdict('member', 'audit_admin', false) // 'crossesDuties'
 */
export function roleChangeVerdict(from: Role, to: Role, self: boolean): RoleChangeVerdict {
  if (self) return 'own';
  if (from === to) return 'same';
  if (SEPARATED_ADMIN_ROLES.includes(from) || SEPARATED_ADMIN_ROLES.includes(to)) return 'crossesDuties';
  return 'ok';
}
