import { DomainError } from '@zhanqian/core';
import type { Database, Kysely, StarLevel } from '@zhanqian/db';
import { sql } from '@zhanqian/db';
import { unitDisplayNames } from '@zhanqian/org';
import { type CertifyReason, CHILD_LEVEL, certify, MAX_STARS, maskToPositions } from './certify.ts';
import { listCriteria } from './criteria.ts';
import { type LocatedEntity, locateEntity } from './ratings.ts';
import { currentSnapshot } from './recompute.ts';

type Db = Kysely<Database>;

export interface EntityRow {
  id: number;
  /** Org code for branches and committees; the id as text otherwise. */
  code: string;
  name: string;
  stars: number;
  met: number[];
  rated: boolean;
  /** Certification from the current snapshot (households: 10 stars); null before any recomputation. */
  tenStar: boolean | null;
  reason: 'own' | 'empty' | 'share' | null;
  childrenTotal: number | null;
  childrenTen: number | null;
}

/**
 * The entities of a level under a unit (or in one member's zone), with their stars and
 * certification: the list a secretary works down. Paged, with the total.
 */
export async function listEntities(
  db: Db,
  input: {
    year: number;
    level: StarLevel;
    unitId: number;
    memberId?: number;
    page: number;
    pageSize: number;
  },
): Promise<{ rows: EntityRow[]; total: number }> {
  const cur = await currentSnapshot(db, input.year);
  const snap = cur?.snapshotId ?? -1;
  const rating = sql`left join star_rating r on r.year = ${input.year} and r.level = ${input.level} and r.entity_id`;
  const result = sql`left join star_result s on s.snapshot_id = ${snap} and s.level = ${input.level} and s.entity_id`;
  type Raw = {
    id: number;
    code: string;
    name: string;
    mask: number | null;
    ten: number | null;
    reason: any;
    n: number | null;
    t: number | null;
  };
  let q: ReturnType<typeof sql<Raw>>;
  if (input.level === 'household') {
    const zone = input.memberId !== undefined ? sql`and m.id = ${input.memberId}` : sql``;
    q = sql<Raw>`select h.id, cast(h.id as text) as code, h.head_name as name, r.met_mask as mask,
        null as ten, null as reason, null as n, null as t
      from org_closure oc join member m on m.branch_id = oc.descendant_id ${zone}
      join zone z on z.member_id = m.id join household h on h.zone_id = z.id ${rating} = h.id
      where oc.ancestor_id = ${input.unitId}`;
  } else if (input.level === 'member') {
    q = sql<Raw>`select m.id, cast(m.id as text) as code, m.name, r.met_mask as mask,
        s.ten_star as ten, s.reason, s.children_total as n, s.children_ten as t
      from org_closure oc join member m on m.branch_id = oc.descendant_id ${rating} = m.id ${result} = m.id
      where oc.ancestor_id = ${input.unitId}`;
  } else {
    q = sql<Raw>`select u.id, u.code, u.name, r.met_mask as mask,
        s.ten_star as ten, s.reason, s.children_total as n, s.children_ten as t
      from org_closure oc join org_unit u on u.id = oc.descendant_id and u.kind = ${input.level}
      ${rating} = u.id ${result} = u.id
      where oc.ancestor_id = ${input.unitId}`;
  }
  const total = await sql<{ n: number }>`select count(*) as n from (${q}) x`.execute(db);
  const page = await sql<Raw>`select * from (${q}) x order by x.id limit ${input.pageSize} offset ${
    (input.page - 1) * input.pageSize
  }`.execute(db);
  // Committees and branches of several streets may share a name: shown with their street.
  const shown =
    input.level === 'branch' || input.level === 'committee'
      ? await unitDisplayNames(
          db,
          page.rows.map((r) => Number(r.id)),
          input.unitId,
        )
      : new Map<number, string>();
  return {
    total: Number(total.rows[0]?.n ?? 0),
    rows: page.rows.map((r) => {
      const met = maskToPositions(r.mask ?? 0);
      const household = input.level === 'household';
      return {
        id: Number(r.id),
        code: r.code,
        name: shown.get(Number(r.id)) ?? r.name,
        stars: met.length,
        met,
        rated: r.mask !== null,
        tenStar: household ? met.length === MAX_STARS : r.ten === null ? null : Number(r.ten) === 1,
        reason: household ? (met.length === MAX_STARS ? null : 'own') : (r.reason ?? null),
        childrenTotal: r.n === null ? null : Number(r.n),
        childrenTen: r.t === null ? null : Number(r.t),
      };
    }),
  };
}

