import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateBonus } from './bonus.ts';

const zero = { household: 0, member: 0, branch: 0, committee: 0 };

describe('allocateBonus', () => {
  it('pays in full when the budget covers what is owed', () => {
    const a = allocateBonus(
      { ...zero, household: 3, committee: 1 },
      { ...zero, household: 20_000, committee: 500_000 },
      1_000_000,
    );
    expect(a).toMatchObject({ owedFen: 560_000, paidFen: 560_000, leftoverFen: 440_000, scaled: false });
    expect(a.lines.find((l) => l.level === 'household')).toMatchObject({
      paidEachFen: 20_000,
      totalFen: 60_000,
    });
  });
  it('scales every amount by the same factor and rounds down when short', () => {
    const a = allocateBonus(
      { ...zero, household: 2, member: 1 },
      { ...zero, household: 100, member: 300 },
      400,
    );
    expect(a.scaled).toBe(true);
    expect(a.lines.map((l) => l.paidEachFen)).toEqual([80, 240, 0, 0]);
    expect(a.paidFen).toBe(400);
  });
  it('reports the fen lost to rounding as leftover', () => {
    const a = allocateBonus({ ...zero, household: 3 }, { ...zero, household: 100 }, 200);
    expect(a.lines[0]!.paidEachFen).toBe(66);
    expect(a).toMatchObject({ paidFen: 198, leftoverFen: 2 });
  });
  it('the district figure: 1,500,000 yuan budget', () => {
    const a = allocateBonus(
      { household: 98_000, member: 7_000, branch: 300, committee: 30 },
      { household: 1_000, member: 5_000, branch: 100_000, committee: 500_000 },
      150_000_000,
    );
    expect(a.paidFen).toBeLessThanOrEqual(150_000_000);
  });
  it('never exceeds the budget and never pays more than the amount (property)', () => {
    const n = fc.nat(200_000);
    const amt = fc.nat(10_000_000);
    fc.assert(
      fc.property(n, n, n, n, amt, amt, amt, amt, fc.nat(2_000_000_000), (a, b, c, d, w, x, y, z, budget) => {
        const r = allocateBonus(
          { household: a, member: b, branch: c, committee: d },
          { household: w, member: x, branch: y, committee: z },
          budget,
        );
        expect(r.paidFen).toBeLessThanOrEqual(budget);
        expect(r.paidFen).toBeLessThanOrEqual(r.owedFen);
        for (const l of r.lines) expect(l.paidEachFen).toBeLessThanOrEqual(l.amountFen);
        if (!r.scaled) expect(r.paidFen).toBe(r.owedFen);
        expect(r.leftoverFen).toBe(budget - r.paidFen);
      }),
    );
  });
  it('refuses negative or fractional inputs', () => {
    expect(() => allocateBonus({ ...zero, household: -1 }, zero, 0)).toThrow(RangeError);
    expect(() => allocateBonus(zero, { ...zero, member: 1.5 }, 0)).toThrow(RangeError);
    expect(() => allocateBonus(zero, zero, -5)).toThrow(RangeError);
  });
});
