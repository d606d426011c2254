import type { OrgKind, StarLevel } from '@zhanqian/db';

/*
 * Org units and star levels (pure, no database: the screens import it as @zhanqian/stars/levels).
 * The star tree is the grid: community committee (社区党委) → branch → member → zone →
 * households. Committees and branches are rated as units; a street (街道), a department or the
 * district is no star level: it holds committees, and its tree starts at them.
 */

/** The star level a unit is rated at, or null for a unit that is not rated (street, department, district). */
export const UNIT_STAR_LEVEL: Readonly<Record<OrgKind, StarLevel | null>> = {
  district: null,
  street: null,
  department: null,
  committee: 'committee',
  branch: 'branch',
};

/**
 * @example starLevelOfUnit('branch') // 'branch'
 * @example starLevelOfUnit('street') // null
 */
export const starLevelOfUnit = (kind: OrgKind): StarLevel | null => UNIT_STAR_LEVEL[kind];

/**
 * The first star level of a unit's subtree: its own, else that of the units it holds (a street's
 * or the district's communities); null for a department (outside the grid).
 *
 * @example topStarLevelIn('street') // 'committee'
 * @example topStarLevelIn('branch') // 'branch'
 */
export function topStarLevelIn(kind: OrgKind): StarLevel | null {
  if (kind === 'street' || kind === 'district') return 'committee';
  return starLevelOfUnit(kind);
}
