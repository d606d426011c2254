/**
 * Coverage set-based: one grouped scan of the registry (or of its status history as of a
 * date) per street × station, folded into street, station and district rows. The pure
 * reference in coverage.ts is the oracle it is tested against.
 */
import { sql } from '@zhanqian/db';
import type { CoverageCounts, CoverageReport, CoverageRow } from './coverage.ts';
import { type Area, type Db, streetsIn } from './db.ts';

interface Group {
  street_id: number;
  station_id: number | null;
  total: number | string;
  org: number | string | null;
  work: number | string | null;
}

/**
 * Current coverage: enterprises counted by street, station and their generated `cover`
 * (2 organization, 1 work only, 0 neither) — an index-only count, as cheap as the bare one —
 * then turned into groups of (total, org, work).
 */
async function currentGroups(db: Db, area: Area): Promise<Group[]> {
  const counted = await db
    .selectFrom('rs_enterprise')
    .select(['street_id', 'station_id', 'cover'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('street_id', 'in', streetsIn(db, area))
    .groupBy(['street_id', 'station_id', 'cover'])
    .execute();
  return counted.map((c) => {
    const n = Number(c.n);
    const cover = Number(c.cover);
    return {
      street_id: c.street_id,
      station_id: c.station_id,
      total: n,
      org: cover === 2 ? n : 0,
      work: cover >= 1 ? n : 0,
    };
  });
}

/** Coverage as of a date: each enterprise's newest status row on or before it. */
function groupsAsOf(db: Db, area: Area, date: string) {
  return db
    .selectFrom('rs_enterprise_status as s')
    .innerJoin('rs_enterprise as e', 'e.id', 's.enterprise_id')
    .select(['e.street_id', 's.station_id'])
    .select((eb) => [
      eb.fn.countAll<number>().as('total'),
      sql<number>`sum(case when s.party_status <> 'none' then 1 else 0 end)`.as('org'),
      sql<number>`sum(case when s.party_status <> 'none' or s.instructor_name is not null or s.station_id is not null then 1 else 0 end)`.as(
        'work',
      ),
    ])
    .where('e.street_id', 'in', streetsIn(db, area))
    .where((eb) =>
      eb(
        's.on_date',
        '=',
        eb
          .selectFrom('rs_enterprise_status as s2')
          .select((e2) => e2.fn.max('s2.on_date').as('d'))
          .whereRef('s2.enterprise_id', '=', 's.enterprise_id')
          .where('s2.on_date', '<=', date),
      ),
    )
    .groupBy(['e.street_id', 's.station_id'])
    .execute();
}

function fold(groups: Group[]): CoverageReport {
  const district: CoverageCounts = { total: 0, orgCovered: 0, workCovered: 0 };
  const streets = new Map<number, CoverageCounts>();
  const stations = new Map<number, CoverageCounts>();
  const bump = (m: Map<number, CoverageCounts>, k: number, c: CoverageCounts) => {
    const cur = m.get(k) ?? { total: 0, orgCovered: 0, workCovered: 0 };
    cur.total += c.total;
    cur.orgCovered += c.orgCovered;
    cur.workCovered += c.workCovered;
    m.set(k, cur);
  };
  for (const g of groups) {
    const c = { total: Number(g.total), orgCovered: Number(g.org ?? 0), workCovered: Number(g.work ?? 0) };
    bump(streets, g.street_id, c);
    if (g.station_id !== null) bump(stations, g.station_id, c);
    district.total += c.total;
    district.orgCovered += c.orgCovered;
    district.workCovered += c.workCovered;
  }
  const rows = (m: Map<number, CoverageCounts>): CoverageRow[] =>
    [...m.entries()].sort((a, b) => a[0] - b[0]).map(([id, c]) => ({ id, ...c }));
  return { district, streets: rows(streets), stations: rows(stations) };
}

/**
 * Organization and work coverage of an area's enterprises, now or as of a date.
 *
 * @example await coverageSql(db, { rootId: districtId }) // { district: { total, orgCovered, workCovered }, streets, stations }
 * @example await coverageSql(db, { rootId: districtId }, '2025-12-31') // as the registry stood at the end of 2025
 */
export async function coverageSql(db: Db, area: Area, asOf?: string): Promise<CoverageReport> {
  return fold((asOf ? await groupsAsOf(db, area, asOf) : await currentGroups(db, area)) as Group[]);
}

/**
 * Year over year: coverage at the end of each year (Dec 31), for the trend chart.
 *
 * @example await coverageByYear(db, area, [2024, 2025, 2026])
 */
export async function coverageByYear(db: Db, area: Area, years: readonly number[]) {
  const out: { year: number; district: CoverageCounts }[] = [];
  for (const year of years)
    out.push({ year, district: (await coverageSql(db, area, `${year}-12-31`)).district });
  return out;
}

export interface UncoveredFilter {
  streetId?: number;
  stationId?: number;
}

/**
 * The enterprises of an area still without a Party organization (not organization-covered),
 * with whether work reaches them, a page at a time (ascending id).
 */
export async function uncoveredEnterprises(
  db: Db,
  area: Area,
  f: UncoveredFilter,
  page: { page: number; pageSize: number },
) {
  let q = db
    .selectFrom('rs_enterprise as e')
    .where('e.street_id', 'in', streetsIn(db, area))
    .where('e.party_status', '=', 'none');
  if (f.streetId !== undefined) q = q.where('e.street_id', '=', f.streetId);
  if (f.stationId !== undefined) q = q.where('e.station_id', '=', f.stationId);
  const total = Number(
    (await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
  );
  const rows = await q
    .innerJoin('org_unit as u', 'u.id', 'e.street_id')
    .leftJoin('rs_station as s', 's.id', 'e.station_id')
    .select([
      'e.id',
      'e.name',
      'e.credit_code',
      'e.kind',
      'e.street_id',
      'u.name as street_name',
      'e.station_id',
      's.name as station_name',
      'e.instructor_name',
    ])
    .orderBy('e.id')
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize)
    .execute();
  return {
    total,
    rows: rows.map((r) => ({ ...r, workCovered: r.instructor_name !== null || r.station_id !== null })),
  };
}
