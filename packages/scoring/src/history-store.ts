import { DomainError, nowIso, t } from '@zhanqian/core';
import { type Database, type Kysely, sql } from '@zhanqian/db';
import type { ParsedHistory } from './history.ts';
import { recomputeScoring } from './recompute.ts';

type Db = Kysely<Database>;

export interface ImportCounts {
  new: number;
  changed: number;
  unchanged: number;
  /** Subjects of an earlier import of the year that the file no longer lists. */
  removed: number;
}

export interface HistoryPlan {
  year: number;
  counts: ImportCounts;
  /** The aspect names differ from those of an earlier import of the year. */
  aspectsChanged: boolean;
  /** Nothing would change: the same results are already imported. */
  noChange: boolean;
}

/** The year's scheme and whether its current snapshot was imported (null: no scheme). */
async function yearState(db: Db, year: number) {
  return db
    .selectFrom('scoring_scheme as s')
    .leftJoin('scoring_result_version as v', 'v.id', 's.current_version_id')
    .select(['s.id', 's.status', 's.current_version_id', 'v.source'])
    .where('s.year', '=', year)
    .executeTakeFirst();
}

/** True when the year's current results were imported (not computed from reports). */
export async function isImportedYear(db: Db, year: number): Promise<boolean> {
  return (await yearState(db, year))?.source === 'imported';
}

const resultKey = (r: {
  category: string;
  total: number;
  rank: number;
  vetoed: boolean | number;
  aspects: string;
}) => `${r.category}|${r.total}|${r.rank}|${Number(r.vetoed)}|${r.aspects}`;
const aspectText = (a: number[] | null) => (a ? a.join(',') : '');

/**
 * What importing `history` as the official results of `year` would do, without writing.
 * Refused (CONFLICT) when the year was appraised on the platform: only a year that has no
 * scheme, or whose results were imported before, takes imported results.
 */
export async function planHistoryImport(db: Db, year: number, history: ParsedHistory): Promise<HistoryPlan> {
  const state = await yearState(db, year);
  const counts: ImportCounts = { new: 0, changed: 0, unchanged: 0, removed: 0 };
  if (!state) {
    counts.new = history.rows.length;
    return { year, counts, aspectsChanged: history.aspects.length > 0, noChange: false };
  }
  if (state.source !== 'imported') throw new DomainError('CONFLICT', 'scoring.history.yearInUse', { year });
  const existing = await db
    .selectFrom('scoring_result')
    .select(['org_unit_id', 'category', 'total', 'rank', 'vetoed', 'aspects'])
    .where('version_id', '=', state.current_version_id!)
    .execute();
  const before = new Map(existing.map((r) => [r.org_unit_id, resultKey(r)]));
  for (const r of history.rows) {
    const old = before.get(r.orgUnitId);
    if (old === undefined) counts.new++;
    else if (old === resultKey({ ...r, aspects: aspectText(r.aspects) })) counts.unchanged++;
    else counts.changed++;
    before.delete(r.orgUnitId);
  }
  counts.removed = before.size;
  const names = await db
    .selectFrom('scoring_node')
    .select('name')
    .where('scheme_id', '=', state.id)
    .where('level', '=', 'aspect')
    .orderBy('sort_order')
    .execute();
  const aspectsChanged = names.map((n) => n.name).join('\n') !== history.aspects.join('\n');
  const noChange = !aspectsChanged && counts.new + counts.changed + counts.removed === 0;
  return { year, counts, aspectsChanged, noChange };
}

/**
 * Sets key_adjustment on a snapshot from its bottom two and the previous year's current
 * snapshot (same unit, same category): the rule recomputeScoring applies, for imported rows.
 */
async function markKeyAdjustment(db: Db, versionId: number, year: number): Promise<void> {
  await sql`update scoring_result set key_adjustment = case when bottom_two = 1 and exists (
      select 1 from scoring_result p
      where p.version_id = (select current_version_id from scoring_scheme where year = ${year - 1})
        and p.bottom_two = 1 and p.org_unit_id = scoring_result.org_unit_id
        and p.category = scoring_result.category) then 1 else 0 end
    where version_id = ${versionId}`.execute(db);
}

export interface HistoryImportResult extends HistoryPlan {
  versionId: number | null;
  /** The following year's results were refreshed (their key adjustment reads this year). */
  nextYearRefreshed: boolean;
}

/**
 * Stores `history` as the official, published and closed results of `year`, in the caller's
 * transaction: a scheme holding only the aspects (status published, objection window closed),
 * one subject per unit, and the results under a new 'imported' snapshot that becomes current
 * (ranks and bottom two as given, key adjustment against the year before). The year after,
 * if it has results, is refreshed so that its key adjustment sees this year. Importing the
 * same results again writes nothing; a corrected file replaces the earlier import.
 *
 * @example await importHistory(trx, 2025, parsed.history, { userId: 1 }) // { counts: { new: 62, … }, versionId: 9, … }
 */
