import { DomainError, nowIso } from '@zhanqian/core';
import { type Database, dialectOf, type Kysely, sql } from '@zhanqian/db';
import type { ExpressionBuilder, RawBuilder } from 'kysely';
import type { TieBreakKey } from './scheme.ts';

type Db = Kysely<Database>;

export interface RecomputeResult {
  year: number;
  versionId: number;
  subjects: number;
}

const int = (n: number) => {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not an integer: ${n}`);
  return sql.raw(String(n));
};

/**
 * Recomputes a year's results set-based in SQL (both dialects): per subject the base total,
 * the capped bonus, points lost to deductions, the veto flag and each aspect's score; ranks
 * per category (vetoed last, then total, then the scheme's tie-break; standard competition
 * ranking); the bottom two (ties at the boundary included); key adjustment (bottom two in
 * this year and the year before, same unit and category). Results are written under a new
 * version and the scheme switches to it in the same transaction: readers see either the old
 * snapshot or the new one, never a half-written one. The worker calls this.
 *
 * @example await recomputeScoring(db, 2026) // { year: 2026, versionId: 7, subjects: 62 }
 */
export async function recomputeScoring(
  db: Db,
  year: number,
  opts: { userId?: number | null } = {},
): Promise<RecomputeResult> {
  const run = async (trx: Db): Promise<RecomputeResult> => {
    // One read of the scheme and its aspect count; on PostgreSQL the row lock serializes
    // recomputations of the same year (the pointer switch and the clean-up never interleave).
    let q = trx
      .selectFrom('scoring_scheme as sc')
      .selectAll('sc')
      .select((eb) =>
        eb
          .selectFrom('scoring_node as n')
          .select(eb.fn.countAll<number>().as('c'))
          .whereRef('n.scheme_id', '=', 'sc.id')
          .where('n.level', '=', 'aspect')
          .as('aspect_count'),
      )
      .select((eb) =>
        eb
          .selectFrom('scoring_result_version as v')
          .select('v.source')
          .whereRef('v.id', '=', 'sc.current_version_id')
          .as('current_source'),
      )
      .where('sc.year', '=', year);
    if (dialectOf(trx) === 'postgres') q = q.forUpdate('sc');
    const scheme = await q.executeTakeFirst();
    if (!scheme) throw new DomainError('NOT_FOUND', 'scoring.schemeNotFound', { year });
    if (scheme.status === 'draft')
      throw new DomainError('PRECONDITION_FAILED', 'scoring.badStatus', { year, status: '草稿' });
    // An imported year has official results and no reports: recomputing would wipe them.
    if (scheme.current_source === 'imported')
      throw new DomainError('PRECONDITION_FAILED', 'scoring.history.importedYear', { year });
    const aspectCount = Number(scheme.aspect_count);
    const tieBreak = JSON.parse(scheme.tiebreak_json) as TieBreakKey[];
    const version = await trx
      .insertInto('scoring_result_version')
      .values({ year, created_at: nowIso(), created_by: opts.userId ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const v = version.id;

    // Level 1 scans the score rows once, grouped by subject and aspect (bonus and veto rows
    // carry aspect −1): the only pass over the big table, with one aggregate. Level 2 pivots
    // those few rows. Lost points and vetoes come only from deduction and veto reports
    // (rules.ts), read from their own small index (scoring_report_penalty).
    const perAspect = sql`select subject_id, aspect_index, cast(sum(score) as integer) as s
      from scoring_report
      where year = ${year} and status = 'approved'
      group by subject_id, aspect_index`;
    const penalties = sql`select subject_id, cast(sum(lost) as integer) as lost, max(veto) as vetoed
      from scoring_report
      where year = ${year} and status = 'approved' and kind in ('deduction', 'veto')
      group by subject_id`;
    const pivots = Array.from(
      { length: aspectCount },
      (_, i) => sql`sum(case when aspect_index = ${int(i)} then s else 0 end) as a${int(i)}`,
    );
    const aggregateOf = (perAspectRows: RawBuilder<unknown>) => sql`select subject_id,
        sum(case when aspect_index >= 0 then s else 0 end) as base,
        sum(case when aspect_index < 0 then s else 0 end) as bonus_raw
        ${aspectCount ? sql`, ${sql.join(pivots)}` : sql``}
      from ${perAspectRows} pa
      group by subject_id`;
    // PostgreSQL 15 runs no parallel workers inside INSERT … SELECT: on PostgreSQL the one scan
    // of the reports runs first as CREATE TEMP TABLE … AS, where the planner may use them (it
    // does on bigger years). Grouped by subject and aspect with three aggregates, it is cheaper
    // per row than pivoting the aspects in the scan; the pivot then reads ~7 rows per subject.
    let perAspectRows = sql`(${perAspect})`;
    if (dialectOf(trx) === 'postgres') {
      perAspectRows = sql.id(`zq_scoring_agg_${v}`);
      await sql`create temp table ${perAspectRows} on commit drop as ${perAspect}`.execute(trx);
    }
    const aggregateSource = sql`(${aggregateOf(perAspectRows)})`;
    const coalesced = Array.from(
      { length: aspectCount },
      (_, i) => sql`coalesce(g.a${int(i)}, 0) as a${int(i)}`,
    );
    const keys = (dir: 'asc' | 'desc') => {
      const flip = (d: 'asc' | 'desc') => sql.raw(dir === 'asc' ? d : d === 'asc' ? 'desc' : 'asc');
      const parts = [sql`x.vetoed ${flip('asc')}`, sql`x.total ${flip('desc')}`];
      for (const k of tieBreak) {
        if (k === 'deductionLost') parts.push(sql`x.lost ${flip('asc')}`);
        else if (k === 'bonus') parts.push(sql`x.bonus ${flip('desc')}`);
        else for (let i = 0; i < aspectCount; i++) parts.push(sql`x.a${int(i)} ${flip('desc')}`);
      }
      return sql.join(parts);
    };
    const cap = int(scheme.bonus_cap);
    const totals = sql`select s.id as subject_id, s.org_unit_id, s.category,
        coalesce(g.base, 0) as base,
        case when coalesce(g.bonus_raw, 0) > ${cap} then ${cap} else coalesce(g.bonus_raw, 0) end as bonus,
        coalesce(p.lost, 0) as lost,
        coalesce(p.vetoed, 0) as vetoed
        ${aspectCount ? sql`, ${sql.join(coalesced)}` : sql``}
      from scoring_subject s left join ${aggregateSource} g on g.subject_id = s.id
      left join (${penalties}) p on p.subject_id = s.id
      where s.year = ${year}`;
    const ranked = sql`select x.*,
        rank() over (partition by x.category order by ${keys('asc')}) as rnk,
        rank() over (partition by x.category order by ${keys('desc')}) as rev
      from (select t.*, t.base + t.bonus as total from (${totals}) t) x`;
    const aspectText = aspectCount
      ? sql.join(
          Array.from({ length: aspectCount }, (_, i) => sql`cast(y.a${int(i)} as text)`),
          sql` || ',' || `,
        )
      : sql`''`;
    const previousBottom = sql`select org_unit_id, category from scoring_result
      where bottom_two = 1 and version_id = (select current_version_id from scoring_scheme where year = ${year - 1})`;
    const inserted = await sql`insert into scoring_result
        (version_id, subject_id, org_unit_id, category, base_total, bonus, total, deduction_lost, vetoed, rank, bottom_two, key_adjustment, aspects)
      select ${int(v)}, y.subject_id, y.org_unit_id, y.category, y.base, y.bonus, y.total, y.lost, y.vetoed, y.rnk,
        case when y.rev <= 2 then 1 else 0 end,
        case when y.rev <= 2 and pb.org_unit_id is not null then 1 else 0 end,
        ${aspectText}
      from (${ranked}) y
      left join (${previousBottom}) pb on pb.org_unit_id = y.org_unit_id and pb.category = y.category`.execute(
      trx,
    );
    // Keep the snapshot being replaced (a reader may still hold it); drop older ones.
    const keep = scheme.current_version_id ?? v;
    const stale = (eb: ExpressionBuilder<Database, 'scoring_result_version'>) =>
      eb.and([eb('year', '=', year), eb('id', '<>', v), eb('id', '<>', keep)]);
    await trx
      .deleteFrom('scoring_result')
      .where('version_id', 'in', trx.selectFrom('scoring_result_version').select('id').where(stale))
      .execute();
    await trx.deleteFrom('scoring_result_version').where(stale).execute();
    await trx
      .updateTable('scoring_scheme')
      .set({ current_version_id: v })
      .where('id', '=', scheme.id)
      .execute();
    return { year, versionId: v, subjects: Number(inserted.numAffectedRows ?? 0) };
  };
  if (db.isTransaction) return run(db);
  return db.transaction().execute(async (trx) => {
    // In its own transaction (the worker's call) only derived data is written: if the server
    // crashes right after the commit, the worst case is the previous snapshot and another
    // recomputation, so the commit need not wait for the WAL flush. Inside a caller's
    // transaction (which may hold audit records) the caller's durability applies.
    if (dialectOf(trx) === 'postgres') await sql`set local synchronous_commit = off`.execute(trx);
    return run(trx);
  });
}
