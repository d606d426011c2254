import { shanghaiDate } from '@zhanqian/core';
import type { Database, Kysely } from '@zhanqian/db';
import { inPeriod, yearEnd } from './dates.ts';
import { lastBranchChange, type MemberFull } from './lifecycle.ts';
import { lastUnitChange } from './maintain.ts';
import { getMember } from './members.ts';
import { getUnit } from './tree.ts';

type Db = Kysely<Database>;

/** The day before a 'YYYY-MM-DD' date: the last day of a period that ends (exclusively) on it. */
export function dayBefore(date: string): string {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return new Date(t - 86_400_000).toISOString().slice(0, 10);
}

/**
 * The name and parent each unit had on `date`: the history period covering it, else the
 * current row (a date before any recorded change, or within the current period).
 */
export async function unitsAt(
  db: Db,
  ids: readonly number[],
  date: string,
): Promise<Map<number, { name: string; parentId: number | null }>> {
  const out = new Map<number, { name: string; parentId: number | null }>();
  if (ids.length === 0) return out;
  const unique = [...new Set(ids)];
  const current = await db
    .selectFrom('org_unit')
    .select(['id', 'name', 'parent_id'])
    .where('id', 'in', unique)
    .execute();
  for (const u of current) out.set(u.id, { name: u.name, parentId: u.parent_id });
  const past = await db
    .selectFrom('org_unit_history')
    .select(['unit_id', 'name', 'parent_id'])
    .where('unit_id', 'in', unique)
    .where('valid_to', '>', date)
    .where((eb) => eb.or([eb('valid_from', 'is', null), eb('valid_from', '<=', date)]))
    .execute();
  for (const h of past) out.set(h.unit_id, { name: h.name, parentId: h.parent_id });
  return out;
}

/** The name a unit had on `date`. @example await unitNameAt(db, 7, '2024-12-31') // '老街社区党委' */
export async function unitNameAt(db: Db, id: number, date: string): Promise<string> {
  const at = (await unitsAt(db, [id], date)).get(id);
  return at?.name ?? (await getUnit(db, id)).name;
}

/** The branch a member belonged to on `date` (their current one when no closed period covers it). */
export async function memberBranchAt(db: Db, memberId: number, date: string): Promise<number> {
  const past = await db
    .selectFrom('member_branch_history')
    .select('branch_id')
    .where('member_id', '=', memberId)
    .where('valid_to', '>', date)
    .where((eb) => eb.or([eb('valid_from', 'is', null), eb('valid_from', '<=', date)]))
    .executeTakeFirst();
  return past?.branch_id ?? (await getMember(db, memberId)).branch_id;
}

export interface UnitPeriod {
  name: string;
  parentId: number | null;
  parentName: string | null;
  from: string | null;
  /** Exclusive; null for the current period (or up to the dissolution for a dissolved unit). */
  to: string | null;
  change: 'rename' | 'move' | null;
}

/**
 * A unit's history: its periods (name and parent), its dissolution or merger, the members
 * who belonged to it, and its ratings, ten-star results and appraisal scores by year, each
 * under the name the unit had then.
 */
