/**
 * Demonstration points (红色示范点): an enterprise's branch applies → the 非公党工委 evaluates
 * against the configurable criteria → a passed one is recognized at a level (district,
 * municipal, provincial) with its date, and may later be raised to a higher level → an annual
 * review keeps it or revokes it → revoked. Anything else is refused with a clear message.
 */
import { DomainError, nowIso } from '@zhanqian/core';
import type { RsDemoLevel, RsDemoStatus } from '@zhanqian/db';
import { type Area, type Db, isUniqueViolation, parseStrings, streetsIn } from './db.ts';

export const DEMO_LEVELS: readonly RsDemoLevel[] = ['district', 'municipal', 'provincial'];
const LEVEL_RANK: Record<RsDemoLevel, number> = { district: 1, municipal: 2, provincial: 3 };
export const LEVEL_ZH: Record<RsDemoLevel, string> = {
  district: '区级',
  municipal: '市级',
  provincial: '省级',
};
export const STATUS_ZH: Record<RsDemoStatus, string> = {
  applied: '已申报',
  evaluated: '评估通过',
  rejected: '评估未通过',
  recognized: '已认定',
  revoked: '已撤销',
};

export type DemoAction = 'evaluate' | 'recognize' | 'review' | 'revoke';
const ACTION_ZH: Record<DemoAction, string> = {
  evaluate: '评估',
  recognize: '认定',
  review: '年度复核',
  revoke: '撤销',
};

export type DemoEvent =
  | { type: 'evaluate'; passed: boolean }
  | { type: 'recognize'; level: RsDemoLevel; on: string }
  | { type: 'review'; passed: boolean }
  | { type: 'revoke' };

export interface DemoState {
  status: RsDemoStatus;
  level: RsDemoLevel | null;
}

function illegal(from: RsDemoStatus, action: DemoAction): never {
  throw new DomainError('CONFLICT', 'redsail.illegalTransition', {
    from,
    fromZh: STATUS_ZH[from],
    action,
    actionZh: ACTION_ZH[action],
  });
}

/**
 * The next state of a demonstration point, or a CONFLICT naming the status and the action.
 *
 * @example nextDemoState({ status: 'applied', level: null }, { type: 'evaluate', passed: true }) // { status: 'evaluated', level: null }
 * @example nextDemoState({ status: 'applied', level: null }, { type: 'revoke' }) // throws redsail.illegalTransition
 */
export function nextDemoState(s: DemoState, e: DemoEvent): DemoState {
  switch (e.type) {
    case 'evaluate':
      if (s.status !== 'applied') illegal(s.status, 'evaluate');
      return { status: e.passed ? 'evaluated' : 'rejected', level: null };
    case 'recognize':
      if (s.status === 'evaluated') return { status: 'recognized', level: e.level };
      if (s.status === 'recognized') {
        if (LEVEL_RANK[e.level] <= LEVEL_RANK[s.level!])
          throw new DomainError('CONFLICT', 'redsail.levelNotHigher', {
            current: s.level!,
            currentZh: LEVEL_ZH[s.level!],
          });
        return { status: 'recognized', level: e.level };
      }
      return illegal(s.status, 'recognize');
    case 'review':
      if (s.status !== 'recognized') illegal(s.status, 'review');
      return e.passed ? s : { status: 'revoked', level: s.level };
    case 'revoke':
      if (s.status !== 'recognized') illegal(s.status, 'revoke');
      return { status: 'revoked', level: s.level };
  }
}

export interface Criterion {
  code: string;
  name: string;
  required: boolean;
}

export interface Evaluation {
  passed: boolean;
  met: number;
  total: number;
  missingRequired: string[];
}

/**
 * An evaluation against the active criteria: every required criterion met and at least 80%
 * of all of them (以上 includes 80%: 5·met ≥ 4·total, in integers). An empty set fails.
 *
 * @example evaluateCriteria([{ code: 'a', name: '', required: true }], ['a']) // { passed: true, met: 1, total: 1, missingRequired: [] }
 */
