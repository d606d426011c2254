import { DomainError } from '@zhanqian/core';
import type { Database, Kysely, ResultSource } from '@zhanqian/db';
import { unitDisplayNames } from '@zhanqian/org';
import { allocateAwards, personalScores, priorityList } from './ranking.ts';
import { getScheme, indicatorOf } from './repo.ts';
import type { AwardTable } from './scheme.ts';

type Db = Kysely<Database>;

export interface ResultRow {
  subjectId: number;
  orgUnitId: number;
  unitName: string;
  unitCode: string;
  category: string;
  baseTotal: number;
  bonus: number;
  total: number;
  deductionLost: number;
  vetoed: boolean;
  rank: number;
  bottomTwo: boolean;
  keyAdjustment: boolean;
  /** Base score per aspect, in scheme order. */
  aspectScores: number[];
}

export interface YearResults {
  year: number;
  status: string;
  versionId: number;
  /** 'imported': official results of a past year, entered from its sheet (not computed here). */
  source: ResultSource;
  /**
   * The aspects in scheme order, with their points in that year's scheme; `points` is null
   * where the year's aspect maxima are unknown (an imported year gives scores only).
   */
  aspects: { code: string; name: string; points: number | null }[];
  rows: ResultRow[];
}

/**
 * The year's current snapshot, ordered by category and rank, optionally limited to subjects
 * whose unit lies in the subtree `scopeRootId` and to one category.
 *
 * @example (await currentResults(db, 2026)).rows[0] // { rank: 1, total: 95_012, … }
 */
export async function currentResults(
  db: Db,
  year: number,
  q: { scopeRootId?: number; category?: string } = {},
): Promise<YearResults> {
  const scheme = await getScheme(db, year);
  if (scheme.current_version_id === null) throw new DomainError('NOT_FOUND', 'scoring.noResults', { year });
  const v = scheme.current_version_id;
  const version = await db
    .selectFrom('scoring_result_version')
    .select('source')
    .where('id', '=', v)
    .executeTakeFirst();
  const source: ResultSource = version?.source ?? 'computed';
  let query = db
    .selectFrom('scoring_result as r')
    .innerJoin('org_unit as u', 'u.id', 'r.org_unit_id')
    .selectAll('r')
    .select(['u.name as unit_name', 'u.code as unit_code'])
    .where('r.version_id', '=', v);
  if (q.category) query = query.where('r.category', '=', q.category);
  if (q.scopeRootId !== undefined)
    query = query.where('r.org_unit_id', 'in', (eb) =>
      eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', q.scopeRootId!),
    );
  const rows = await query.orderBy('r.category').orderBy('r.rank').orderBy('r.subject_id').execute();
  // Communities of different streets may share a name: shown with their street (#21 item 11).
  const shown = await unitDisplayNames(
    db,
    rows.map((r) => r.org_unit_id),
    q.scopeRootId,
  );
  const aspects = await db
    .selectFrom('scoring_node')
    .select(['code', 'name', 'points'])
    .where('scheme_id', '=', scheme.id)
    .where('level', '=', 'aspect')
    .orderBy('sort_order')
    .execute();
  return {
    year,
    status: scheme.status,
    versionId: v,
    source,
    aspects: aspects.map((a) => ({ ...a, points: source === 'imported' ? null : a.points })),
    rows: rows.map((r) => ({
      subjectId: r.subject_id,
      orgUnitId: r.org_unit_id,
      unitName: shown.get(r.org_unit_id) ?? r.unit_name,
      unitCode: r.unit_code,
      category: r.category,
      baseTotal: r.base_total,
      bonus: r.bonus,
      total: r.total,
      deductionLost: r.deduction_lost,
      vetoed: r.vetoed === 1,
      rank: r.rank,
      bottomTwo: r.bottom_two === 1,
      keyAdjustment: r.key_adjustment === 1,
      aspectScores: r.aspects ? r.aspects.split(',').map(Number) : aspects.map(() => 0),
    })),
  };
}

export interface CategoryChart {
  category: string;
  /** Parallel arrays, in rank order: ready for a bar chart (x = names). */
  names: string[];
  totals: number[];
  ranks: number[];
  vetoed: boolean[];
  /** One stacked series per aspect. */
  aspectSeries: { name: string; data: number[] }[];
  count: number;
}

/** Rankings per category shaped for charts (ECharts bar: xAxis names, series per aspect). */
export function chartByCategory(res: YearResults): CategoryChart[] {
  const cats = new Map<string, ResultRow[]>();
  for (const r of res.rows) cats.set(r.category, [...(cats.get(r.category) ?? []), r]);
  return [...cats.entries()].map(([category, rows]) => ({
    category,
    names: rows.map((r) => r.unitName),
    totals: rows.map((r) => r.total),
    ranks: rows.map((r) => r.rank),
    vetoed: rows.map((r) => r.vetoed),
    aspectSeries: res.aspects.map((a, i) => ({
      name: a.name,
      data: rows.map((r) => r.aspectScores[i] ?? 0),
    })),
    count: rows.length,
  }));
}

