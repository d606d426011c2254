import { describe, expect, it } from 'vitest';
import { DEFAULT_GRADES, ruleProblems, scoreIndicator } from './rules.ts';

const s = (points: number, rule: Parameters<typeof scoreIndicator>[1], value: number) =>
  scoreIndicator(points, rule, value).score;

describe('ratio', () => {
  it('scores points × actual/target, rounded half up to the hundredth', () => {
    expect(s(2000, { kind: 'ratio', target: 80 }, 60)).toBe(1500);
    expect(s(1000, { kind: 'ratio', target: 3 }, 1)).toBe(333); // 333.33… → 333
    expect(s(1000, { kind: 'ratio', target: 3 }, 2)).toBe(667); // 666.67 → 667
    expect(s(1, { kind: 'ratio', target: 2 }, 1)).toBe(1); // 0.5 → 1 (half up)
    expect(s(3, { kind: 'ratio', target: 4 }, 1)).toBe(1); // 0.75 → 1
    expect(s(1, { kind: 'ratio', target: 4 }, 1)).toBe(0); // 0.25 → 0
  });
  it('caps at 1 by default, and at a configured cap', () => {
    expect(s(2000, { kind: 'ratio', target: 80 }, 80)).toBe(2000);
    expect(s(2000, { kind: 'ratio', target: 80 }, 200)).toBe(2000);
    expect(s(2000, { kind: 'ratio', target: 80, capPct: 120 }, 200)).toBe(2400);
    expect(s(2000, { kind: 'ratio', target: 80, capPct: 120 }, 96)).toBe(2400);
    expect(s(2000, { kind: 'ratio', target: 80, capPct: 120 }, 88)).toBe(2200);
    expect(s(333, { kind: 'ratio', target: 10, capPct: 150 }, 99)).toBe(500); // 499.5 → 500
  });
  it('scores 0 for nothing achieved and stays exact at the largest values', () => {
    expect(s(2000, { kind: 'ratio', target: 80 }, 0)).toBe(0);
    expect(s(100_000, { kind: 'ratio', target: 1_000_000_000, capPct: 1000 }, 999_999_999)).toBe(100_000);
    expect(s(99_999, { kind: 'ratio', target: 1_000_000_000 }, 999_999_999)).toBe(99_999);
  });
});

describe('tiered', () => {
  const rule = {
    kind: 'tiered' as const,
    tiers: [
      { min: 90, shareBp: 10_000 },
      { min: 60, shareBp: 6_000 },
      { min: 75, shareBp: 8_000 },
    ],
  };
  it('takes the highest tier reached, inclusive at the threshold, in any order', () => {
    expect(s(1500, rule, 100)).toBe(1500);
    expect(s(1500, rule, 90)).toBe(1500);
    expect(s(1500, rule, 89)).toBe(1200);
    expect(s(1500, rule, 75)).toBe(1200);
    expect(s(1500, rule, 74)).toBe(900);
    expect(s(1500, rule, 60)).toBe(900);
  });
  it('gives 0 below every tier and rounds shares half up', () => {
    expect(s(1500, rule, 59)).toBe(0);
    expect(s(1, { kind: 'tiered', tiers: [{ min: 0, shareBp: 5_000 }] }, 0)).toBe(1);
    expect(s(333, { kind: 'tiered', tiers: [{ min: 1, shareBp: 3_333 }] }, 5)).toBe(111); // 110.99 → 111
  });
});

describe('boolean', () => {
  it('is all or nothing, and refuses other values', () => {
    expect(s(500, { kind: 'boolean' }, 1)).toBe(500);
    expect(s(500, { kind: 'boolean' }, 0)).toBe(0);
    expect(() => s(500, { kind: 'boolean' }, 2)).toThrow(/badValue/);
  });
});