export async function importHistory(
  db: Db,
  year: number,
  history: ParsedHistory,
  opts: { userId: number | null },
): Promise<HistoryImportResult> {
  const plan = await planHistoryImport(db, year, history);
  if (plan.noChange) return { ...plan, versionId: null, nextYearRefreshed: false };
  const now = nowIso();
  let state = await yearState(db, year);
  if (!state) {
    await db
      .insertInto('scoring_scheme')
      .values({
        year,
        name: t('scoring.history.schemeName', 'zh-CN', { year }),
        status: 'published',
        bonus_cap: 0,
        tiebreak_json: '[]',
        awards_json: JSON.stringify({ poolFen: 0, rules: [] }),
        priority_top_n: 0,
        objection_until: null,
        current_version_id: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    state = (await yearState(db, year))!;
  } else await db.updateTable('scoring_scheme').set({ updated_at: now }).where('id', '=', state.id).execute();
  const schemeId = state.id;

  if (plan.aspectsChanged) {
    // An imported scheme holds aspects only (no work items or indicators, so no reports).
    await db.deleteFrom('scoring_node').where('scheme_id', '=', schemeId).execute();
    if (history.aspects.length)
      await db
        .insertInto('scoring_node')
        .values(
          history.aspects.map((name, i) => ({
            scheme_id: schemeId,
            parent_id: null,
            level: 'aspect' as const,
            code: `H${i + 1}`,
            name,
            sort_order: i,
            // The official sheet gives scores, not the aspect's points of that year's scheme.
            points: 0,
            kind: null,
            rule_json: null,
            assessing_unit_id: null,
            responsible_json: null,
            value_unit: null,
            aspect_index: i,
          })),
        )
        .execute();
  }

  // Subjects: one per unit listed, category as given; units no longer listed are dropped.
  const subjects = await db
    .selectFrom('scoring_subject')
    .select(['id', 'org_unit_id', 'category'])
    .where('year', '=', year)
    .execute();
  const byUnit = new Map(subjects.map((s) => [s.org_unit_id, s]));
  const listed = new Set(history.rows.map((r) => r.orgUnitId));
  const fresh = history.rows.filter((r) => !byUnit.has(r.orgUnitId));
  for (let i = 0; i < fresh.length; i += 500)
    await db
      .insertInto('scoring_subject')
      .values(fresh.slice(i, i + 500).map((r) => ({ year, org_unit_id: r.orgUnitId, category: r.category })))
      .execute();
  for (const r of history.rows) {
    const s = byUnit.get(r.orgUnitId);
    if (s && s.category !== r.category)
      await db.updateTable('scoring_subject').set({ category: r.category }).where('id', '=', s.id).execute();
  }
  const subjectOf = new Map(
    (
      await db.selectFrom('scoring_subject').select(['id', 'org_unit_id']).where('year', '=', year).execute()
    ).map((s) => [s.org_unit_id, s.id]),
  );

  const version = await db
    .insertInto('scoring_result_version')
    .values({ year, created_at: now, created_by: opts.userId, source: 'imported' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const rows = history.rows.map((r) => {
    const base = r.aspects ? r.aspects.reduce((a, b) => a + b, 0) : r.total;
    return {
      version_id: version.id,
      subject_id: subjectOf.get(r.orgUnitId)!,
      org_unit_id: r.orgUnitId,
      category: r.category,
      base_total: base,
      bonus: r.total - base,
      total: r.total,
      deduction_lost: 0,
      vetoed: r.vetoed ? 1 : 0,
      rank: r.rank,
      bottom_two: r.bottomTwo ? 1 : 0,
      key_adjustment: 0,
      aspects: aspectText(r.aspects),
    };
  });
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('scoring_result')
      .values(rows.slice(i, i + 500))
      .execute();
  await markKeyAdjustment(db, version.id, year);
  await db
    .updateTable('scoring_scheme')
    .set({ current_version_id: version.id })
    .where('id', '=', schemeId)
    .execute();
  // Earlier imports of the year are replaced, not kept: they were never the official results.
  const older = db
    .selectFrom('scoring_result_version')
    .select('id')
    .where('year', '=', year)
    .where('id', '<>', version.id);
  await db.deleteFrom('scoring_result').where('version_id', 'in', older).execute();
  await db
    .deleteFrom('scoring_result_version')
    .where('year', '=', year)
    .where('id', '<>', version.id)
    .execute();
  const gone = subjects.filter((s) => !listed.has(s.org_unit_id)).map((s) => s.id);
  if (gone.length) await db.deleteFrom('scoring_subject').where('id', 'in', gone).execute();

  const next = await yearState(db, year + 1);
  let nextYearRefreshed = false;
  if (next?.current_version_id != null) {
    if (next.source === 'imported') await markKeyAdjustment(db, next.current_version_id, year + 1);
    else await recomputeScoring(db, year + 1, { userId: opts.userId });
    nextYearRefreshed = true;
  }
  return { ...plan, versionId: version.id, nextYearRefreshed };
}
