/**
 * Area work stations (红色片区工作站) and the red commercial street (红色商业街): what each
 * station reaches, the shops by trading area, station activities (plan → held with a short
 * report and photos, or cancelled) and members' sign-ins from the member app (once each).
 * Members count twice on purpose: where their relationship is (the enterprise's station) and
 * where they are active (the stations whose activities they signed in to).
 */
import { DomainError, nowIso, shanghaiDate } from '@zhanqian/core';
import type { RsActivityStatus } from '@zhanqian/db';
import { sql } from '@zhanqian/db';
import { type Area, type Db, isUniqueViolation, parseStrings, streetsIn } from './db.ts';
import { TRADING_AREAS } from './registry.ts';

const ACTIVITY_STATUS_ZH: Record<RsActivityStatus, string> = {
  planned: '计划中',
  held: '已举办',
  cancelled: '已取消',
};

/**
 * Whether a member may sign in to an activity on a day: not cancelled, and on the activity's
 * day (a sign-in records presence, not intent).
 *
 * @example signInVerdict({ status: 'planned', planned_on: '2026-06-01' }, '2026-06-01') // 'ok'
 */
export function signInVerdict(
  a: { status: RsActivityStatus; planned_on: string },
  day: string,
): 'ok' | 'cancelled' | 'notToday' {
  if (a.status === 'cancelled') return 'cancelled';
  if (a.planned_on !== day) return 'notToday';
  return 'ok';
}

/** Each station's reach: enterprises and shops, by organization status, and members where their relationship is. */
export async function stationReach(db: Db, area: Area) {
  const rows = await db
    .selectFrom('rs_station as s')
    .leftJoin('rs_enterprise as e', 'e.station_id', 's.id')
    .select([
      's.id',
      's.code',
      's.name',
      's.street_id',
      's.address',
      sql<number>`count(e.id)`.as('total'),
      sql<number>`sum(case when e.kind = 'shop' then 1 else 0 end)`.as('shops'),
      sql<number>`sum(case when e.party_status <> 'none' then 1 else 0 end)`.as('org_covered'),
      sql<number>`coalesce(sum(e.member_count), 0)`.as('members_related'),
    ])
    .where('s.street_id', 'in', streetsIn(db, area))
    .groupBy(['s.id', 's.code', 's.name', 's.street_id', 's.address'])
    .orderBy('s.code')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    streetId: r.street_id,
    address: r.address,
    total: Number(r.total),
    shops: Number(r.shops ?? 0),
    orgCovered: Number(r.org_covered ?? 0),
    membersRelated: Number(r.members_related),
  }));
}

/** The commercial street: shops per trading area, with how many a station reaches and how many have a branch. */
export async function tradingAreas(db: Db, area: Area) {
  const rows = await db
    .selectFrom('rs_enterprise')
    .select([
      'trading_area',
      sql<number>`count(*)`.as('shops'),
      sql<number>`sum(case when station_id is not null then 1 else 0 end)`.as('in_reach'),
      sql<number>`sum(case when party_status <> 'none' then 1 else 0 end)`.as('org_covered'),
    ])
    .where('kind', '=', 'shop')
    .where('trading_area', 'is not', null)
    .where('street_id', 'in', streetsIn(db, area))
    .groupBy('trading_area')
    .execute();
  const by = new Map(rows.map((r) => [r.trading_area, r]));
  return TRADING_AREAS.map((name) => {
    const r = by.get(name);
    return {
      name,
      shops: Number(r?.shops ?? 0),
      inReach: Number(r?.in_reach ?? 0),
      orgCovered: Number(r?.org_covered ?? 0),
    };
  });
}

// ---------------------------------------------------------------- activities

export async function getActivity(db: Db, id: number) {
  const a = await db
    .selectFrom('rs_activity as a')
    .innerJoin('rs_station as s', 's.id', 'a.station_id')
    .selectAll('a')
    .select(['s.name as station_name', 's.street_id'])
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!a) throw new DomainError('NOT_FOUND', 'redsail.activityNotFound', { id });
  return { ...a, photo_file_ids: parseStrings(a.photo_file_ids) };
}