describe('graded', () => {
  it('maps A/B/C/D to configurable shares', () => {
    const rule = { kind: 'graded' as const, grades: DEFAULT_GRADES };
    expect([0, 1, 2, 3].map((v) => s(1250, rule, v))).toEqual([1250, 1000, 750, 0]);
    const custom = {
      kind: 'graded' as const,
      grades: [
        { grade: '优秀', shareBp: 10_000 },
        { grade: '良好', shareBp: 8_500 },
        { grade: '一般', shareBp: 3_333 },
      ],
    };
    expect(s(1001, custom, 1)).toBe(851); // 850.85 → 851
    expect(s(1001, custom, 2)).toBe(334); // 333.63 → 334
    expect(() => s(1001, custom, 3)).toThrow(/badValue/);
  });
});

describe('deduction', () => {
  it('subtracts per incident with a floor of 0 and reports the points lost', () => {
    expect(scoreIndicator(1000, { kind: 'deduction', penalty: 300 }, 0)).toEqual({
      score: 1000,
      lost: 0,
      veto: 0,
    });
    expect(scoreIndicator(1000, { kind: 'deduction', penalty: 300 }, 3)).toEqual({
      score: 100,
      lost: 900,
      veto: 0,
    });
    expect(scoreIndicator(1000, { kind: 'deduction', penalty: 250 }, 4)).toEqual({
      score: 0,
      lost: 1000,
      veto: 0,
    });
    expect(scoreIndicator(1000, { kind: 'deduction', penalty: 300 }, 4)).toEqual({
      score: 0,
      lost: 1000,
      veto: 0,
    });
  });
});

describe('bonus', () => {
  it('adds per unit up to the indicator cap', () => {
    expect(s(1000, { kind: 'bonus', perUnit: 300 }, 0)).toBe(0);
    expect(s(1000, { kind: 'bonus', perUnit: 300 }, 3)).toBe(900);
    expect(s(1000, { kind: 'bonus', perUnit: 300 }, 4)).toBe(1000);
    expect(s(1000, { kind: 'bonus', perUnit: 250 }, 4)).toBe(1000);
  });
});

describe('veto', () => {
  it('flags the subject and scores nothing', () => {
    expect(scoreIndicator(0, { kind: 'veto' }, 1)).toEqual({ score: 0, lost: 0, veto: 1 });
    expect(scoreIndicator(0, { kind: 'veto' }, 0)).toEqual({ score: 0, lost: 0, veto: 0 });
  });
});

describe('values and parameters', () => {
  it('refuses negative, fractional and huge values', () => {
    for (const v of [-1, 1.5, 2_000_000_000, Number.NaN])
      expect(() => s(100, { kind: 'ratio', target: 10 }, v)).toThrow(/badValue/);
  });
  it('names bad parameters', () => {
    expect(ruleProblems(100, { kind: 'ratio', target: 0 })).toEqual(['target']);
    expect(ruleProblems(100, { kind: 'ratio', target: 5, capPct: 0 })).toEqual(['capPct']);
    expect(ruleProblems(100, { kind: 'tiered', tiers: [] })).toEqual(['tiers']);
    expect(ruleProblems(100, { kind: 'tiered', tiers: [{ min: 0, shareBp: 10_001 }] })).toEqual(['tiers']);
    expect(ruleProblems(100, { kind: 'graded', grades: [{ grade: '', shareBp: 1 }] })).toEqual(['grades']);
    expect(ruleProblems(100, { kind: 'deduction', penalty: 0 })).toEqual(['penalty']);
    expect(ruleProblems(100, { kind: 'bonus', perUnit: -1 })).toEqual(['perUnit']);
    expect(ruleProblems(100, { kind: 'veto' })).toEqual(['points']);
    expect(ruleProblems(1.5, { kind: 'boolean' })).toEqual(['points']);
    expect(ruleProblems(100, { kind: 'nope' } as never)).toEqual(['kind']);
    expect(ruleProblems(100, { kind: 'boolean' })).toEqual([]);
  });
});
