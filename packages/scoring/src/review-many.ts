import { DomainError, type DomainErrorKind, type Locale, nowIso, t } from '@zhanqian/core';
import { type Database, dialectOf, type Kysely, type ScoringReport, sql } from '@zhanqian/db';
import './messages.ts';
import { notifyReviewed } from './notices.ts';
import { STATUS_LABELS } from './repo.ts';
import { type Rule, scoreIndicator } from './rules.ts';

type Db = Kysely<Database>;

/** Why one report of a batch cannot be reviewed. */
export interface ReviewRefusal {
  reportId: number;
  kind: DomainErrorKind;
  message: string;
}

export interface ReviewedReport {
  before: ScoringReport;
  after: ScoringReport;
  orgUnitId: number;
}

export type ReviewManyResult =
  | { ok: true; reviewed: ReviewedReport[]; years: number[] }
  | { ok: false; errors: ReviewRefusal[] };

export interface ReviewManyInput {
  reportIds: number[];
  approve: boolean;
  /** Required to return reports. */
  reason?: string;
  userId: number;
  /** The caller's department: only indicators it assesses; null = every indicator (the assessment office). */
  assessingUnitId: number | null;
  /** Only reports of subjects in this subtree. */
  scopeRootId: number;
  locale?: Locale;
}

const CHUNK = 1000;

/**
 * Approves (scores computed and stored, rounded half up) or returns many reports at once, all
 * or nothing: when any report cannot be reviewed — unknown, outside the caller's area, an
 * indicator of another department, a year not open, not awaiting review, listed twice —
 * nothing changes and every such report comes back with its reason. Reads the reports in one
 * pass, writes them in one statement per 1,000; run it in the caller's transaction.
 *
 * @example await reviewReports(trx, { reportIds: [1, 2], approve: true, userId: 3, assessingUnitId: null, scopeRootId: 1 })
 */
export async function reviewReports(db: Db, input: ReviewManyInput): Promise<ReviewManyResult> {
  const locale = input.locale ?? 'zh-CN';
  const errors: ReviewRefusal[] = [];
  const refuse = (
    reportId: number,
    kind: DomainErrorKind,
    key: string,
    params: Record<string, string | number> = {},
  ) => errors.push({ reportId, kind, message: t(key, locale, params) });
  const ids: number[] = [];
  const listed = new Set<number>();
  for (const id of input.reportIds) {
    if (listed.has(id)) refuse(id, 'BAD_INPUT', 'scoring.reviewMany.duplicate');
    else ids.push(id);
    listed.add(id);
  }
  if (!input.approve && !input.reason?.trim())
    return {
      ok: false,
      errors: [{ reportId: 0, kind: 'BAD_INPUT', message: t('scoring.reasonRequired', locale) }],
    };

  type Row = ScoringReport & {
    points: number;
    rule_json: string | null;
    assessing_unit_id: number | null;
    org_unit_id: number;
    year_status: keyof typeof STATUS_LABELS;
    in_scope: number | null;
  };
  const rows = new Map<number, Row>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    let q = db
      .selectFrom('scoring_report as r')
      .innerJoin('scoring_node as n', 'n.id', 'r.indicator_id')
      .innerJoin('scoring_subject as s', 's.id', 'r.subject_id')
      .innerJoin('scoring_scheme as sc', 'sc.year', 'r.year')
      .leftJoin('org_closure as c', (j) =>
        j.onRef('c.descendant_id', '=', 's.org_unit_id').on('c.ancestor_id', '=', input.scopeRootId),
      )
      .selectAll('r')
      .select([
        'n.points',
        'n.rule_json',
        'n.assessing_unit_id',
        's.org_unit_id',
        'sc.status as year_status',
        'c.descendant_id as in_scope',
      ])
      .where('r.id', 'in', ids.slice(i, i + CHUNK));
    // Concurrent reviews of the same reports queue here instead of failing the count check below.
    if (dialectOf(db) === 'postgres') q = q.forUpdate('r');
    for (const r of (await q.execute()) as Row[]) rows.set(r.id, r);
  }
  for (const id of ids) {
    const r = rows.get(id);
    if (!r) refuse(id, 'NOT_FOUND', 'scoring.reportNotFound', { id });
    else if (r.in_scope === null) refuse(id, 'FORBIDDEN', 'scoring.reviewMany.outOfScope');
    else if (input.assessingUnitId !== null && r.assessing_unit_id !== input.assessingUnitId)
      refuse(id, 'FORBIDDEN', 'scoring.notAssessor');
    else if (r.year_status !== 'open')
      refuse(id, 'PRECONDITION_FAILED', 'scoring.badStatus', {
        year: r.year,
        status: STATUS_LABELS[r.year_status],
      });
    else if (r.status !== 'reported') refuse(id, 'CONFLICT', 'scoring.notPending');
  }
  if (errors.length) return { ok: false, errors };

  const reviewed = { reviewed_by: input.userId, reviewed_at: nowIso() };
  const out: ReviewedReport[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK).map((id) => rows.get(id)!);
    let changed: bigint | undefined;
    if (input.approve) {
      const scored = chunk.map((r) => ({
        r,
        s: scoreIndicator(r.points, JSON.parse(r.rule_json!) as Rule, r.value),
      }));
      // One statement for the chunk: each row's own score joined in from a VALUES list.
      const values = sql.join(
        scored.map(
          ({ r, s }) =>
            sql`(cast(${r.id} as integer), cast(${s.score} as integer), cast(${s.lost} as integer), cast(${s.veto} as integer))`,
        ),
      );
      const res =
        await sql`update scoring_report set status = 'approved', score = v.column2, lost = v.column3,
          veto = v.column4, return_reason = null, reviewed_by = ${reviewed.reviewed_by}, reviewed_at = ${reviewed.reviewed_at}
        from (values ${values}) as v
        where scoring_report.id = v.column1 and scoring_report.status = 'reported'`.execute(db);
      changed = res.numAffectedRows;
      for (const { r, s } of scored)
        out.push({
          before: strip(r),
          after: {
            ...strip(r),
            ...reviewed,
            status: 'approved',
            score: s.score,
            lost: s.lost,
            veto: s.veto,
            return_reason: null,
          },
          orgUnitId: r.org_unit_id,
        });
    } else {
      const reason = input.reason!.trim();
      const res = await db
        .updateTable('scoring_report')
        .set({ ...reviewed, status: 'returned', return_reason: reason })
        .where(
          'id',
          'in',
          chunk.map((r) => r.id),
        )
        .where('status', '=', 'reported')
        .executeTakeFirst();
      changed = res.numUpdatedRows;
      for (const r of chunk)
        out.push({
          before: strip(r),
          after: { ...strip(r), ...reviewed, status: 'returned', return_reason: reason },
          orgUnitId: r.org_unit_id,
        });
    }
    // Another review got there first (SQLite has one writer, so only PostgreSQL can race past the read).
    if (Number(changed ?? 0) !== chunk.length) throw new DomainError('CONFLICT', 'scoring.notPending');
  }
  await notifyReviewed(
    db,
    out.map((o) => o.after),
  );
  return { ok: true, reviewed: out, years: [...new Set(out.map((o) => o.after.year))] };
}

/** The report row alone, without the joined columns. */
function strip(r: ScoringReport & Record<string, unknown>): ScoringReport {
  const {
    points: _p,
    rule_json: _r,
    assessing_unit_id: _a,
    org_unit_id: _o,
    year_status: _y,
    in_scope: _i,
    ...rest
  } = r;
  return rest as ScoringReport;
}
