import type { Database, Kysely } from '@zhanqian/db';
import { sampleScheme } from '@zhanqian/scoring';
import { callerAs, type Fixture } from './fixture.ts';

/**
 * An open 2026 scheme with both streets and both communities as subjects (the communities
 * under `committeeCategory`), one report approved and the results computed: the year several
 * API tests rank, publish, cache and export.
 */
export async function yearWithResults(
  db: Kysely<Database>,
  f: Fixture,
  committeeCategory: 'committee' | 'community' = 'committee',
) {
  const kaohe = await callerAs(db, 'kaohe');
  await kaohe.scoring.scheme.save({ def: sampleScheme(2026) });
  await kaohe.scoring.scheme.setStatus({ year: 2026, to: 'open' });
  const subjects = await kaohe.scoring.subjects.add({
    year: 2026,
    subjects: [
      { orgUnitId: f.streets[0]!.street.id, category: 'street' },
      { orgUnitId: f.streets[1]!.street.id, category: 'street' },
      { orgUnitId: f.streets[0]!.committee.id, category: committeeCategory },
      { orgUnitId: f.streets[1]!.committee.id, category: committeeCategory },
    ],
  });
  const { ids } = await kaohe.scoring.scheme.get({ year: 2026 });
  const rep = await callerAs(db, 'unit_reporter');
  const r = await rep.scoring.report.submit({
    subjectId: subjects[0]!.id,
    indicatorId: ids.A1W1I1!,
    value: 650,
  });
  await kaohe.scoring.review.decide({ reportId: r.id, approve: true });
  await kaohe.scoring.results.recompute({ year: 2026 });
  return { kaohe, subjects };
}
