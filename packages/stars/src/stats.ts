import type { Database, Kysely, StarLevel } from '@zhanqian/db';
import { sql } from '@zhanqian/db';
import { unitDisplayNames } from '@zhanqian/org';
import { currentSnapshot } from './recompute.ts';

type Db = Kysely<Database>;

/** Counts of one level: entities, ten-star (certified) ones, the rate and the star distribution. */
export interface LevelStats {
  level: StarLevel;
  total: number;
  ten: number;
  /** ten / total in basis points (1/10,000), rounded down; 0 when total is 0. */
  rateBp: number;
  /** Index k = number of entities with k own stars (0–10). */
  distribution: number[];
}

export interface CommunityStats {
  committeeId: number;
  name: string;
  levels: LevelStats[];
}

export interface StarStats {
  year: number;
  rootId: number;
  /** False before the year's first recomputation: certified counts are then all 0. */
  computed: boolean;
  district: LevelStats[];
  communities: CommunityStats[];
}

const LEVELS: StarLevel[] = ['household', 'member', 'branch', 'committee'];

/** @example rateBp(4, 5) // 8000 */
export const rateBp = (ten: number, total: number): number =>
  total === 0 ? 0 : Math.floor((ten * 10_000) / total);

const emptyLevel = (level: StarLevel): LevelStats => ({
  level,
  total: 0,
  ten: 0,
  rateBp: 0,
  distribution: Array(11).fill(0),
});

/**
 * Counts and rates per level and star count for every community under `rootId` and in total
 * (households from their ratings; members, branches and committees from the current snapshot).
 *
 * @example (await starStats(db, 2026, districtId)).district[0] // { level: 'household', total: 120000, ten: 98000, rateBp: 8166, distribution: [...] }
 */
export async function starStats(db: Db, year: number, rootId: number): Promise<StarStats> {
  const cur = await currentSnapshot(db, year);
  const snap = cur?.snapshotId ?? -1;
  type Row = { committee_id: number; level: StarLevel; stars: number; n: number; ten: number };
  const households = await sql<Row>`
    select b.parent_id as committee_id, 'household' as level, coalesce(r.stars, 0) as stars, count(*) as n,
           sum(case when r.stars = 10 then 1 else 0 end) as ten
    from org_closure oc
    join org_unit b on b.id = oc.descendant_id and b.kind = 'branch'
    join member m on m.branch_id = b.id
    join zone z on z.member_id = m.id
    join household h on h.zone_id = z.id
    left join star_rating r on r.year = ${year} and r.level = 'household' and r.entity_id = h.id
    where oc.ancestor_id = ${rootId}
    group by b.parent_id, coalesce(r.stars, 0)`.execute(db);
  const results = await sql<Row>`
    select case when s.level = 'member' then b.parent_id when s.level = 'branch' then s.parent_id else s.entity_id end
             as committee_id,
           s.level, s.own_stars as stars, count(*) as n, sum(s.ten_star) as ten
    from star_result s
    left join org_unit b on s.level = 'member' and b.id = s.parent_id
    join org_closure oc on oc.ancestor_id = ${rootId}
      and oc.descendant_id = case when s.level = 'member' then s.parent_id else s.entity_id end
    where s.snapshot_id = ${snap}
    group by case when s.level = 'member' then b.parent_id when s.level = 'branch' then s.parent_id else s.entity_id end,
             s.level, s.own_stars`.execute(db);
  const byCommittee = new Map<number, Map<StarLevel, LevelStats>>();
  const district = new Map(LEVELS.map((l) => [l, emptyLevel(l)]));
  for (const r of [...households.rows, ...results.rows]) {
    const cid = Number(r.committee_id);
    let levels = byCommittee.get(cid);
    if (!levels) {
      levels = new Map(LEVELS.map((l) => [l, emptyLevel(l)]));
      byCommittee.set(cid, levels);
    }
    for (const s of [levels.get(r.level)!, district.get(r.level)!]) {
      s.total += Number(r.n);
      s.ten += Number(r.ten);
      s.distribution[Number(r.stars)]! += Number(r.n);
    }
  }
  const finish = (m: Map<StarLevel, LevelStats>) =>
    LEVELS.map((l) => {
      const s = m.get(l)!;
      return { ...s, rateBp: rateBp(s.ten, s.total) };
    });
  const ids = [...byCommittee.keys()];
  const names = ids.length
    ? await db.selectFrom('org_unit').select(['id', 'name', 'sort_order']).where('id', 'in', ids).execute()
    : [];
  names.sort((a, b) => a.id - b.id);
  // Communities of several streets may share a name: shown with their street.
  const shown = await unitDisplayNames(
    db,
    names.map((n) => n.id),
    rootId,
  );
  return {
    year,
    rootId,
    computed: cur !== null,
    district: finish(district),
    communities: names.map((n) => ({
      committeeId: n.id,
      name: shown.get(n.id) ?? n.name,
      levels: finish(byCommittee.get(n.id)!),
    })),
  };
}

/** A chart-ready series: one value per year per level. */
export interface StarTrend {
  years: number[];
  series: { level: StarLevel; total: number[]; ten: number[]; rateBp: number[] }[];
}

/**
 * Year over year under a root: ten-star counts and rates per level, aligned on `years`.
 *
 * @example await starTrend(db, districtId, [2025, 2026]) // { years: [2025, 2026], series: [{ level: 'household', rateBp: [7900, 8166], … }, …] }
 */
export async function starTrend(db: Db, rootId: number, years: readonly number[]): Promise<StarTrend> {
  const sorted = [...new Set(years)].sort((a, b) => a - b);
  const per: LevelStats[][] = [];
  for (const y of sorted) per.push((await starStats(db, y, rootId)).district);
  return {
    years: sorted,
    series: LEVELS.map((level, i) => ({
      level,
      total: per.map((p) => p[i]!.total),
      ten: per.map((p) => p[i]!.ten),
      rateBp: per.map((p) => p[i]!.rateBp),
    })),
  };
}
