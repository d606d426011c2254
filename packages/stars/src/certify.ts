import type { StarLevel } from '@zhanqian/db';

/**
 * The certification rule (认证), as a pure reference: the SQL recomputation must agree with it.
 *
 * A household is ten-star when it has 10 stars. A member, branch or committee is ten-star when
 * its own stars are 10 AND ten-star children make up at least `num/den` of its children
 * (以上 includes the figure: exactly 80% passes). The comparison is exact, in integers:
 * `den · ten ≥ num · total`. Without children the share rule fails unless `emptyPasses`.
 */
export interface CertifyPolicy {
  num: number;
  den: number;
  emptyPasses: boolean;
}

export const DEFAULT_POLICY: CertifyPolicy = { num: 4, den: 5, emptyPasses: false };

export const MAX_STARS = 10;
export const ALL_CRITERIA_MASK = (1 << MAX_STARS) - 1;

/** The child level whose share counts for a level (household has none). */
export const CHILD_LEVEL: Record<StarLevel, StarLevel | null> = {
  household: null,
  member: 'household',
  branch: 'member',
  committee: 'branch',
};

export type CertifyReason =
  | { kind: 'own'; level: StarLevel; stars: number; missing: number[] }
  | { kind: 'empty'; level: StarLevel; childLevel: StarLevel }
  | {
      kind: 'share';
      level: StarLevel;
      childLevel: StarLevel;
      ten: number;
      total: number;
      num: number;
      den: number;
    };

export interface Certification {
  level: StarLevel;
  ownStars: number;
  /** Positions (1–10) of the criteria met. */
  met: number[];
  childrenTotal: number;
  childrenTen: number;
  tenStar: boolean;
  /** Null when certified; otherwise the first failing rule (own stars before the share). */
  reason: CertifyReason | null;
}

/** Positions 1–10 set in a criteria mask. @example maskToPositions(0b101) // [1, 3] */
export function maskToPositions(mask: number): number[] {
  const out: number[] = [];
  for (let p = 1; p <= MAX_STARS; p++) if (mask & (1 << (p - 1))) out.push(p);
  return out;
}

/** @example positionsToMask([1, 3]) // 5 */
export function positionsToMask(positions: readonly number[]): number {
  let mask = 0;
  for (const p of positions) {
    if (!Number.isInteger(p) || p < 1 || p > MAX_STARS) throw new RangeError(`criterion position ${p}`);
    mask |= 1 << (p - 1);
  }
  return mask;
}

/** @example starsOf(0b1111111111) // 10 */
export const starsOf = (mask: number): number => maskToPositions(mask).length;

/**
 * True when `ten` of `total` meets `num/den`, exactly in integers.
 *
 * @example sharePasses(8, 10, DEFAULT_POLICY) // true (exactly 80%)
 * @example sharePasses(7999, 10000, DEFAULT_POLICY) // false (79.99%)
 */
export function sharePasses(ten: number, total: number, policy: CertifyPolicy): boolean {
  if (total === 0) return policy.emptyPasses;
  return policy.den * ten >= policy.num * total;
}

/**
 * Certifies one entity from its own criteria mask and its children's counts.
 *
 * @example certify('member', 0b1111111111, { total: 5, ten: 4 }).tenStar // true
 * @example certify('member', 0b0111111111, { total: 5, ten: 5 }).reason // { kind: 'own', level: 'member', stars: 9, missing: [10] }
 */
export function certify(
  level: StarLevel,
  mask: number,
  children: { total: number; ten: number },
  policy: CertifyPolicy = DEFAULT_POLICY,
): Certification {
  const met = maskToPositions(mask);
  const ownStars = met.length;
  const childLevel = CHILD_LEVEL[level];
  const base = { level, ownStars, met, childrenTotal: children.total, childrenTen: children.ten };
  if (ownStars < MAX_STARS) {
    const missing = [];
    for (let p = 1; p <= MAX_STARS; p++) if (!met.includes(p)) missing.push(p);
    return { ...base, tenStar: false, reason: { kind: 'own', level, stars: ownStars, missing } };
  }
  if (childLevel === null) return { ...base, tenStar: true, reason: null };
  if (children.total === 0 && !policy.emptyPasses)
    return { ...base, tenStar: false, reason: { kind: 'empty', level, childLevel } };
  if (!sharePasses(children.ten, children.total, policy))
    return {
      ...base,
      tenStar: false,
      reason: {
        kind: 'share',
        level,
        childLevel,
        ten: children.ten,
        total: children.total,
        num: policy.num,
        den: policy.den,
      },
    };
  return { ...base, tenStar: true, reason: null };
}

/** The reason as the one-word code stored in star_result.reason. */
export const reasonCode = (c: Certification): 'own' | 'empty' | 'share' | null => c.reason?.kind ?? null;

/** A whole tree for the reference cascade (ids per level are independent). */
export interface StarTree {
  committees: number[];
  branches: { id: number; committeeId: number }[];
  members: { id: number; branchId: number }[];
  households: { id: number; memberId: number }[];
}

/** Masks per level and entity id; a missing entry means unrated (no criteria met). */
export type Ratings = Record<StarLevel, Map<number, number>>;

export interface TreeCertification {
  member: Map<number, Certification>;
  branch: Map<number, Certification>;
  committee: Map<number, Certification>;
}

/**
 * The full cascade over a tree: households → members → branches → committees.
 *
 * @example certifyTree({ committees: [1], branches: [], members: [], households: [] }, emptyRatings()).committee.get(1)?.reason?.kind // 'own'
 */
export function certifyTree(
  tree: StarTree,
  ratings: Ratings,
  policy: CertifyPolicy = DEFAULT_POLICY,
): TreeCertification {
  const counts = () => new Map<number, { total: number; ten: number }>();
  const bump = (m: Map<number, { total: number; ten: number }>, id: number, ten: boolean) => {
    const c = m.get(id) ?? { total: 0, ten: 0 };
    c.total++;
    if (ten) c.ten++;
    m.set(id, c);
  };
  const none = { total: 0, ten: 0 };
  const perMember = counts();
  for (const h of tree.households)
    bump(perMember, h.memberId, starsOf(ratings.household.get(h.id) ?? 0) === MAX_STARS);
  const member = new Map<number, Certification>();
  const perBranch = counts();
  for (const m of tree.members) {
    const c = certify('member', ratings.member.get(m.id) ?? 0, perMember.get(m.id) ?? none, policy);
    member.set(m.id, c);
    bump(perBranch, m.branchId, c.tenStar);
  }
  const branch = new Map<number, Certification>();
  const perCommittee = counts();
  for (const b of tree.branches) {
    const c = certify('branch', ratings.branch.get(b.id) ?? 0, perBranch.get(b.id) ?? none, policy);
    branch.set(b.id, c);
    bump(perCommittee, b.committeeId, c.tenStar);
  }
  const committee = new Map<number, Certification>();
  for (const id of tree.committees)
    committee.set(
      id,
      certify('committee', ratings.committee.get(id) ?? 0, perCommittee.get(id) ?? none, policy),
    );
  return { member, branch, committee };
}

export const emptyRatings = (): Ratings => ({
  household: new Map(),
  member: new Map(),
  branch: new Map(),
  committee: new Map(),
});