export async function unitHistory(db: Db, id: number, today: string = shanghaiDate()) {
  const unit = await getUnit(db, id);
  const rows = await db
    .selectFrom('org_unit_history')
    .selectAll()
    .where('unit_id', '=', id)
    .orderBy('valid_to')
    .execute();
  const periods: UnitPeriod[] = [];
  for (const r of rows) {
    const parentName = r.parent_id === null ? null : await unitNameAt(db, r.parent_id, dayBefore(r.valid_to));
    periods.push({
      name: r.name,
      parentId: r.parent_id,
      parentName,
      from: r.valid_from,
      to: r.valid_to,
      change: r.change,
    });
  }
  const end = unit.dissolved_on ? dayBefore(unit.dissolved_on) : today;
  periods.push({
    name: unit.name,
    parentId: unit.parent_id,
    parentName: unit.parent_id === null ? null : await unitNameAt(db, unit.parent_id, end),
    from: await lastUnitChange(db, id),
    to: unit.dissolved_on,
    change: null,
  });
  const mergedInto =
    unit.merged_into_id === null
      ? null
      : { id: unit.merged_into_id, name: (await getUnit(db, unit.merged_into_id)).name };

  // Members who belonged to it: its current roll (any status) and the closed periods.
  const current = await db
    .selectFrom('member')
    .select(['id', 'name', 'status', 'left_on'])
    .where('branch_id', '=', id)
    .orderBy('id')
    .execute();
  const members: {
    memberId: number;
    name: string;
    from: string | null;
    to: string | null;
    status: string;
  }[] = [];
  for (const m of current) {
    members.push({
      memberId: m.id,
      name: m.name,
      from: await lastBranchChange(db, m.id),
      to: m.left_on,
      status: m.status,
    });
  }
  const pastMembers = await db
    .selectFrom('member_branch_history as h')
    .innerJoin('member as m', 'm.id', 'h.member_id')
    .select(['m.id', 'm.name', 'h.valid_from', 'h.valid_to', 'h.reason'])
    .where('h.branch_id', '=', id)
    .orderBy('h.valid_to')
    .execute();
  for (const m of pastMembers)
    members.push({ memberId: m.id, name: m.name, from: m.valid_from, to: m.valid_to, status: m.reason });

  const nameInYear = async (year: number) => unitNameAt(db, id, yearEnd(year, today));
  const ratings = await db
    .selectFrom('star_rating')
    .select(['year', 'level', 'stars'])
    .where('entity_id', '=', id)
    .where('level', 'in', ['branch', 'committee'])
    .orderBy('year')
    .execute();
  const tenStar = await db
    .selectFrom('star_current as c')
    .innerJoin('star_result as r', 'r.snapshot_id', 'c.snapshot_id')
    .select(['c.year', 'r.ten_star', 'r.children_total', 'r.children_ten'])
    .where('r.entity_id', '=', id)
    .where('r.level', 'in', ['branch', 'committee'])
    .orderBy('c.year')
    .execute();
  const scores = await db
    .selectFrom('scoring_subject as s')
    .innerJoin('scoring_scheme as sc', 'sc.year', 's.year')
    .innerJoin('scoring_result as r', (j) =>
      j.onRef('r.version_id', '=', 'sc.current_version_id').onRef('r.subject_id', '=', 's.id'),
    )
    .select(['s.year', 's.category', 'sc.status', 'r.total', 'r.rank', 'r.bottom_two', 'r.key_adjustment'])
    .where('s.org_unit_id', '=', id)
    .orderBy('s.year')
    .execute();

  return {
    unit,
    mergedInto,
    periods,
    members,
    ratings: await Promise.all(ratings.map(async (r) => ({ ...r, nameThen: await nameInYear(r.year) }))),
    tenStar: await Promise.all(
      tenStar.map(async (r) => ({ ...r, ten_star: Number(r.ten_star), nameThen: await nameInYear(r.year) })),
    ),
    scores: await Promise.all(scores.map(async (r) => ({ ...r, nameThen: await nameInYear(r.year) }))),
  };
}

/**
 * A member's history: branch periods (under the branch names of then), lifecycle events,
 * and star ratings by year with the branch of that year. Personal identifiers are not part of it.
 */
export async function memberHistory(db: Db, id: number, today: string = shanghaiDate()) {
  const m = (await getMember(db, id)) as MemberFull;
  const member = {
    id: m.id,
    name: m.name,
    gender: m.gender,
    branchId: m.branch_id,
    joinedAt: m.joined_at,
    status: m.status,
    leftOn: m.left_on,
    leftTo: m.left_to,
    category: m.category,
    confirmedAt: m.confirmed_at,
  };
  const rows = await db
    .selectFrom('member_branch_history')
    .selectAll()
    .where('member_id', '=', id)
    .orderBy('valid_to')
    .execute();
  const closed = rows.map((r) => ({
    branchId: r.branch_id,
    from: r.valid_from,
    to: r.valid_to as string | null,
  }));
  const periods = [...closed, { branchId: m.branch_id, from: await lastBranchChange(db, id), to: m.left_on }];
  const named = await Promise.all(
    periods.map(async (p) => ({
      ...p,
      branchName: await unitNameAt(db, p.branchId, p.to ? dayBefore(p.to) : today),
    })),
  );
  const events = await db
    .selectFrom('member_event as e')
    .leftJoin('app_user as a', 'a.id', 'e.actor_id')
    .select([
      'e.id',
      'e.kind',
      'e.on_date',
      'e.from_branch_id',
      'e.to_branch_id',
      'e.detail',
      'a.display_name as actor',
    ])
    .where('e.member_id', '=', id)
    .orderBy('e.on_date')
    .orderBy('e.id')
    .execute();
  const namedEvents = await Promise.all(
    events.map(async (e) => ({
      ...e,
      fromName:
        e.from_branch_id === null ? null : await unitNameAt(db, e.from_branch_id, dayBefore(e.on_date)),
      toName: e.to_branch_id === null ? null : await unitNameAt(db, e.to_branch_id, e.on_date),
    })),
  );
  const ratingRows = await db
    .selectFrom('star_rating')
    .select(['year', 'stars', 'met_mask'])
    .where('level', '=', 'member')
    .where('entity_id', '=', id)
    .orderBy('year')
    .execute();
  const ratings = await Promise.all(
    ratingRows.map(async (r) => {
      const at = yearEnd(r.year, today);
      const branchId = branchOn(named, at);
      return { ...r, branchId, branchName: await unitNameAt(db, branchId, at) };
    }),
  );
  return { member, periods: named, events: namedEvents, ratings };
}

function branchOn(
  periods: { branchId: number; from: string | null; to: string | null }[],
  date: string,
): number {
  // The last period stays open past a departure date: a member's final year stays with their last branch.
  const hit = periods.find((p, i) => inPeriod(date, p.from, i === periods.length - 1 ? null : p.to));
  return (hit ?? periods[periods.length - 1]!).branchId;
}
