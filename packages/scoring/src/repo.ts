import { DomainError, nowIso, shanghaiDate } from '@zhanqian/core';
import type {
  Database,
  Kysely,
  ReportStatus,
  SchemeStatus,
  ScoringNode,
  ScoringReport,
  ScoringScheme,
  ScoringSubject,
} from '@zhanqian/db';
import { withUnitDisplayNames } from '@zhanqian/org';
import { notifyObjectionAnswered, notifyReviewed } from './notices.ts';
import { objectionDeadlineProblem } from './publication.ts';
import { type Rule, reportAspectIndex, scoreIndicator } from './rules.ts';
import {
  type AspectDef,
  type AwardTable,
  assertValidScheme,
  copyScheme,
  type IndicatorDef,
  type SchemeDef,
  type TieBreakKey,
} from './scheme.ts';

type Db = Kysely<Database>;

/** Status names as users read them. */
export const STATUS_LABELS: Record<SchemeStatus, string> = {
  draft: '草稿',
  open: '上报中',
  closed: '已关闭',
  published: '已公布',
};

/** The scheme row of a year, or NOT_FOUND. */
export async function getScheme(db: Db, year: number): Promise<ScoringScheme> {
  const row = await db.selectFrom('scoring_scheme').selectAll().where('year', '=', year).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', 'scoring.schemeNotFound', { year });
  return row;
}

/** Throws PRECONDITION_FAILED unless the year's scheme is in one of `allowed`. */
export function assertStatus(scheme: ScoringScheme, allowed: SchemeStatus[]): void {
  if (!allowed.includes(scheme.status))
    throw new DomainError('PRECONDITION_FAILED', 'scoring.badStatus', {
      year: scheme.year,
      status: STATUS_LABELS[scheme.status],
    });
}

/** Codes of every org unit → id (assessing departments are named by code in schemes). */
async function unitCodes(db: Db): Promise<Map<string, number>> {
  const rows = await db.selectFrom('org_unit').select(['id', 'code']).execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}

/**
 * Stores a validated scheme for its year: a new draft, or a replacement of the year's draft.
 * Refuses (with the offending node and sums) a scheme that does not add up.
 *
 * @example await saveScheme(trx, sampleScheme(2026)) // → the scheme row, status 'draft'
 */
