import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALL_CRITERIA_MASK,
  certify,
  certifyTree,
  DEFAULT_POLICY,
  emptyRatings,
  maskToPositions,
  positionsToMask,
  sharePasses,
  starsOf,
} from './certify.ts';

const FULL = ALL_CRITERIA_MASK;
const NINE = positionsToMask([1, 2, 3, 4, 5, 6, 7, 8, 9]);

describe('sharePasses (以上 includes the figure, exact integers)', () => {
  it('79.99% fails, exactly 80% passes, 100% passes', () => {
    expect(sharePasses(7999, 10000, DEFAULT_POLICY)).toBe(false);
    expect(sharePasses(8000, 10000, DEFAULT_POLICY)).toBe(true);
    expect(sharePasses(4, 5, DEFAULT_POLICY)).toBe(true);
    expect(sharePasses(3, 5, DEFAULT_POLICY)).toBe(false);
    expect(sharePasses(10, 10, DEFAULT_POLICY)).toBe(true);
  });
  it('has no float error where 0.8 * n is inexact', () => {
    // 0.8 * 15 = 12.000000000000002 in floating point; 12 of 15 is exactly 80%.
    expect(sharePasses(12, 15, DEFAULT_POLICY)).toBe(true);
    expect(sharePasses(11, 15, DEFAULT_POLICY)).toBe(false);
  });
  it('empty children follow the policy', () => {
    expect(sharePasses(0, 0, DEFAULT_POLICY)).toBe(false);
    expect(sharePasses(0, 0, { ...DEFAULT_POLICY, emptyPasses: true })).toBe(true);
  });
  it('a configurable threshold (2/3) is also exact', () => {
    const p = { num: 2, den: 3, emptyPasses: false };
    expect(sharePasses(2, 3, p)).toBe(true);
    expect(sharePasses(6665, 10000, p)).toBe(false);
    expect(sharePasses(6667, 10000, p)).toBe(true);
  });
  it('agrees with exact rational comparison for every small case', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.nat(500),
        fc.integer({ min: 1, max: 9 }),
        (total, t, num) => {
          const ten = t % (total + 1);
          const p = { num, den: 10, emptyPasses: false };
          expect(sharePasses(ten, total, p)).toBe(BigInt(ten) * 10n >= BigInt(num) * BigInt(total));
        },
      ),
    );
  });
});

describe('masks', () => {
  it('round-trips positions', () => {
    expect(maskToPositions(positionsToMask([1, 10, 3]))).toEqual([1, 3, 10]);
    expect(starsOf(FULL)).toBe(10);
    expect(starsOf(0)).toBe(0);
    expect(() => positionsToMask([11])).toThrow();
    expect(() => positionsToMask([0])).toThrow();
  });
});

describe('certify per level', () => {
  for (const level of ['member', 'branch', 'committee'] as const) {
    it(`${level}: 79.99% of ten-star children fails with a share reason`, () => {
      const c = certify(level, FULL, { total: 10000, ten: 7999 });
      expect(c.tenStar).toBe(false);
      expect(c.reason).toMatchObject({ kind: 'share', level, ten: 7999, total: 10000, num: 4, den: 5 });
    });
    it(`${level}: exactly 80% passes`, () => {
      expect(certify(level, FULL, { total: 10, ten: 8 })).toMatchObject({ tenStar: true, reason: null });
      expect(certify(level, FULL, { total: 5, ten: 4 }).tenStar).toBe(true);
    });
    it(`${level}: 100% passes`, () => {
      expect(certify(level, FULL, { total: 7, ten: 7 }).tenStar).toBe(true);
    });
    it(`${level}: no children fails by default with reason 'empty', passes when configured`, () => {
      expect(certify(level, FULL, { total: 0, ten: 0 }).reason).toMatchObject({ kind: 'empty', level });
      expect(
        certify(level, FULL, { total: 0, ten: 0 }, { ...DEFAULT_POLICY, emptyPasses: true }).tenStar,
      ).toBe(true);
    });
    it(`${level}: 9 own stars over perfect children fails on its own criterion`, () => {
      const c = certify(level, NINE, { total: 20, ten: 20 });
      expect(c.tenStar).toBe(false);
      expect(c.reason).toEqual({ kind: 'own', level, stars: 9, missing: [10] });
    });
  }
  it('a household is ten-star on its own 10 stars alone', () => {
    expect(certify('household', FULL, { total: 0, ten: 0 })).toMatchObject({ tenStar: true, reason: null });
    expect(certify('household', NINE, { total: 0, ten: 0 }).reason).toMatchObject({
      kind: 'own',
      missing: [10],
    });
  });
  it('own stars are checked before the share (the first failing rule is reported)', () => {
    expect(certify('branch', 0, { total: 0, ten: 0 }).reason?.kind).toBe('own');
  });
});

describe('certifyTree (the cascade)', () => {
  const tree = {
    committees: [1],
    branches: [{ id: 10, committeeId: 1 }],
    members: [
      { id: 100, branchId: 10 },
      { id: 101, branchId: 10 },
    ],
    households: [
      ...[1, 2, 3, 4, 5].map((id) => ({ id, memberId: 100 })),
      // member 101 has an empty zone
    ],
  };
  it('a 9-star member over a perfect zone is not ten-star, and that fails the branch above', () => {
    const r = emptyRatings();
    for (const h of tree.households) r.household.set(h.id, FULL);
    r.member.set(100, NINE);
    r.member.set(101, FULL);
    r.branch.set(10, FULL);
    r.committee.set(1, FULL);
    const c = certifyTree(tree, r);
    expect(c.member.get(100)?.reason).toMatchObject({ kind: 'own', stars: 9 });
    expect(c.member.get(101)?.reason).toMatchObject({ kind: 'empty', level: 'member' });
    expect(c.branch.get(10)?.reason).toMatchObject({ kind: 'share', ten: 0, total: 2 });
    expect(c.committee.get(1)?.reason).toMatchObject({ kind: 'share', level: 'committee', ten: 0, total: 1 });
  });
  it('exactly 80% of households (4 of 5) certifies the member, and the chain above', () => {
    const r = emptyRatings();
    for (const h of tree.households) r.household.set(h.id, h.id === 5 ? NINE : FULL);
    r.member.set(100, FULL);
    r.member.set(101, FULL);
    r.branch.set(10, FULL);
    r.committee.set(1, FULL);
    const c = certifyTree(tree, r, { ...DEFAULT_POLICY, emptyPasses: true });
    expect(c.member.get(100)?.tenStar).toBe(true);
    expect(c.member.get(101)?.tenStar).toBe(true);
    expect(c.branch.get(10)?.tenStar).toBe(true);
    expect(c.committee.get(1)?.tenStar).toBe(true);
  });
  it('an unrated entity counts as 0 stars', () => {
    const c = certifyTree(tree, emptyRatings());
    expect(c.committee.get(1)?.ownStars).toBe(0);
    expect(c.member.get(100)?.childrenTotal).toBe(5);
    expect(c.member.get(100)?.childrenTen).toBe(0);
  });
});
