import { DomainError, nowIso } from '@zhanqian/core';
import type { Database, Kysely } from '@zhanqian/db';
import { sql } from '@zhanqian/db';
import { subtreeIds, withUnitDisplayNames } from '@zhanqian/org';
import { changePost } from './files.ts';
import { addDays } from './holidays.ts';
import { DEFAULT_ROTATION_POLICY, type RotationPolicy, rotationDue } from './rules.ts';

type Db = Kysely<Database>;

export interface RotationInput {
  cadreId: number;
  kind: 'rotation' | 'exchange';
  onDate: string;
  toUnitId: number;
  toTitle: string;
  toIsKey: boolean;
  note: string;
  createdBy: number | null;
}

/**
 * Records one person-time of rotation (轮岗, within the unit) or exchange (交流, to another
 * unit) and moves the cadre's post in the history (same rank).
 */
export async function recordRotation(db: Db, input: RotationInput) {
  const c = await db.selectFrom('cadre').selectAll().where('id', '=', input.cadreId).executeTakeFirst();
  if (!c) throw new DomainError('NOT_FOUND', 'cadres.cadreNotFound', { id: input.cadreId });
  if (c.org_unit_id === input.toUnitId && c.post_title === input.toTitle.trim())
    throw new DomainError('BAD_INPUT', 'cadres.samePost');
  const row = await db
    .insertInto('cadre_rotation')
    .values({
      cadre_id: c.id,
      year: Number(input.onDate.slice(0, 4)),
      on_date: input.onDate,
      kind: input.kind,
      from_unit_id: c.org_unit_id,
      from_title: c.post_title,
      to_unit_id: input.toUnitId,
      to_title: input.toTitle.trim(),
      to_is_key: input.toIsKey ? 1 : 0,
      note: input.note,
      created_by: input.createdBy,
      created_at: nowIso(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await changePost(
    db,
    c.id,
    { orgUnitId: input.toUnitId, title: input.toTitle.trim(), rank: c.rank, isKey: input.toIsKey },
    input.onDate,
    input.kind,
    row.id,
  );
  return row;
}

/**
 * The rotation due list: active cadres in scope whose years in the same post reach the
 * policy's limit (stricter for key posts) by `asOf` + `horizonDays`, most overdue first.
 */
export async function rotationDueList(
  db: Db,
  opts: { scopeRootId: number; asOf: string; policy?: RotationPolicy; horizonDays?: number },
) {
  const policy = opts.policy ?? DEFAULT_ROTATION_POLICY;
  const until = addDays(opts.asOf, opts.horizonDays ?? 0);
  const rows = await db
    .selectFrom('cadre as c')
    .innerJoin('org_unit as u', 'u.id', 'c.org_unit_id')
    .select([
      'c.id',
      'c.name',
      'c.org_unit_id',
      'u.name as unit_name',
      'c.post_title',
      'c.post_is_key',
      'c.post_since',
      'c.rank',
    ])
    .where('c.status', '=', 'active')
    .where('c.org_unit_id', 'in', subtreeIds(db, opts.scopeRootId))
    .execute()
    .then((r) => withUnitDisplayNames(db, r, 'org_unit_id', 'unit_name', opts.scopeRootId));
  const due = rows
    .map((r) => {
      const d = rotationDue(r.post_since, r.post_is_key === 1, until, policy);
      return {
        cadreId: r.id,
        name: r.name,
        orgUnitId: r.org_unit_id,
        unitName: r.unit_name,
        postTitle: r.post_title,
        postIsKey: r.post_is_key === 1,
        postSince: r.post_since,
        rank: r.rank,
        yearsInPost: rotationDue(r.post_since, r.post_is_key === 1, opts.asOf, policy).yearsInPost,
        limitYears: d.limitYears,
        dueDate: d.dueDate,
        overdue: d.dueDate <= opts.asOf,
        due: d.due,
      };
    })
    .filter((r) => r.due)
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.cadreId - b.cadreId);
  return { asOf: opts.asOf, policy, total: due.length, rows: due };
}

export interface PersonTimes {
  year: number;
  rotation: number;
  exchange: number;
  total: number;
}

/**
 * Person-times (人次) of rotation and exchange per year, for rotations out of units in scope:
 * one set-based GROUP BY (checked against {@link personTimesOf} by a property test).
 */
export async function rotationPersonTimes(db: Db, scopeRootId: number): Promise<PersonTimes[]> {
  const rows = await db
    .selectFrom('cadre_rotation as r')
    .select([
      'r.year',
      sql<number>`sum(case when r.kind = 'rotation' then 1 else 0 end)`.as('rotation'),
      sql<number>`sum(case when r.kind = 'exchange' then 1 else 0 end)`.as('exchange'),
      sql<number>`count(*)`.as('total'),
    ])
    .where('r.from_unit_id', 'in', subtreeIds(db, scopeRootId))
    .groupBy('r.year')
    .orderBy('r.year')
    .execute();
  return rows.map((r) => ({
    year: Number(r.year),
    rotation: Number(r.rotation),
    exchange: Number(r.exchange),
    total: Number(r.total),
  }));
}

/** The pure reference of {@link rotationPersonTimes}. @example personTimesOf([{ year: 2026, kind: 'exchange' }]) // [{ year: 2026, rotation: 0, exchange: 1, total: 1 }] */
export function personTimesOf(rows: { year: number; kind: 'rotation' | 'exchange' }[]): PersonTimes[] {
  const by = new Map<number, PersonTimes>();
  for (const r of rows) {
    const p = by.get(r.year) ?? { year: r.year, rotation: 0, exchange: 0, total: 0 };
    p[r.kind]++;
    p.total++;
    by.set(r.year, p);
  }
  return [...by.values()].sort((a, b) => a.year - b.year);
}

/** Rotation records in scope, newest first (optionally one year). */
export async function listRotations(db: Db, opts: { scopeRootId: number; year?: number }) {
  let q = db
    .selectFrom('cadre_rotation as r')
    .innerJoin('cadre as c', 'c.id', 'r.cadre_id')
    .innerJoin('org_unit as fu', 'fu.id', 'r.from_unit_id')
    .innerJoin('org_unit as tu', 'tu.id', 'r.to_unit_id')
    .select([
      'r.id',
      'r.cadre_id',
      'c.name',
      'r.year',
      'r.on_date',
      'r.kind',
      'r.from_unit_id',
      'fu.name as from_unit_name',
      'r.from_title',
      'r.to_unit_id',
      'tu.name as to_unit_name',
      'r.to_title',
      'r.note',
    ])
    .where('r.from_unit_id', 'in', subtreeIds(db, opts.scopeRootId));
  if (opts.year !== undefined) q = q.where('r.year', '=', opts.year);
  const rows = await q
    .orderBy('r.on_date', 'desc')
    .orderBy('r.id', 'desc')
    .execute()
    .then((r) => withUnitDisplayNames(db, r, 'from_unit_id', 'from_unit_name', opts.scopeRootId))
    .then((r) => withUnitDisplayNames(db, r, 'to_unit_id', 'to_unit_name', opts.scopeRootId));
  return { total: rows.length, rows };
}
