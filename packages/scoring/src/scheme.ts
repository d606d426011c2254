import { DomainError, formatPoints } from '@zhanqian/core';
import { isBaseKind, type Rule, ruleProblems } from './rules.ts';

/** Exactly 1000 base points, in hundredths. */
export const BASE_TOTAL = 100_000;

/** Keys that break ties after the total; `aspects` = each aspect's score in scheme order. */
export type TieBreakKey = 'deductionLost' | 'aspects' | 'bonus';
export const DEFAULT_TIE_BREAK: TieBreakKey[] = ['deductionLost', 'aspects'];

/** One line of the award table: a rank range, or a score band (total ≥ minTotal). */
export type AwardRule =
  | { byRank: { from: number; to: number }; amountFen: number; category?: string }
  | { minTotal: number; amountFen: number; category?: string };

export interface AwardTable {
  /** The year's pool budget in fen. */
  poolFen: number;
  rules: AwardRule[];
}

export interface IndicatorDef {
  code: string;
  name: string;
  /** Hundredths: base points, a bonus indicator's own cap, 0 for a veto. */
  points: number;
  rule: Rule;
  /** Code of the org unit that assesses it (考核部门). */
  assessingUnit: string;
  /** Responsible persons (责任人), by post within the appraised team, e.g. '党工委书记'. */
  responsible: string[];
  /** What the reported value measures, e.g. '万元', '%×100', '件'. */
  unit?: string;
}

export interface WorkItemDef {
  code: string;
  name: string;
  points: number;
  indicators: IndicatorDef[];
}

export interface AspectDef {
  code: string;
  name: string;
  points: number;
  items: WorkItemDef[];
}

/** A year's scheme as a plain tree: what import/export and copy exchange. */
export interface SchemeDef {
  year: number;
  name: string;
  /** Scheme-wide cap on the sum of bonus scores, hundredths. */
  bonusCap: number;
  tieBreak: TieBreakKey[];
  awards: AwardTable;
  /** How many of each category's first places go on the promotion-priority list. */
  priorityTopN: number;
  aspects: AspectDef[];
}

export interface SchemeProblem {
  /** Where: the node's code and name, or 'scheme'. */
  node: string;
  key: string;
  params: Record<string, string | number>;
}

const label = (n: { code: string; name: string }) => `${n.code} ${n.name}`;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * Every problem of a scheme: sums that do not add up (naming the node, its declared points
 * and its children's sum), bad rule parameters, duplicate codes, an unknown assessing unit.
 *
 * @example schemeProblems(def).length === 0 // a valid scheme
 */
export function schemeProblems(def: SchemeDef, knownUnits?: ReadonlySet<string>): SchemeProblem[] {
  const out: SchemeProblem[] = [];
  const codes = new Set<string>();
  const seen = (n: { code: string; name: string }) => {
    if (!n.code?.trim()) out.push({ node: label(n), key: 'scoring.nodeCodeMissing', params: {} });
    else if (codes.has(n.code))
      out.push({ node: label(n), key: 'scoring.duplicateCode', params: { code: n.code } });
    codes.add(n.code);
    if (!n.name?.trim()) out.push({ node: label(n), key: 'scoring.nodeNameMissing', params: {} });
  };
  if (!Number.isSafeInteger(def.bonusCap) || def.bonusCap < 0)
    out.push({ node: 'scheme', key: 'scoring.badBonusCap', params: {} });
  if (def.aspects.length === 0) out.push({ node: 'scheme', key: 'scoring.noAspects', params: {} });
  const aspectSum = sum(def.aspects.map((a) => a.points));
  if (aspectSum !== BASE_TOTAL)
    out.push({
      node: 'scheme',
      key: 'scoring.sumMismatch',
      params: { node: def.name, expected: formatPoints(BASE_TOTAL), actual: formatPoints(aspectSum) },
    });
  for (const a of def.aspects) {
    seen(a);
    const itemSum = sum(a.items.map((i) => i.points));
    if (itemSum !== a.points)
      out.push({
        node: label(a),
        key: 'scoring.sumMismatch',
        params: { node: label(a), expected: formatPoints(a.points), actual: formatPoints(itemSum) },
      });
    for (const item of a.items) {
      seen(item);
      const base = item.indicators.filter((i) => isBaseKind(i.rule.kind));
      const indSum = sum(base.map((i) => i.points));
      if (indSum !== item.points)
        out.push({
          node: label(item),
          key: 'scoring.sumMismatch',
          params: { node: label(item), expected: formatPoints(item.points), actual: formatPoints(indSum) },
        });
      for (const ind of item.indicators) {
        seen(ind);
        for (const p of ruleProblems(ind.points, ind.rule))
          out.push({ node: label(ind), key: 'scoring.badRule', params: { node: label(ind), param: p } });
        if (knownUnits && !knownUnits.has(ind.assessingUnit))
          out.push({
            node: label(ind),
            key: 'scoring.unknownUnit',
            params: { node: label(ind), code: ind.assessingUnit },
          });
      }
    }
  }
  return out;
}

/**
 * Throws BAD_INPUT with the first problem (its node and sums) when the scheme does not add up.
 *
 * @example assertValidScheme(def) // throws 'scoring.sumMismatch' { node: 'A1 经济社会发展', expected: '300.00', actual: '299.00' }
 */
export function assertValidScheme(def: SchemeDef, knownUnits?: ReadonlySet<string>): void {
  const problems = schemeProblems(def, knownUnits);
  const first = problems[0];
  if (first)
    throw new DomainError('BAD_INPUT', first.key, {
      ...first.params,
      node: first.node,
      count: problems.length,
    });
}

/** The scheme's indicators in scheme order, each with its aspect's index. */
export function flatIndicators(def: SchemeDef): (IndicatorDef & { aspectIndex: number; itemCode: string })[] {
  return def.aspects.flatMap((a, aspectIndex) =>
    a.items.flatMap((item) => item.indicators.map((ind) => ({ ...ind, aspectIndex, itemCode: item.code }))),
  );
}

/** The same scheme for another year (a copy: nothing shared). @example copyScheme(def2026, 2027).year // 2027 */
export function copyScheme(def: SchemeDef, year: number): SchemeDef {
  const copy = structuredClone(def);
  copy.year = year;
  copy.name = def.name.replace(String(def.year), String(year));
  return copy;
}

export interface NodeSum {
  code: string;
  name: string;
  level: 'scheme' | 'aspect' | 'item';
  /** Declared points (hundredths). */
  declared: number;
  /** Sum of the children's base points (hundredths). */
  children: number;
  ok: boolean;
}

/**
 * Every node's declared points beside its children's sum, for a live sum check on screen.
 *
 * @example nodeSums(def)[0] // { code: '', level: 'scheme', declared: 100000, children: 100000, ok: true, … }
 */
export function nodeSums(def: SchemeDef): NodeSum[] {
  const row = (
    code: string,
    name: string,
    level: NodeSum['level'],
    declared: number,
    children: number,
  ): NodeSum => ({
    code,
    name,
    level,
    declared,
    children,
    ok: declared === children,
  });
  const out = [row('', def.name, 'scheme', BASE_TOTAL, sum(def.aspects.map((a) => a.points)))];
  for (const a of def.aspects) {
    out.push(row(a.code, a.name, 'aspect', a.points, sum(a.items.map((i) => i.points))));
    for (const item of a.items)
      out.push(
        row(
          item.code,
          item.name,
          'item',
          item.points,
          sum(item.indicators.filter((i) => isBaseKind(i.rule.kind)).map((i) => i.points)),
        ),
      );
  }
  return out;
}
