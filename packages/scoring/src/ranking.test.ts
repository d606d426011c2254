import { describe, expect, it } from 'vitest';
import {
  AWARD_CAP_FEN,
  allocateAwards,
  computeTotals,
  keyAdjustment,
  personalScores,
  priorityList,
  rankSubjects,
  type ScoreRow,
  type SubjectTotals,
} from './ranking.ts';

const subj = (id: number, category = 'street') => ({ subjectId: id, orgUnitId: 100 + id, category });
const t = (id: number, total: number, extra: Partial<SubjectTotals> = {}): SubjectTotals => ({
  ...subj(id),
  baseTotal: total,
  bonus: 0,
  total,
  deductionLost: 0,
  vetoed: false,
  aspectScores: [total],
  ...extra,
});
const ranks = (xs: SubjectTotals[], tb?: Parameters<typeof rankSubjects>[1]) =>
  Object.fromEntries(rankSubjects(xs, tb).map((r) => [r.subjectId, r.rank]));

describe('totals', () => {
  it('sums base scores per aspect, caps the bonus scheme-wide, carries deductions and vetoes', () => {
    const rows: ScoreRow[] = [
      { subjectId: 1, aspectIndex: 0, kind: 'ratio', score: 1500, lost: 0, veto: 0 },
      { subjectId: 1, aspectIndex: 1, kind: 'deduction', score: 700, lost: 300, veto: 0 },
      { subjectId: 1, aspectIndex: 1, kind: 'bonus', score: 2000, lost: 0, veto: 0 },
      { subjectId: 1, aspectIndex: 0, kind: 'bonus', score: 2000, lost: 0, veto: 0 },
      { subjectId: 2, aspectIndex: 0, kind: 'veto', score: 0, lost: 0, veto: 1 },
      { subjectId: 9, aspectIndex: 0, kind: 'ratio', score: 5, lost: 0, veto: 0 },
    ];
    const [a, b] = computeTotals([subj(1), subj(2)], rows, 2, 3000);
    expect(a).toMatchObject({
      baseTotal: 2200,
      bonus: 3000,
      total: 5200,
      deductionLost: 300,
      vetoed: false,
      aspectScores: [1500, 700],
    });
    expect(b).toMatchObject({ baseTotal: 0, bonus: 0, total: 0, vetoed: true, aspectScores: [0, 0] });
  });
});

describe('ranking', () => {
  it('uses standard competition ranking (1,2,2,4)', () => {
    expect(ranks([t(1, 900), t(2, 800), t(3, 800), t(4, 700)])).toEqual({ 1: 1, 2: 2, 3: 2, 4: 4 });
  });
  it('puts vetoed subjects after every other, whatever their total', () => {
    expect(ranks([t(1, 990, { vetoed: true }), t(2, 100), t(3, 500, { vetoed: true })])).toEqual({
      2: 1,
      3: 3,
      1: 2,
    });
  });
  it('breaks ties by fewer deduction points, then each aspect in order', () => {
    const xs = [
      t(1, 800, { deductionLost: 100, aspectScores: [500, 300] }),
      t(2, 800, { deductionLost: 0, aspectScores: [400, 400] }),
      t(3, 800, { deductionLost: 100, aspectScores: [600, 200] }),
      t(4, 800, { deductionLost: 100, aspectScores: [600, 200] }),
    ];
    expect(ranks(xs)).toEqual({ 2: 1, 3: 2, 4: 2, 1: 4 });
    expect(ranks(xs, ['aspects'])).toEqual({ 3: 1, 4: 1, 1: 3, 2: 4 });
    expect(ranks(xs, [])).toEqual({ 1: 1, 2: 1, 3: 1, 4: 1 });
    expect(ranks(xs, ['bonus'])).toEqual({ 1: 1, 2: 1, 3: 1, 4: 1 });
  });
  it('ranks each category on its own', () => {
    const xs = [t(1, 900), { ...t(2, 100), category: 'department' }, t(3, 800)];
    expect(ranks(xs)).toEqual({ 1: 1, 2: 1, 3: 2 });
  });
  it('marks the last two places plus ties at the boundary as bottom two', () => {
    const bottom = (xs: SubjectTotals[]) =>
      rankSubjects(xs)
        .filter((r) => r.bottomTwo)
        .map((r) => r.subjectId)
        .sort();
    expect(bottom([t(1, 900), t(2, 800), t(3, 700), t(4, 600)])).toEqual([3, 4]);
    expect(bottom([t(1, 900), t(2, 700), t(3, 700), t(4, 600)])).toEqual([2, 3, 4]);
    expect(bottom([t(1, 900), t(2, 800), t(3, 600), t(4, 600)])).toEqual([3, 4]);
    expect(bottom([t(1, 900), t(2, 600), t(3, 600), t(4, 600)])).toEqual([2, 3, 4]);
    expect(bottom([t(1, 900), t(2, 900), t(3, 900)])).toEqual([1, 2, 3]);
    expect(bottom([t(1, 900), t(2, 800), t(3, 950, { vetoed: true })])).toEqual([2, 3]);
  });
});

