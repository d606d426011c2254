import { shanghaiYear } from '@zhanqian/core';
import { percent1 } from './coverage.ts';
import { coverageByYear, coverageSql } from './coverage-sql.ts';
import { type Area, type Db, streetsIn } from './db.ts';
import { demoCountsByLevel } from './demo-points.ts';
import { stationReach, tradingAreas } from './stations.ts';
import { leadersOverview } from './visits.ts';

/**
 * The 非公党工委's home figures in one call: coverage (with its percentages and the last three
 * years), recognized demonstration points by level, stations, the commercial street's shops by
 * trading area and contact-point leaders below the visit minimum.
 */
export async function redsailOverview(db: Db, area: Area, year = shanghaiYear()) {
  const cov = await coverageSql(db, area);
  const names = new Map(
    (
      await db
        .selectFrom('org_unit')
        .select(['id', 'name'])
        .where('id', 'in', streetsIn(db, area))
        .where('kind', '=', 'street')
        .execute()
    ).map((u) => [u.id, u.name]),
  );
  const stations = await stationReach(db, area);
  const stationNames = new Map(stations.map((s) => [s.id, s.name]));
  const leaders = await leadersOverview(db, area, year);
  const withPct = <T extends { total: number; orgCovered: number; workCovered: number }>(c: T) => ({
    ...c,
    orgPct: percent1(c.orgCovered, c.total),
    workPct: percent1(c.workCovered, c.total),
  });
  return {
    year,
    coverage: {
      district: withPct(cov.district),
      streets: cov.streets.map((s) => withPct({ ...s, name: names.get(s.id) ?? String(s.id) })),
      stations: cov.stations.map((s) => withPct({ ...s, name: stationNames.get(s.id) ?? String(s.id) })),
      byYear: (await coverageByYear(db, area, [year - 2, year - 1, year])).map((y) => ({
        year: y.year,
        ...withPct(y.district),
      })),
    },
    demoPoints: await demoCountsByLevel(db, area),
    stations,
    tradingAreas: await tradingAreas(db, area),
    visits: {
      minVisits: leaders.rule.minVisits,
      leaders: leaders.leaders.length,
      below: leaders.leaders.filter((l) => l.below).length,
    },
  };
}