export async function saveScheme(db: Db, def: SchemeDef): Promise<ScoringScheme> {
  const codes = await unitCodes(db);
  assertValidScheme(def, new Set(codes.keys()));
  const now = nowIso();
  const existing = await db
    .selectFrom('scoring_scheme')
    .selectAll()
    .where('year', '=', def.year)
    .executeTakeFirst();
  let schemeId: number;
  if (existing) {
    if (existing.status !== 'draft') assertStatus(existing, ['draft']);
    await db
      .deleteFrom('scoring_node')
      .where('scheme_id', '=', existing.id)
      .where('level', '=', 'indicator')
      .execute();
    await db
      .deleteFrom('scoring_node')
      .where('scheme_id', '=', existing.id)
      .where('level', '=', 'item')
      .execute();
    await db.deleteFrom('scoring_node').where('scheme_id', '=', existing.id).execute();
    await db
      .updateTable('scoring_scheme')
      .set({
        name: def.name,
        bonus_cap: def.bonusCap,
        tiebreak_json: JSON.stringify(def.tieBreak),
        awards_json: JSON.stringify(def.awards),
        priority_top_n: def.priorityTopN,
        updated_at: now,
      })
      .where('id', '=', existing.id)
      .execute();
    schemeId = existing.id;
  } else {
    const row = await db
      .insertInto('scoring_scheme')
      .values({
        year: def.year,
        name: def.name,
        status: 'draft',
        bonus_cap: def.bonusCap,
        tiebreak_json: JSON.stringify(def.tieBreak),
        awards_json: JSON.stringify(def.awards),
        priority_top_n: def.priorityTopN,
        objection_until: null,
        current_version_id: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    schemeId = row.id;
  }
  const base = {
    scheme_id: schemeId,
    kind: null,
    rule_json: null,
    assessing_unit_id: null,
    responsible_json: null,
    value_unit: null,
    aspect_index: null,
  };
  await db
    .insertInto('scoring_node')
    .values(
      def.aspects.map((a, i) => ({
        ...base,
        parent_id: null,
        level: 'aspect' as const,
        code: a.code,
        name: a.name,
        sort_order: i,
        points: a.points,
        aspect_index: i,
      })),
    )
    .execute();
  const ids = async () =>
    new Map(
      (
        await db.selectFrom('scoring_node').select(['id', 'code']).where('scheme_id', '=', schemeId).execute()
      ).map((r) => [r.code, r.id]),
    );
  let byCode = await ids();
  const items = def.aspects.flatMap((a) =>
    a.items.map((item, i) => ({
      ...base,
      parent_id: byCode.get(a.code)!,
      level: 'item' as const,
      code: item.code,
      name: item.name,
      sort_order: i,
      points: item.points,
    })),
  );
  if (items.length) await db.insertInto('scoring_node').values(items).execute();
  byCode = await ids();
  const indicators = def.aspects.flatMap((a, aspectIndex) =>
    a.items.flatMap((item) =>
      item.indicators.map((ind, i) => ({
        scheme_id: schemeId,
        parent_id: byCode.get(item.code)!,
        level: 'indicator' as const,
        code: ind.code,
        name: ind.name,
        sort_order: i,
        points: ind.points,
        kind: ind.rule.kind,
        rule_json: JSON.stringify(ind.rule),
        assessing_unit_id: codes.get(ind.assessingUnit)!,
        responsible_json: JSON.stringify(ind.responsible),
        value_unit: ind.unit ?? null,
        aspect_index: aspectIndex,
      })),
    ),
  );
  for (let i = 0; i < indicators.length; i += 200)
    await db
      .insertInto('scoring_node')
      .values(indicators.slice(i, i + 200))
      .execute();
  return getScheme(db, def.year);
}

export interface IndicatorRow {
  id: number;
  code: string;
  name: string;
  points: number;
  rule: Rule;
  assessingUnitId: number;
  responsible: string[];
  aspectIndex: number;
  itemId: number;
  unit: string | null;
}

export const indicatorOf = (n: ScoringNode): IndicatorRow => ({
  id: n.id,
  code: n.code,
  name: n.name,
  points: n.points,
  rule: JSON.parse(n.rule_json!) as Rule,
  assessingUnitId: n.assessing_unit_id!,
  responsible: JSON.parse(n.responsible_json ?? '[]') as string[],
  aspectIndex: n.aspect_index!,
  itemId: n.parent_id!,
  unit: n.value_unit,
});

/** One indicator by id (with its scheme's year), or NOT_FOUND. */
export async function getIndicator(db: Db, id: number): Promise<IndicatorRow & { year: number }> {
  const row = await db
    .selectFrom('scoring_node as n')
    .innerJoin('scoring_scheme as s', 's.id', 'n.scheme_id')
    .selectAll('n')
    .select('s.year')
    .where('n.id', '=', id)
    .where('n.level', '=', 'indicator')
    .executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', 'scoring.indicatorNotFound', { id });
  return { ...indicatorOf(row), year: row.year };
}

export interface SchemeTree {
  scheme: ScoringScheme;
  def: SchemeDef;
  /** Node ids by code, for screens that act on nodes. */
  ids: Record<string, number>;
}

/**
 * The year's scheme as a tree (the same shape import/export and copy use).
 *
 * @example (await loadScheme(db, 2026)).def.aspects.length // 5
 */
export async function loadScheme(db: Db, year: number): Promise<SchemeTree> {
  const scheme = await getScheme(db, year);
  const nodes = await db
    .selectFrom('scoring_node')
    .selectAll()
    .where('scheme_id', '=', scheme.id)
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
  const units = new Map(
    (await db.selectFrom('org_unit').select(['id', 'code']).execute()).map((u) => [u.id, u.code]),
  );
  const children = new Map<number | null, ScoringNode[]>();
  for (const n of nodes) {
    const list = children.get(n.parent_id) ?? [];
    list.push(n);
    children.set(n.parent_id, list);
  }
  const aspects: AspectDef[] = (children.get(null) ?? []).map((a) => ({
    code: a.code,
    name: a.name,
    points: a.points,
    items: (children.get(a.id) ?? []).map((item) => ({
      code: item.code,
      name: item.name,
      points: item.points,
      indicators: (children.get(item.id) ?? []).map((n): IndicatorDef => {
        const ind = indicatorOf(n);
        const out: IndicatorDef = {
          code: ind.code,
          name: ind.name,
          points: ind.points,
          rule: ind.rule,
          assessingUnit: units.get(ind.assessingUnitId) ?? '',
          responsible: ind.responsible,
        };
        if (ind.unit !== null) out.unit = ind.unit;
        return out;
      }),
    })),
  }));
  return {
    scheme,
    def: {
      year: scheme.year,
      name: scheme.name,
      bonusCap: scheme.bonus_cap,
      tieBreak: JSON.parse(scheme.tiebreak_json) as TieBreakKey[],
      awards: JSON.parse(scheme.awards_json) as AwardTable,
      priorityTopN: scheme.priority_top_n,
      aspects,
    },
    ids: Object.fromEntries(nodes.map((n) => [n.code, n.id])),
  };
}

/** Copies a year's scheme (any status) to a new draft for another year. */
export async function copySchemeToYear(db: Db, fromYear: number, toYear: number): Promise<ScoringScheme> {
  const exists = await db
    .selectFrom('scoring_scheme')
    .select('id')
    .where('year', '=', toYear)
    .executeTakeFirst();
  if (exists) throw new DomainError('CONFLICT', 'scoring.schemeExists', { year: toYear });
  const { def } = await loadScheme(db, fromYear);
  return saveScheme(db, copyScheme(def, toYear));
}

/**
 * Moves the year's scheme along draft → open → closed → published. Publishing opens the
 * objection window until `objectionUntil` (a 'YYYY-MM-DD' date, inclusive), which must come
 * after today in Shanghai.
 */
export async function setSchemeStatus(
  db: Db,
  year: number,
  to: Exclude<SchemeStatus, 'draft'>,
  objectionUntil?: string,
): Promise<{ before: ScoringScheme; after: ScoringScheme }> {
  const before = await getScheme(db, year);
  const from: Record<Exclude<SchemeStatus, 'draft'>, SchemeStatus> = {
    open: 'draft',
    closed: 'open',
    published: 'closed',
  };
  assertStatus(before, [from[to]]);
  if (to === 'published') {
    const today = shanghaiDate();
    const problem = objectionDeadlineProblem(objectionUntil, today);
    if (problem) throw new DomainError('BAD_INPUT', problem, { date: objectionUntil ?? '', today });
  }
  if (to === 'open') {
    const { def } = await loadScheme(db, year);
    assertValidScheme(def);
  }
  await db
    .updateTable('scoring_scheme')
    .set({
      status: to,
      updated_at: nowIso(),
      ...(to === 'published' ? { objection_until: objectionUntil ?? null } : {}),
    })
    .where('id', '=', before.id)
    .execute();
  return { before, after: await getScheme(db, year) };
}

/** Adds appraised subjects (leadership teams of org units) to a year, in categories. */
export async function addSubjects(
  db: Db,
  year: number,
  subjects: { orgUnitId: number; category: string }[],
): Promise<ScoringSubject[]> {
  if (subjects.length === 0) return [];
  const taken = await db
    .selectFrom('scoring_subject')
    .select('org_unit_id')
    .where('year', '=', year)
    .where(
      'org_unit_id',
      'in',
      subjects.map((s) => s.orgUnitId),
    )
    .executeTakeFirst();
  if (taken) throw new DomainError('CONFLICT', 'scoring.subjectExists', { year });
  const out: ScoringSubject[] = [];
  for (let i = 0; i < subjects.length; i += 500)
    out.push(
      ...(await db
        .insertInto('scoring_subject')
        .values(
          subjects.slice(i, i + 500).map((s) => ({ year, org_unit_id: s.orgUnitId, category: s.category })),
        )
        .returningAll()
        .execute()),
    );
  return out;
}

export async function getSubject(db: Db, id: number): Promise<ScoringSubject> {
  const row = await db.selectFrom('scoring_subject').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', 'scoring.subjectNotFound', { id });
  return row;
}

export async function getReport(db: Db, id: number): Promise<ScoringReport> {
  const row = await db.selectFrom('scoring_report').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', 'scoring.reportNotFound', { id });
  return row;
}

export interface ReportInput {
  subjectId: number;
  indicatorId: number;
  value: number;
  evidenceId?: string | null;
  note?: string | null;
  userId: number;
}

/**
 * A subject reports (or re-reports after a return) one indicator's value. Only while the
 * year is open; an approved report no longer changes. The value is checked against the
 * indicator's rule now, so a reviewer never meets an unscorable value.
 */
export async function submitReport(
  db: Db,
  input: ReportInput,
): Promise<{ before: ScoringReport | null; after: ScoringReport }> {
  const subject = await getSubject(db, input.subjectId);
  const ind = await getIndicator(db, input.indicatorId);
  if (ind.year !== subject.year)
    throw new DomainError('NOT_FOUND', 'scoring.indicatorNotFound', { id: ind.id });
  assertStatus(await getScheme(db, subject.year), ['open']);
  scoreIndicator(ind.points, ind.rule, input.value);
  if (input.evidenceId) {
    const f = await db
      .selectFrom('evidence_file')
      .select(['id', 'org_unit_id'])
      .where('id', '=', input.evidenceId)
      .executeTakeFirst();
    if (!f || f.org_unit_id !== subject.org_unit_id)
      throw new DomainError('NOT_FOUND', 'scoring.evidenceNotFound', { id: input.evidenceId });
  }
  const before =
    (await db
      .selectFrom('scoring_report')
      .selectAll()
      .where('subject_id', '=', subject.id)
      .where('indicator_id', '=', ind.id)
      .executeTakeFirst()) ?? null;
  if (before?.status === 'approved') throw new DomainError('CONFLICT', 'scoring.alreadyApproved');
  const values = {
    value: input.value,
    evidence_id: input.evidenceId ?? null,
    note: input.note ?? null,
    status: 'reported' as const,
    return_reason: null,
    score: 0,
    lost: 0,
    veto: 0,
    reported_by: input.userId,
    reported_at: nowIso(),
    reviewed_by: null,
    reviewed_at: null,
  };
  if (before) {
    await db.updateTable('scoring_report').set(values).where('id', '=', before.id).execute();
    return { before, after: await getReport(db, before.id) };
  }
  const row = await db
    .insertInto('scoring_report')
    .values({
      ...values,
      year: subject.year,
      subject_id: subject.id,
      indicator_id: ind.id,
      kind: ind.rule.kind,
      aspect_index: reportAspectIndex(ind.rule.kind, ind.aspectIndex),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { before: null, after: row };
}

/**
 * The assessing department approves a report (its score is computed and stored, rounded
 * half up) or returns it with a reason. Only reports awaiting review, only while open.
 */
export async function reviewReport(
  db: Db,
  input: { reportId: number; approve: boolean; reason?: string; userId: number },
): Promise<{ before: ScoringReport; after: ScoringReport }> {
  const before = await getReport(db, input.reportId);
  assertStatus(await getScheme(db, before.year), ['open']);
  if (before.status !== 'reported') throw new DomainError('CONFLICT', 'scoring.notPending');
  const reviewed = { reviewed_by: input.userId, reviewed_at: nowIso() };
  if (input.approve) {
    const ind = await getIndicator(db, before.indicator_id);
    const r = scoreIndicator(ind.points, ind.rule, before.value);
    await db
      .updateTable('scoring_report')
      .set({
        ...reviewed,
        status: 'approved',
        score: r.score,
        lost: r.lost,
        veto: r.veto,
        return_reason: null,
      })
      .where('id', '=', before.id)
      .execute();
  } else {
    if (!input.reason?.trim()) throw new DomainError('BAD_INPUT', 'scoring.reasonRequired');
    await db
      .updateTable('scoring_report')
      .set({ ...reviewed, status: 'returned', return_reason: input.reason.trim() })
      .where('id', '=', before.id)
      .execute();
  }
  const after = await getReport(db, before.id);
  await notifyReviewed(db, [after]);
  return { before, after };
}

export interface ReportListRow extends ScoringReport {
  indicator_code: string;
  indicator_name: string;
  points: number;
  assessing_unit_id: number;
  org_unit_id: number;
  unit_name: string;
  category: string;
}

/**
 * Reports of a year, filtered: by status, by assessing department (a review queue), by
 * subject, and always within the org subtree `scopeRootId` (the subject's unit must lie in it,
 * or — for `assessingUnitId` — the indicator must be assessed by that department).
 */
export async function listReports(
  db: Db,
  q: {
    year: number;
    status?: ReportStatus;
    assessingUnitId?: number;
    subjectId?: number;
    scopeRootId?: number;
    limit?: number;
    offset?: number;
  },
): Promise<{ total: number; rows: ReportListRow[] }> {
  let base = db
    .selectFrom('scoring_report as r')
    .innerJoin('scoring_node as n', 'n.id', 'r.indicator_id')
    .innerJoin('scoring_subject as s', 's.id', 'r.subject_id')
    .innerJoin('org_unit as u', 'u.id', 's.org_unit_id')
    .where('r.year', '=', q.year);
  if (q.status) base = base.where('r.status', '=', q.status);
  if (q.assessingUnitId !== undefined) base = base.where('n.assessing_unit_id', '=', q.assessingUnitId);
  if (q.subjectId !== undefined) base = base.where('r.subject_id', '=', q.subjectId);
  if (q.scopeRootId !== undefined)
    base = base.where('s.org_unit_id', 'in', (eb) =>
      eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', q.scopeRootId!),
    );
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .selectAll('r')
    .select([
      'n.code as indicator_code',
      'n.name as indicator_name',
      'n.points',
      'n.assessing_unit_id',
      's.org_unit_id',
      'u.name as unit_name',
      's.category',
    ])
    .orderBy('r.id')
    .limit(q.limit ?? 200)
    .offset(q.offset ?? 0)
    .execute();
  // A review queue spans streets: communities are named with their street (#21 item 11).
  const shown = await withUnitDisplayNames(db, rows, 'org_unit_id', 'unit_name', q.scopeRootId);
  return { total: Number(count.n), rows: shown as ReportListRow[] };
}

/** Today in Shanghai is within the published year's objection window. */
export function objectionWindowOpen(scheme: ScoringScheme, today = shanghaiDate()): boolean {
  return scheme.status === 'published' && scheme.objection_until !== null && today <= scheme.objection_until;
}

/** A subject's objection to its published result, only inside the window. */
export async function raiseObjection(db: Db, input: { subjectId: number; reason: string; userId: number }) {
  const subject = await getSubject(db, input.subjectId);
  const scheme = await getScheme(db, subject.year);
  if (!objectionWindowOpen(scheme)) throw new DomainError('PRECONDITION_FAILED', 'scoring.objectionClosed');
  return db
    .insertInto('scoring_objection')
    .values({
      year: subject.year,
      subject_id: subject.id,
      raised_by: input.userId,
      reason: input.reason,
      status: 'open',
      response: null,
      resolved_by: null,
      created_at: nowIso(),
      resolved_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The assessment office answers an objection: upheld or rejected, with a response. */
export async function resolveObjection(
  db: Db,
  input: { id: number; upheld: boolean; response: string; userId: number },
) {
  const before = await db
    .selectFrom('scoring_objection')
    .selectAll()
    .where('id', '=', input.id)
    .executeTakeFirst();
  if (!before) throw new DomainError('NOT_FOUND', 'scoring.objectionNotFound', { id: input.id });
  if (before.status !== 'open') throw new DomainError('CONFLICT', 'scoring.notPending');
  await db
    .updateTable('scoring_objection')
    .set({
      status: input.upheld ? 'upheld' : 'rejected',
      response: input.response,
      resolved_by: input.userId,
      resolved_at: nowIso(),
    })
    .where('id', '=', input.id)
    .execute();
  const after = await db
    .selectFrom('scoring_objection')
    .selectAll()
    .where('id', '=', input.id)
    .executeTakeFirstOrThrow();
  await notifyObjectionAnswered(db, after);
  return { before, after };
}