describe('key adjustment', () => {
  it('needs the bottom two in both years in the same category', () => {
    const ranked = rankSubjects([t(1, 900), t(2, 800), t(3, 700), t(4, 600)]);
    const prev = new Set(['103|street', '101|street', '104|department']);
    expect(keyAdjustment(ranked, prev).map((r) => r.subjectId)).toEqual([3]);
    expect(keyAdjustment(ranked, new Set())).toEqual([]);
  });
});

describe('promotion priority', () => {
  it('takes the first places of each category, never a vetoed subject', () => {
    const ranked = rankSubjects([
      t(1, 900),
      t(2, 900),
      t(3, 800),
      { ...t(4, 50), category: 'x', vetoed: true },
    ]);
    expect(priorityList(ranked, 1).map((r) => r.subjectId)).toEqual([1, 2]);
    expect(priorityList(ranked, 3).map((r) => r.subjectId)).toEqual([1, 2, 3]);
  });
});

describe('awards', () => {
  const ranked = rankSubjects([t(1, 980), t(2, 950), t(3, 950), t(4, 900), t(5, 999, { vetoed: true })]);
  it('grants by rank, caps each subject at 1,500,000 yuan, gives the vetoed nothing', () => {
    const lines = allocateAwards(ranked, {
      poolFen: 1_000_000_000,
      rules: [
        { byRank: { from: 1, to: 1 }, amountFen: 200_000_000 },
        { byRank: { from: 2, to: 3 }, amountFen: 50_000_000 },
      ],
    });
    expect(lines).toEqual([
      { subjectId: 1, entitledFen: AWARD_CAP_FEN, amountFen: AWARD_CAP_FEN },
      { subjectId: 2, entitledFen: 50_000_000, amountFen: 50_000_000 },
      { subjectId: 3, entitledFen: 50_000_000, amountFen: 50_000_000 },
    ]);
  });
  it('grants by score band and stops at the pool budget', () => {
    const lines = allocateAwards(ranked, {
      poolFen: 120_000_000,
      rules: [{ minTotal: 900, amountFen: 50_000_000 }],
    });
    expect(lines.map((l) => [l.subjectId, l.amountFen])).toEqual([
      [1, 50_000_000],
      [2, 50_000_000],
      [3, 20_000_000],
      [4, 0],
    ]);
    expect(lines.reduce((a, l) => a + l.amountFen, 0)).toBe(120_000_000);
  });
  it('applies category-specific lines and ignores unmatched subjects', () => {
    const lines = allocateAwards(ranked, {
      poolFen: 10,
      rules: [{ byRank: { from: 1, to: 1 }, amountFen: 7, category: 'department' }],
    });
    expect(lines).toEqual([]);
  });
});

describe('personal scores', () => {
  it('follows the indicators each person owns', () => {
    const out = personalScores(
      [
        { code: 'I1', points: 1000, responsible: ['书记', '主任'] },
        { code: 'I2', points: 500, responsible: ['主任'] },
      ],
      [
        { subjectId: 1, code: 'I1', score: 800 },
        { subjectId: 1, code: 'I2', score: 500 },
      ],
      [1, 2],
    );
    expect(out).toEqual([
      { subjectId: 1, person: '书记', score: 800, max: 1000, indicators: 1 },
      { subjectId: 1, person: '主任', score: 1300, max: 1500, indicators: 2 },
      { subjectId: 2, person: '书记', score: 0, max: 1000, indicators: 1 },
      { subjectId: 2, person: '主任', score: 0, max: 1500, indicators: 2 },
    ]);
  });
});
