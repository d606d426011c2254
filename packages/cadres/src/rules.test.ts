import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addYears,
  assertWeights,
  checkEligibility,
  DEFAULT_WEIGHTS,
  DIMENSIONS,
  type DimensionScores,
  type EligibilityCadre,
  type EligibilityFacts,
  type EligibilityPost,
  fullYears,
  lowerRank,
  rotationDue,
  summarizeEvaluations,
} from './rules.ts';

describe('dates', () => {
  it('counts whole years', () => {
    expect(fullYears('2020-03-01', '2026-02-28')).toBe(5);
    expect(fullYears('2020-03-01', '2026-03-01')).toBe(6);
    expect(fullYears('2020-02-29', '2021-02-28')).toBe(0);
    expect(fullYears('2020-02-29', '2021-03-01')).toBe(1);
    expect(fullYears('2027-01-01', '2026-01-01')).toBe(0);
  });
  it('adds years', () => {
    expect(addYears('2016-03-01', 10)).toBe('2026-03-01');
    expect(addYears('2020-02-29', 1)).toBe('2021-03-01');
  });
});

const s = (m: number, a: number, p: number, f: number, i: number): DimensionScores => ({
  morality: m,
  ability: a,
  passion: p,
  performance: f,
  image: i,
});

describe('five-quality evaluation', () => {
  it('combines raters and weights exactly, rounding once', () => {
    expect(summarizeEvaluations([s(9000, 8000, 8000, 7000, 9000)], DEFAULT_WEIGHTS)!.total).toBe(8200);
    const w = { morality: 3000, ability: 2500, passion: 1500, performance: 2000, image: 1000 };
    const sum = summarizeEvaluations([s(9000, 8000, 8000, 7000, 9000), s(8001, 8000, 8000, 7000, 9000)], w)!;
    // (9000+8001)·3000 + 16000·2500 + 16000·1500 + 14000·2000 + 18000·1000 = 161 003 000 → ÷ 20000 = 8050.15 → 8050
    expect(sum.total).toBe(8050);
    expect(sum.mean.morality).toBe(8501); // 8500.5 rounds half up
    expect(sum.raters).toBe(2);
    expect(summarizeEvaluations([], w)).toBeNull();
  });
  it('stays within the scores’ range and is an integer (property)', () => {
    const score = fc.integer({ min: 0, max: 10000 });
    const row = fc.record({
      morality: score,
      ability: score,
      passion: score,
      performance: score,
      image: score,
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 12 }), (rows) => {
        const t = summarizeEvaluations(rows, DEFAULT_WEIGHTS)!.total;
        const all = rows.flatMap((r) => DIMENSIONS.map((d) => r[d]));
        return Number.isInteger(t) && t >= Math.min(...all) && t <= Math.max(...all);
      }),
    );
  });
  it('refuses weights that do not sum to 100.00%', () => {
    expect(() => assertWeights(DEFAULT_WEIGHTS)).not.toThrow();
    expect(() => assertWeights({ ...DEFAULT_WEIGHTS, image: 1999 })).toThrow(/weightsSum/);
    expect(() => assertWeights({ ...DEFAULT_WEIGHTS, image: -1, passion: 4001 })).toThrow(/weightsSum/);
  });
});

describe('eligibility', () => {
  const cadre: EligibilityCadre = {
    rank: 'staff',
    rankSince: '2020-06-01',
    birthDate: '1990-05-01',
    orgUnitId: 7,
    status: 'active',
  };
  const post: EligibilityPost = {
    rank: 'deputy_section',
    minYearsLower: 3,
    maxAge: 40,
    massThresholdPct: 50,
  };
  const facts: EligibilityFacts = {
    asOf: '2026-11-28',
    keyAdjustmentUnitIds: new Set(),
    promotionPriorityUnitIds: new Set(),
    source: 'organization',
  };
  const codes = (
    c: Partial<EligibilityCadre>,
    f: Partial<EligibilityFacts> = {},
    p: Partial<EligibilityPost> = {},
  ) => checkEligibility({ ...cadre, ...c }, { ...post, ...p }, { ...facts, ...f }).reasons.map((r) => r.code);

  it('passes a cadre meeting every rule', () => {
    expect(checkEligibility(cadre, post, facts)).toEqual({
      eligible: true,
      reasons: [],
      promotionPriority: false,
    });
  });
  it('names each failing reason', () => {
    expect(codes({ rank: 'deputy_section' })).toEqual(['rankMismatch']);
    expect(codes({ rank: 'staff', rankSince: '2024-01-01' })).toEqual(['yearsInLowerRank']);
    expect(codes({ birthDate: '1980-01-01' })).toEqual(['tooOld']);
    expect(codes({}, { keyAdjustmentUnitIds: new Set([7]) })).toEqual(['keyAdjustment']);
    expect(codes({ status: 'retired' })).toEqual(['notActive']);
    expect(codes({}, { source: 'mass', votes: { for: 49, cast: 100 } })).toEqual(['massVotesBelowThreshold']);
    expect(codes({}, { source: 'mass' })).toEqual(['massVotesBelowThreshold']);
    expect(
      codes({ birthDate: '1980-01-01', rank: 'section' }, { keyAdjustmentUnitIds: new Set([7]) }),
    ).toEqual(['rankMismatch', 'tooOld', 'keyAdjustment']);
  });
  it('gives the figures behind a reason', () => {
    const r = checkEligibility({ ...cadre, rankSince: '2024-01-01' }, post, facts).reasons[0]!;
    expect(r.params).toEqual({ have: 2, need: 3 });
  });
  it('counts the mass threshold inclusively (以上 includes the figure)', () => {
    expect(codes({}, { source: 'mass', votes: { for: 50, cast: 100 } })).toEqual([]);
    expect(codes({}, { source: 'mass', votes: { for: 2, cast: 3 } }, { massThresholdPct: 67 })).toEqual([
      'massVotesBelowThreshold',
    ]);
  });
  it('accepts exactly the age limit and exactly the years needed', () => {
    expect(codes({ birthDate: '1985-11-29', rankSince: '2023-11-28' })).toEqual([]); // 40 years old
    expect(codes({ birthDate: '1985-11-28' })).toEqual(['tooOld']); // 41 today
    expect(codes({ rankSince: '2023-11-29' })).toEqual(['yearsInLowerRank']);
  });
  it('flags promotion priority without making it a reason', () => {
    const e = checkEligibility(cadre, post, { ...facts, promotionPriorityUnitIds: new Set([7]) });
    expect(e).toMatchObject({ eligible: true, promotionPriority: true });
  });
  it('knows the rank below', () => {
    expect(lowerRank('section')).toBe('deputy_section');
    expect(lowerRank('staff')).toBeNull();
    expect(codes({}, {}, { rank: 'staff' })).toEqual(['rankMismatch']);
  });
});

describe('rotation due dates', () => {
  it('uses the general limit, and the stricter one for key posts', () => {
    expect(rotationDue('2016-03-01', false, '2026-11-28')).toEqual({
      dueDate: '2026-03-01',
      due: true,
      yearsInPost: 10,
      limitYears: 10,
    });
    expect(rotationDue('2017-03-01', false, '2026-11-28').due).toBe(false);
    expect(rotationDue('2021-11-28', true, '2026-11-28')).toMatchObject({ due: true, dueDate: '2026-11-28' });
    expect(rotationDue('2021-11-29', true, '2026-11-28').due).toBe(false);
    expect(rotationDue('2023-01-01', false, '2026-11-28', { limitYears: 3, keyPostLimitYears: 2 }).due).toBe(
      true,
    );
  });
});
