import { DomainError, divRoundHalfUp } from '@zhanqian/core';

/**
 * The rules of the seven indicator kinds. Every amount is an integer: points in hundredths,
 * shares in basis points (10000 = the whole), ratios kept as numerator/denominator. Each
 * rule's result is rounded half up to the hundredth (divRoundHalfUp) before it is summed.
 */
export const INDICATOR_KINDS = [
  'ratio',
  'tiered',
  'boolean',
  'graded',
  'deduction',
  'bonus',
  'veto',
] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

/** Kinds whose points count toward the 1000 base points. */
export const BASE_KINDS: readonly IndicatorKind[] = ['ratio', 'tiered', 'boolean', 'graded', 'deduction'];
export const isBaseKind = (k: IndicatorKind): boolean => BASE_KINDS.includes(k);

/**
 * The aspect a report's score counts toward, as stored on the report row: the indicator's
 * aspect for base kinds, −1 for bonus and veto (outside every aspect).
 *
 * @example reportAspectIndex('bonus', 2) // -1
 */
export const reportAspectIndex = (kind: IndicatorKind, aspectIndex: number): number =>
  isBaseKind(kind) ? aspectIndex : -1;

/** Largest allowed target / reported value / threshold, so that every product stays exact. */
export const MAX_VALUE = 1_000_000_000;
/** Largest ratio cap, in percent (10× the target). */
export const MAX_CAP_PCT = 1000;

export type Rule =
  /** points × min(actual / target, capPct / 100); actual and target share one unit. */
  | { kind: 'ratio'; target: number; capPct?: number }
  /** The highest tier whose `min` ≤ value gives its share; below every tier gives 0. */
  | { kind: 'tiered'; tiers: { min: number; shareBp: number }[] }
  /** value 1 = met (full points), 0 = not met. */
  | { kind: 'boolean' }
  /** value = index of the grade in `grades` (0 = A …). */
  | { kind: 'graded'; grades: { grade: string; shareBp: number }[] }
  /** value = number of incidents; points − incidents × penalty, never below 0. */
  | { kind: 'deduction'; penalty: number }
  /** value = countable achievements; min(value × perUnit, points): the indicator's points are its cap. */
  | { kind: 'bonus'; perUnit: number }
  /** value ≥ 1 = the veto applies (一票否决); scores nothing. */
  | { kind: 'veto' };

export const DEFAULT_GRADES: { grade: string; shareBp: number }[] = [
  { grade: 'A', shareBp: 10_000 },
  { grade: 'B', shareBp: 8_000 },
  { grade: 'C', shareBp: 6_000 },
  { grade: 'D', shareBp: 0 },
];

export interface RuleResult {
  /** The indicator's score in hundredths. */
  score: number;
  /** Points lost to a deduction indicator (0 for other kinds). */
  lost: number;
  /** 1 when a veto indicator applies. */
  veto: 0 | 1;
}

const share = (points: number, shareBp: number) => divRoundHalfUp(points * shareBp, 10_000);

/**
 * Scores one reported value against its indicator.
 *
 * @example scoreIndicator(2000, { kind: 'ratio', target: 80 }, 60) // { score: 1500, lost: 0, veto: 0 }
 * @example scoreIndicator(1000, { kind: 'deduction', penalty: 300 }, 4) // { score: 0, lost: 1000, veto: 0 }
 */
export function scoreIndicator(points: number, rule: Rule, value: number): RuleResult {
  if (!Number.isSafeInteger(value) || value < 0 || value > MAX_VALUE)
    throw new DomainError('BAD_INPUT', 'scoring.badValue', { value: String(value) });
  switch (rule.kind) {
    case 'ratio': {
      const cap = rule.capPct ?? 100;
      // min(actual/target, cap/100) compared exactly: actual·100 vs cap·target.
      const score =
        value * 100 >= cap * rule.target
          ? divRoundHalfUp(points * cap, 100)
          : divRoundHalfUp(points * value, rule.target);
      return { score, lost: 0, veto: 0 };
    }
    case 'tiered': {
      let best = 0;
      let bestMin = -1;
      for (const t of rule.tiers)
        if (t.min <= value && t.min > bestMin) {
          bestMin = t.min;
          best = t.shareBp;
        }
      return { score: share(points, best), lost: 0, veto: 0 };
    }
    case 'boolean':
      if (value > 1) throw new DomainError('BAD_INPUT', 'scoring.badValue', { value: String(value) });
      return { score: value === 1 ? points : 0, lost: 0, veto: 0 };
    case 'graded': {
      const g = rule.grades[value];
      if (!g) throw new DomainError('BAD_INPUT', 'scoring.badValue', { value: String(value) });
      return { score: share(points, g.shareBp), lost: 0, veto: 0 };
    }
    case 'deduction': {
      const score = Math.max(0, points - value * rule.penalty);
      return { score, lost: points - score, veto: 0 };
    }
    case 'bonus':
      return { score: Math.min(points, value * rule.perUnit), lost: 0, veto: 0 };
    case 'veto':
      return { score: 0, lost: 0, veto: value >= 1 ? 1 : 0 };
  }
}

/** The problems of a rule's parameters (empty when valid), as message keys with params. */
export function ruleProblems(points: number, rule: Rule): string[] {
  const out: string[] = [];
  const int = (n: unknown, min: number, max: number) =>
    typeof n === 'number' && Number.isSafeInteger(n) && n >= min && n <= max;
  if (!int(points, 0, 100_000)) out.push('points');
  switch (rule.kind) {
    case 'ratio':
      if (!int(rule.target, 1, MAX_VALUE)) out.push('target');
      if (rule.capPct !== undefined && !int(rule.capPct, 1, MAX_CAP_PCT)) out.push('capPct');
      break;
    case 'tiered':
      if (!Array.isArray(rule.tiers) || rule.tiers.length === 0) out.push('tiers');
      else
        for (const t of rule.tiers)
          if (!int(t.min, 0, MAX_VALUE) || !int(t.shareBp, 0, 10_000)) out.push('tiers');
      break;
    case 'graded':
      if (!Array.isArray(rule.grades) || rule.grades.length === 0) out.push('grades');
      else for (const g of rule.grades) if (!g.grade || !int(g.shareBp, 0, 10_000)) out.push('grades');
      break;
    case 'deduction':
      if (!int(rule.penalty, 1, 100_000)) out.push('penalty');
      break;
    case 'bonus':
      if (!int(rule.perUnit, 1, 100_000)) out.push('perUnit');
      break;
    case 'veto':
      if (points !== 0) out.push('points');
      break;
    case 'boolean':
      break;
    default:
      out.push('kind');
  }
  return [...new Set(out)];
}
