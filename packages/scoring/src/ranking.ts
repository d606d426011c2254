import type { IndicatorKind } from './rules.ts';
import { type AwardTable, DEFAULT_TIE_BREAK, type TieBreakKey } from './scheme.ts';

/** 1,500,000 yuan: the most any one subject may be awarded. */
export const AWARD_CAP_FEN = 150_000_000;

export interface SubjectRef {
  subjectId: number;
  orgUnitId: number;
  category: string;
}

/** One approved, scored report. */
export interface ScoreRow {
  subjectId: number;
  aspectIndex: number;
  kind: IndicatorKind;
  score: number;
  lost: number;
  veto: 0 | 1;
}

export interface SubjectTotals extends SubjectRef {
  baseTotal: number;
  /** Sum of bonus scores after the scheme-wide cap. */
  bonus: number;
  total: number;
  deductionLost: number;
  vetoed: boolean;
  /** Base scores per aspect, in scheme order. */
  aspectScores: number[];
}

export interface RankedSubject extends SubjectTotals {
  /** Standard competition rank within the category (1, 2, 2, 4). */
  rank: number;
  /** In the last two places of the category's order, ties at the boundary included. */
  bottomTwo: boolean;
}

/**
 * Totals per subject: base scores summed per aspect and overall, bonus capped scheme-wide,
 * points lost to deductions, and the veto flag. Subjects without reports score 0.
 *
 * @example computeTotals([{ subjectId: 1, orgUnitId: 9, category: 'street' }], rows, 5, 3000)
 */
export function computeTotals(
  subjects: SubjectRef[],
  rows: ScoreRow[],
  aspectCount: number,
  bonusCap: number,
): SubjectTotals[] {
  const by = new Map<
    number,
    { base: number; bonus: number; lost: number; veto: boolean; aspects: number[] }
  >();
  for (const s of subjects)
    by.set(s.subjectId, { base: 0, bonus: 0, lost: 0, veto: false, aspects: Array(aspectCount).fill(0) });
  for (const r of rows) {
    const acc = by.get(r.subjectId);
    if (!acc) continue;
    if (r.kind === 'bonus') acc.bonus += r.score;
    else if (r.kind !== 'veto') {
      acc.base += r.score;
      acc.aspects[r.aspectIndex] = (acc.aspects[r.aspectIndex] ?? 0) + r.score;
    }
    acc.lost += r.lost;
    if (r.veto) acc.veto = true;
  }
  return subjects.map((s) => {
    const acc = by.get(s.subjectId)!;
    const bonus = Math.min(acc.bonus, bonusCap);
    return {
      ...s,
      baseTotal: acc.base,
      bonus,
      total: acc.base + bonus,
      deductionLost: acc.lost,
      vetoed: acc.veto,
      aspectScores: acc.aspects,
    };
  });
}