export interface YearOverYear {
  years: number[];
  /** One series per unit: total and rank by year (null where it was not appraised). */
  series: {
    orgUnitId: number;
    unitName: string;
    category: string;
    totals: (number | null)[];
    ranks: (number | null)[];
  }[];
}

/**
 * Totals and ranks of units across years (their current snapshots), chart-ready: the
 * years on the x axis, one line per unit.
 */
export async function yearOverYear(
  db: Db,
  q: { years: number[]; scopeRootId?: number; category?: string; orgUnitIds?: number[] },
): Promise<YearOverYear> {
  const years = [...new Set(q.years)].sort((a, b) => a - b);
  if (years.length === 0) return { years, series: [] };
  let query = db
    .selectFrom('scoring_result as r')
    .innerJoin('scoring_scheme as s', 's.current_version_id', 'r.version_id')
    .innerJoin('org_unit as u', 'u.id', 'r.org_unit_id')
    .select(['s.year', 'r.org_unit_id', 'u.name', 'r.category', 'r.total', 'r.rank'])
    .where('s.year', 'in', years);
  if (q.category) query = query.where('r.category', '=', q.category);
  if (q.orgUnitIds?.length) query = query.where('r.org_unit_id', 'in', q.orgUnitIds);
  if (q.scopeRootId !== undefined)
    query = query.where('r.org_unit_id', 'in', (eb) =>
      eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', q.scopeRootId!),
    );
  const rows = await query.orderBy('r.org_unit_id').execute();
  const shown = await unitDisplayNames(
    db,
    rows.map((r) => r.org_unit_id),
    q.scopeRootId,
  );
  const series = new Map<string, YearOverYear['series'][number]>();
  for (const r of rows) {
    const key = `${r.org_unit_id}|${r.category}`;
    let s = series.get(key);
    if (!s) {
      s = {
        orgUnitId: r.org_unit_id,
        unitName: shown.get(r.org_unit_id) ?? r.name,
        category: r.category,
        totals: years.map(() => null),
        ranks: years.map(() => null),
      };
      series.set(key, s);
    }
    const i = years.indexOf(r.year);
    s.totals[i] = r.total;
    s.ranks[i] = r.rank;
  }
  return { years, series: [...series.values()] };
}

/** The promotion-priority list of the year (first places per category, never vetoed). */
export async function priorityOf(db: Db, year: number, scopeRootId?: number): Promise<ResultRow[]> {
  const scheme = await getScheme(db, year);
  const res = await currentResults(db, year, { scopeRootId });
  return priorityList(res.rows, scheme.priority_top_n);
}

/** The year's awards from the scheme's table, capped per subject and by the pool. */
export async function awardsOf(db: Db, year: number) {
  const scheme = await getScheme(db, year);
  const table = JSON.parse(scheme.awards_json) as AwardTable;
  const res = await currentResults(db, year);
  const lines = allocateAwards(res.rows, table);
  const byId = new Map(res.rows.map((r) => [r.subjectId, r]));
  const rows = lines.map((l) => {
    const r = byId.get(l.subjectId)!;
    return { ...l, unitName: r.unitName, category: r.category, rank: r.rank, total: r.total };
  });
  return {
    poolFen: table.poolFen,
    paidFen: rows.reduce((a, r) => a + r.amountFen, 0),
    rows,
  };
}

/** Personal scores of the responsible persons of one subject (or all subjects) in a year. */
export async function personalOf(db: Db, year: number, subjectIds: number[]) {
  const scheme = await getScheme(db, year);
  const nodes = await db
    .selectFrom('scoring_node')
    .selectAll()
    .where('scheme_id', '=', scheme.id)
    .where('level', '=', 'indicator')
    .execute();
  const indicators = nodes.map(indicatorOf);
  const codeOf = new Map(indicators.map((i) => [i.id, i.code]));
  const scores =
    subjectIds.length === 0
      ? []
      : await db
          .selectFrom('scoring_report')
          .select(['subject_id', 'indicator_id', 'score'])
          .where('year', '=', year)
          .where('status', '=', 'approved')
          .where('subject_id', 'in', subjectIds)
          .execute();
  return personalScores(
    indicators,
    scores.map((s) => ({ subjectId: s.subject_id, code: codeOf.get(s.indicator_id)!, score: s.score })),
    subjectIds,
  );
}