export interface Explanation {
  entity: LocatedEntity;
  year: number;
  stars: number;
  criteria: { position: number; name: string; met: boolean }[];
  /** Null before the year's first recomputation (households need none). */
  tenStar: boolean | null;
  reason: CertifyReason | null;
  childrenTotal: number;
  childrenTen: number;
  policy: { num: number; den: number; emptyPasses: boolean } | null;
  snapshot: { snapshotId: number; revision: number; computedAt: string } | null;
}

/**
 * Why an entity is (not) ten-star: its criteria met and missed by name, and the share of
 * ten-star children against the threshold the snapshot applied.
 */
export async function explainEntity(
  db: Db,
  year: number,
  level: StarLevel,
  id: number,
): Promise<Explanation> {
  const entity = await locateEntity(db, level, id);
  const criteria = await listCriteria(db, year, level);
  const rating = await db
    .selectFrom('star_rating')
    .select('met_mask')
    .where('year', '=', year)
    .where('level', '=', level)
    .where('entity_id', '=', id)
    .executeTakeFirst();
  const mask = rating?.met_mask ?? 0;
  const met = new Set(maskToPositions(mask));
  const named = Array.from({ length: MAX_STARS }, (_, i) => ({
    position: i + 1,
    name: criteria[i]?.name ?? '',
    met: met.has(i + 1),
  }));
  const snapshot = await currentSnapshot(db, year);
  const base = { entity, year, stars: met.size, criteria: named, snapshot };
  if (CHILD_LEVEL[level] === null) {
    const c = certify(level, mask, { total: 0, ten: 0 });
    return { ...base, tenStar: c.tenStar, reason: c.reason, childrenTotal: 0, childrenTen: 0, policy: null };
  }
  if (!snapshot)
    return { ...base, tenStar: null, reason: null, childrenTotal: 0, childrenTen: 0, policy: null };
  const snap = await db
    .selectFrom('star_snapshot')
    .selectAll()
    .where('id', '=', snapshot.snapshotId)
    .executeTakeFirstOrThrow();
  const policy = { num: snap.threshold_num, den: snap.threshold_den, emptyPasses: snap.empty_passes === 1 };
  const row = await db
    .selectFrom('star_result')
    .selectAll()
    .where('snapshot_id', '=', snapshot.snapshotId)
    .where('level', '=', level as Exclude<StarLevel, 'household'>)
    .where('entity_id', '=', id)
    .executeTakeFirst();
  if (!row) return { ...base, tenStar: null, reason: null, childrenTotal: 0, childrenTen: 0, policy };
  // The stored row and the pure rule agree (property-tested); the pure rule gives the detail.
  const c = certify(
    level,
    row.own_mask,
    { total: Number(row.children_total), ten: Number(row.children_ten) },
    policy,
  );
  return {
    ...base,
    tenStar: row.ten_star === 1,
    reason: c.reason,
    childrenTotal: c.childrenTotal,
    childrenTen: c.childrenTen,
    policy,
  };
}

/** A member's own stars, zone and households (the member app's page). */
export async function memberOverview(db: Db, year: number, memberId: number) {
  const member = await db
    .selectFrom('member as m')
    .innerJoin('org_unit as b', 'b.id', 'm.branch_id')
    .select(['m.id', 'm.name', 'b.id as branchId', 'b.name as branchName'])
    .where('m.id', '=', memberId)
    .executeTakeFirst();
  if (!member) throw new DomainError('NOT_FOUND', 'stars.entityNotFound', { level: 'member', id: memberId });
  const zone = await db
    .selectFrom('zone')
    .select(['id', 'name'])
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  const explanation = await explainEntity(db, year, 'member', memberId);
  const households = await listEntities(db, {
    year,
    level: 'household',
    unitId: member.branchId,
    memberId,
    page: 1,
    pageSize: 1000,
  });
  return {
    member,
    zone: zone ?? null,
    explanation,
    households: households.rows,
    householdTotal: households.total,
  };
}