/** The sort keys of a subject: smaller sorts first. */
function keysOf(s: SubjectTotals, tieBreak: TieBreakKey[]): number[] {
  const keys = [s.vetoed ? 1 : 0, -s.total];
  for (const k of tieBreak) {
    if (k === 'deductionLost') keys.push(s.deductionLost);
    else if (k === 'bonus') keys.push(-s.bonus);
    else for (const a of s.aspectScores) keys.push(-a);
  }
  return keys;
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/**
 * Ranks each category: non-vetoed first, then higher total, then the tie-break keys
 * (default: fewer points lost to deductions, then each aspect in scheme order). Subjects
 * equal on every key share a rank (1, 2, 2, 4). Bottom two = the last two places plus every
 * subject tied with one of them.
 *
 * @example rankSubjects(totals).filter((r) => r.bottomTwo)
 */
export function rankSubjects(
  totals: SubjectTotals[],
  tieBreak: TieBreakKey[] = DEFAULT_TIE_BREAK,
): RankedSubject[] {
  const byCategory = new Map<string, SubjectTotals[]>();
  for (const t of totals) {
    const list = byCategory.get(t.category) ?? [];
    list.push(t);
    byCategory.set(t.category, list);
  }
  const out: RankedSubject[] = [];
  for (const list of byCategory.values()) {
    const keyed = list.map((s) => ({ s, k: keysOf(s, tieBreak) }));
    keyed.sort((a, b) => compareKeys(a.k, b.k) || a.s.subjectId - b.s.subjectId);
    for (const { s, k } of keyed) {
      const better = keyed.filter((o) => compareKeys(o.k, k) < 0).length;
      const worse = keyed.filter((o) => compareKeys(o.k, k) > 0).length;
      out.push({ ...s, rank: better + 1, bottomTwo: worse <= 1 });
    }
  }
  return out;
}

/**
 * Key adjustment (重点调整): in the bottom two of year Y and of Y−1, in the same category.
 * `previousBottomTwo` holds `${orgUnitId}|${category}` of last year's bottom two.
 *
 * @example keyAdjustment(ranked2026, new Set(['12|street'])) // [{ subjectId, … }]
 */
export function keyAdjustment(
  ranked: RankedSubject[],
  previousBottomTwo: ReadonlySet<string>,
): RankedSubject[] {
  return ranked.filter((r) => r.bottomTwo && previousBottomTwo.has(`${r.orgUnitId}|${r.category}`));
}

/** The promotion-priority list: the first `topN` places of each category, vetoed subjects excluded. */
export function priorityList<T extends { rank: number; vetoed: boolean }>(ranked: T[], topN: number): T[] {
  return ranked.filter((r) => !r.vetoed && r.rank <= topN).sort((a, b) => a.rank - b.rank);
}

export interface AwardLine {
  subjectId: number;
  /** What the table grants, after the per-subject cap. */
  entitledFen: number;
  /** What the pool could pay. */
  amountFen: number;
}

/**
 * Awards from the table: the first matching rule per subject (rank range or score band,
 * optionally for one category), capped at 1,500,000 yuan each; then paid from the pool in
 * order of rank, total and subject until the pool runs dry. Vetoed subjects get nothing.
 *
 * @example allocateAwards(ranked, { poolFen: 200_000_000, rules: [{ byRank: { from: 1, to: 1 }, amountFen: 150_000_000 }] })
 */
export function allocateAwards(
  ranked: { subjectId: number; category: string; rank: number; total: number; vetoed: boolean }[],
  table: AwardTable,
): AwardLine[] {
  const lines: (AwardLine & { rank: number; total: number })[] = [];
  for (const r of ranked) {
    if (r.vetoed) continue;
    const rule = table.rules.find(
      (x) =>
        (x.category === undefined || x.category === r.category) &&
        ('byRank' in x ? r.rank >= x.byRank.from && r.rank <= x.byRank.to : r.total >= x.minTotal),
    );
    if (!rule || rule.amountFen <= 0) continue;
    const entitled = Math.min(rule.amountFen, AWARD_CAP_FEN);
    lines.push({ subjectId: r.subjectId, entitledFen: entitled, amountFen: 0, rank: r.rank, total: r.total });
  }
  lines.sort((a, b) => a.rank - b.rank || b.total - a.total || a.subjectId - b.subjectId);
  let left = Math.max(0, table.poolFen);
  for (const l of lines) {
    l.amountFen = Math.min(l.entitledFen, left);
    left -= l.amountFen;
  }
  return lines.map(({ subjectId, entitledFen, amountFen }) => ({ subjectId, entitledFen, amountFen }));
}

export interface PersonalScore {
  subjectId: number;
  person: string;
  score: number;
  /** The points of the indicators the person owns (base points and bonus caps). */
  max: number;
  indicators: number;
}

/**
 * A responsible person's score follows the indicators they own (量化到人): per subject and
 * person, the sum of those indicators' scores.
 *
 * @example personalScores([{ code: 'I1', points: 1000, responsible: ['书记'] }], [{ subjectId: 1, code: 'I1', score: 800 }])
 */
export function personalScores(
  indicators: { code: string; points: number; responsible: string[] }[],
  scores: { subjectId: number; code: string; score: number }[],
  subjectIds: number[],
): PersonalScore[] {
  const scoreOf = new Map(scores.map((s) => [`${s.subjectId}|${s.code}`, s.score]));
  const out: PersonalScore[] = [];
  for (const subjectId of subjectIds) {
    const per = new Map<string, PersonalScore>();
    for (const ind of indicators)
      for (const person of ind.responsible) {
        const p = per.get(person) ?? { subjectId, person, score: 0, max: 0, indicators: 0 };
        p.score += scoreOf.get(`${subjectId}|${ind.code}`) ?? 0;
        p.max += ind.points;
        p.indicators++;
        per.set(person, p);
      }
    out.push(...per.values());
  }
  return out;
}