export async function planActivity(
  db: Db,
  input: { stationId: number; title: string; plannedOn: string; place: string; plan: string },
) {
  const now = nowIso();
  const row = await db
    .insertInto('rs_activity')
    .values({
      station_id: input.stationId,
      title: input.title,
      planned_on: input.plannedOn,
      place: input.place,
      plan: input.plan,
      status: 'planned',
      report: null,
      photo_file_ids: '[]',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return getActivity(db, row.id);
}

/** The short report after an activity (with photos: evidence file ids); marks it held. */
export async function reportActivity(db: Db, id: number, input: { report: string; photoFileIds: string[] }) {
  const before = await getActivity(db, id);
  if (before.status === 'cancelled')
    throw new DomainError('CONFLICT', 'redsail.activityNotHeld', {
      status: before.status,
      statusZh: ACTIVITY_STATUS_ZH[before.status],
      action: 'reported',
      actionZh: '提交报告',
    });
  await db
    .updateTable('rs_activity')
    .set({
      status: 'held',
      report: input.report,
      photo_file_ids: JSON.stringify(input.photoFileIds),
      updated_at: nowIso(),
    })
    .where('id', '=', id)
    .execute();
  return { before, after: await getActivity(db, id) };
}

export async function cancelActivity(db: Db, id: number) {
  const before = await getActivity(db, id);
  if (before.status !== 'planned')
    throw new DomainError('CONFLICT', 'redsail.activityNotHeld', {
      status: before.status,
      statusZh: ACTIVITY_STATUS_ZH[before.status],
      action: 'cancelled',
      actionZh: '取消',
    });
  await db
    .updateTable('rs_activity')
    .set({ status: 'cancelled', updated_at: nowIso() })
    .where('id', '=', id)
    .execute();
  return { before, after: await getActivity(db, id) };
}

export async function listActivities(
  db: Db,
  area: Area,
  f: { stationId?: number; from?: string; to?: string },
) {
  let q = db
    .selectFrom('rs_activity as a')
    .innerJoin('rs_station as s', 's.id', 'a.station_id')
    .leftJoin('rs_activity_signin as si', 'si.activity_id', 'a.id')
    .select([
      'a.id',
      'a.station_id',
      's.name as station_name',
      'a.title',
      'a.planned_on',
      'a.place',
      'a.status',
      sql<number>`count(si.member_id)`.as('signins'),
    ])
    .where('s.street_id', 'in', streetsIn(db, area));
  if (f.stationId !== undefined) q = q.where('a.station_id', '=', f.stationId);
  if (f.from) q = q.where('a.planned_on', '>=', f.from);
  if (f.to) q = q.where('a.planned_on', '<=', f.to);
  const rows = await q
    .groupBy(['a.id', 'a.station_id', 's.name', 'a.title', 'a.planned_on', 'a.place', 'a.status'])
    .orderBy('a.planned_on', 'desc')
    .orderBy('a.id', 'desc')
    .limit(500)
    .execute();
  return rows.map((r) => ({ ...r, signins: Number(r.signins) }));
}

/** Activities a member sees in the member app: every station's, upcoming and recent, with whether they signed in. */
export async function activitiesForMember(db: Db, memberId: number, today = shanghaiDate()) {
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10);
  const rows = await db
    .selectFrom('rs_activity as a')
    .innerJoin('rs_station as s', 's.id', 'a.station_id')
    .leftJoin('rs_activity_signin as si', (j) =>
      j.onRef('si.activity_id', '=', 'a.id').on('si.member_id', '=', memberId),
    )
    .select([
      'a.id',
      'a.title',
      'a.planned_on',
      'a.place',
      'a.status',
      'a.station_id',
      's.name as station_name',
      'si.signed_at',
    ])
    .where('a.planned_on', '>=', from)
    .where('a.status', '<>', 'cancelled')
    .orderBy('a.planned_on')
    .orderBy('a.id')
    .limit(200)
    .execute();
  return rows.map((r) => ({
    ...r,
    signedIn: r.signed_at !== null,
    canSignIn: r.signed_at === null && r.planned_on === today,
  }));
}

/** A member signs in to an activity, once (a second attempt is refused, the first kept). */
export async function signIn(db: Db, activityId: number, memberId: number, day = shanghaiDate()) {
  const a = await getActivity(db, activityId);
  const v = signInVerdict(a, day);
  if (v === 'cancelled') throw new DomainError('CONFLICT', 'redsail.activityCancelled');
  if (v === 'notToday')
    throw new DomainError('PRECONDITION_FAILED', 'redsail.signInNotToday', { date: a.planned_on });
  try {
    await db
      .insertInto('rs_activity_signin')
      .values({ activity_id: activityId, member_id: memberId, signed_at: nowIso() })
      .execute();
  } catch (e) {
    if (isUniqueViolation(e)) throw new DomainError('CONFLICT', 'redsail.alreadySignedIn');
    throw e;
  }
  return { activityId, memberId };
}

export async function activitySignins(db: Db, activityId: number) {
  return db
    .selectFrom('rs_activity_signin as si')
    .innerJoin('member as m', 'm.id', 'si.member_id')
    .select(['si.member_id', 'm.name', 'si.signed_at'])
    .where('si.activity_id', '=', activityId)
    .orderBy('si.signed_at')
    .execute();
}

/**
 * Members per station in a year: where their relationship is (platform members linked to an
 * enterprise in the station's reach) and where they are active (distinct members signed in to
 * the station's activities that year). A member related in one station and active in another
 * counts in both, once each.
 */
export async function membersByStation(db: Db, area: Area, year: number) {
  const related = await db
    .selectFrom('rs_enterprise_member as em')
    .innerJoin('rs_enterprise as e', 'e.id', 'em.enterprise_id')
    .select(['e.station_id', sql<number>`count(*)`.as('n')])
    .where('e.station_id', 'is not', null)
    .groupBy('e.station_id')
    .execute();
  const active = await db
    .selectFrom('rs_activity_signin as si')
    .innerJoin('rs_activity as a', 'a.id', 'si.activity_id')
    .select(['a.station_id', sql<number>`count(distinct si.member_id)`.as('n')])
    .where('a.planned_on', '>=', `${year}-01-01`)
    .where('a.planned_on', '<=', `${year}-12-31`)
    .groupBy('a.station_id')
    .execute();
  const rel = new Map(related.map((r) => [r.station_id, Number(r.n)]));
  const act = new Map(active.map((r) => [r.station_id, Number(r.n)]));
  const stations = await db
    .selectFrom('rs_station')
    .select(['id', 'name'])
    .where('street_id', 'in', streetsIn(db, area))
    .orderBy('code')
    .execute();
  return stations.map((s) => ({
    id: s.id,
    name: s.name,
    related: rel.get(s.id) ?? 0,
    active: act.get(s.id) ?? 0,
  }));
}

/** Links a platform member to the enterprise where their Party relationship is. */
export async function linkMember(db: Db, memberId: number, enterpriseId: number) {
  await db
    .insertInto('rs_enterprise_member')
    .values({ member_id: memberId, enterprise_id: enterpriseId, created_at: nowIso() })
    .onConflict((oc) => oc.column('member_id').doUpdateSet({ enterprise_id: enterpriseId }))
    .execute();
}