export function evaluateCriteria(criteria: readonly Criterion[], met: readonly string[]): Evaluation {
  const metSet = new Set(met);
  const unknown = met.find((c) => !criteria.some((k) => k.code === c));
  if (unknown !== undefined)
    throw new DomainError('BAD_INPUT', 'redsail.unknownCriterion', { code: unknown });
  const metCount = criteria.filter((c) => metSet.has(c.code)).length;
  const missingRequired = criteria.filter((c) => c.required && !metSet.has(c.code)).map((c) => c.code);
  const passed = criteria.length > 0 && missingRequired.length === 0 && 5 * metCount >= 4 * criteria.length;
  return { passed, met: metCount, total: criteria.length, missingRequired };
}

// ---------------------------------------------------------------- repository

export async function listCriteria(db: Db, includeInactive = false) {
  let q = db.selectFrom('rs_demo_criterion').selectAll().orderBy('id');
  if (!includeInactive) q = q.where('active', '=', 1);
  return q.execute();
}

export async function saveCriterion(db: Db, input: Criterion & { active: boolean }) {
  const now = nowIso();
  try {
    return await db
      .insertInto('rs_demo_criterion')
      .values({
        code: input.code,
        name: input.name,
        required: input.required ? 1 : 0,
        active: input.active ? 1 : 0,
        created_at: now,
      })
      .onConflict((oc) =>
        oc
          .column('code')
          .doUpdateSet({ name: input.name, required: input.required ? 1 : 0, active: input.active ? 1 : 0 }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (e) {
    if (isUniqueViolation(e))
      throw new DomainError('CONFLICT', 'redsail.criterionTaken', { code: input.code });
    throw e;
  }
}

export async function getDemoPoint(db: Db, id: number) {
  const p = await db
    .selectFrom('rs_demo_point as p')
    .innerJoin('rs_enterprise as e', 'e.id', 'p.enterprise_id')
    .selectAll('p')
    .select(['e.name as enterprise_name', 'e.street_id'])
    .where('p.id', '=', id)
    .executeTakeFirst();
  if (!p) throw new DomainError('NOT_FOUND', 'redsail.demoPointNotFound', { id });
  return { ...p, met_criteria: parseStrings(p.met_criteria) };
}
export type DemoPoint = Awaited<ReturnType<typeof getDemoPoint>>;

/** An enterprise's branch applies; one application or recognition in force at a time. */
export async function applyDemoPoint(
  db: Db,
  input: { enterpriseId: number; appliedOn: string; application: string },
) {
  const e = await db
    .selectFrom('rs_enterprise')
    .selectAll()
    .where('id', '=', input.enterpriseId)
    .executeTakeFirst();
  if (!e) throw new DomainError('NOT_FOUND', 'redsail.enterpriseNotFound', { id: input.enterpriseId });
  if (e.party_status === 'none')
    throw new DomainError('PRECONDITION_FAILED', 'redsail.noBranch', { name: e.name });
  const open = await db
    .selectFrom('rs_demo_point')
    .select('id')
    .where('enterprise_id', '=', input.enterpriseId)
    .where('status', 'in', ['applied', 'evaluated', 'recognized'])
    .executeTakeFirst();
  if (open) throw new DomainError('CONFLICT', 'redsail.demoPointOpen');
  const now = nowIso();
  const row = await db
    .insertInto('rs_demo_point')
    .values({
      enterprise_id: input.enterpriseId,
      status: 'applied',
      applied_on: input.appliedOn,
      application: input.application,
      met_criteria: null,
      passed: null,
      evaluated_on: null,
      level: null,
      recognized_on: null,
      revoked_on: null,
      revoke_reason: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return getDemoPoint(db, row.id);
}

async function advance(db: Db, id: number, event: DemoEvent, set: Record<string, unknown>) {
  const before = await getDemoPoint(db, id);
  const next = nextDemoState({ status: before.status, level: before.level }, event);
  await db
    .updateTable('rs_demo_point')
    .set({ ...set, status: next.status, level: next.level, updated_at: nowIso() })
    .where('id', '=', id)
    // the status read above still holds: a concurrent transition cannot be lost
    .where('status', '=', before.status)
    .execute();
  return { before, after: await getDemoPoint(db, id) };
}

/** Evaluates an application against the active criteria (met: the codes judged met). */
export async function evaluateDemoPoint(db: Db, id: number, input: { met: string[]; on: string }) {
  const criteria = (await listCriteria(db)).map((c) => ({
    code: c.code,
    name: c.name,
    required: c.required === 1,
  }));
  const ev = evaluateCriteria(criteria, input.met);
  const r = await advance(
    db,
    id,
    { type: 'evaluate', passed: ev.passed },
    {
      met_criteria: JSON.stringify([...new Set(input.met)].sort()),
      passed: ev.passed ? 1 : 0,
      evaluated_on: input.on,
    },
  );
  return { ...r, evaluation: ev };
}

export async function recognizeDemoPoint(db: Db, id: number, input: { level: RsDemoLevel; on: string }) {
  return advance(
    db,
    id,
    { type: 'recognize', level: input.level, on: input.on },
    { recognized_on: input.on },
  );
}

/** The annual review: once per year; a failed one revokes the recognition. */
export async function reviewDemoPoint(
  db: Db,
  id: number,
  input: { year: number; passed: boolean; note: string; on: string },
) {
  const r = await advance(
    db,
    id,
    { type: 'review', passed: input.passed },
    input.passed ? {} : { revoked_on: input.on, revoke_reason: input.note || '年度复核未通过' },
  );
  try {
    await db
      .insertInto('rs_demo_review')
      .values({
        point_id: id,
        year: input.year,
        passed: input.passed ? 1 : 0,
        note: input.note,
        reviewed_on: input.on,
      })
      .execute();
  } catch (e) {
    if (isUniqueViolation(e))
      throw new DomainError('CONFLICT', 'redsail.reviewedAlready', { year: input.year });
    throw e;
  }
  return r;
}

export async function revokeDemoPoint(db: Db, id: number, input: { reason: string; on: string }) {
  return advance(db, id, { type: 'revoke' }, { revoked_on: input.on, revoke_reason: input.reason });
}

export async function listDemoPoints(db: Db, area: Area, f: { status?: RsDemoStatus; level?: RsDemoLevel }) {
  let q = db
    .selectFrom('rs_demo_point as p')
    .innerJoin('rs_enterprise as e', 'e.id', 'p.enterprise_id')
    .innerJoin('org_unit as u', 'u.id', 'e.street_id')
    .selectAll('p')
    .select(['e.name as enterprise_name', 'e.street_id', 'u.name as street_name'])
    .where('e.street_id', 'in', streetsIn(db, area));
  if (f.status) q = q.where('p.status', '=', f.status);
  if (f.level) q = q.where('p.level', '=', f.level);
  const rows = await q.orderBy('p.id').execute();
  return rows.map((r) => ({ ...r, met_criteria: parseStrings(r.met_criteria) }));
}

export async function demoReviews(db: Db, pointId: number) {
  return db
    .selectFrom('rs_demo_review')
    .selectAll()
    .where('point_id', '=', pointId)
    .orderBy('year')
    .execute();
}

/** Recognized points by level (the home's figures: 2 provincial, 10 municipal in the seed). */
export async function demoCountsByLevel(db: Db, area: Area) {
  const rows = await db
    .selectFrom('rs_demo_point as p')
    .innerJoin('rs_enterprise as e', 'e.id', 'p.enterprise_id')
    .select(['p.level', (eb) => eb.fn.countAll<number>().as('n')])
    .where('p.status', '=', 'recognized')
    .where('e.street_id', 'in', streetsIn(db, area))
    .groupBy('p.level')
    .execute();
  const out: Record<RsDemoLevel, number> = { district: 0, municipal: 0, provincial: 0 };
  for (const r of rows) if (r.level) out[r.level] = Number(r.n);
  return out;
}
