import type { SchemeStatus } from '@zhanqian/db';
import { describe, expect, it } from 'vitest';
import { resultsAccess, visibleYears } from './visibility.ts';

/** The permission sets of the roles that read results (as packages/auth gives them). */
const READERS = {
  /** 考核办: a department admin of the assessment portal. */
  assessmentOffice: new Set(['scoring.read', 'scoring.manage', 'scoring.review']),
  /** 区委组织部: the district administrator. */
  districtAdmin: new Set(['scoring.read', 'scoring.manage', 'scoring.review', 'cadres.read']),
  /** 干部科: reads results for cadre work, reviews its own indicators. */
  cadreSection: new Set(['scoring.read', 'scoring.review', 'cadres.read']),
  /** A unit's reporter (the appraised leadership team). */
  unitReporter: new Set(['scoring.read', 'scoring.report']),
  /** 人才办: reviews its own indicators only. */
  talentOffice: new Set(['scoring.review', 'talent.read']),
};
const STAGES: SchemeStatus[] = ['draft', 'open', 'closed', 'published'];

describe('who sees which stage of the results', () => {
  it('before publication only the assessment office sees them, as provisional', () => {
    const table = Object.fromEntries(
      Object.entries(READERS).map(([who, permissions]) => [
        who,
        STAGES.map((s) => resultsAccess(s, { permissions })),
      ]),
    );
    expect(table).toEqual({
      assessmentOffice: ['provisional', 'provisional', 'provisional', 'final'],
      districtAdmin: ['provisional', 'provisional', 'provisional', 'final'],
      cadreSection: ['hidden', 'hidden', 'hidden', 'final'],
      unitReporter: ['hidden', 'hidden', 'hidden', 'final'],
      talentOffice: ['hidden', 'hidden', 'hidden', 'final'],
    });
  });

  it('a reader with no permission at all sees published results only', () => {
    expect(STAGES.map((s) => resultsAccess(s, { permissions: new Set() }))).toEqual([
      'hidden',
      'hidden',
      'hidden',
      'final',
    ]);
  });

  it('keeps only the years a reader may see, each marked final or provisional', () => {
    const years = [
      { year: 2024, status: 'published' as const },
      { year: 2025, status: 'closed' as const },
      { year: 2026, status: 'open' as const },
    ];
    expect(visibleYears(years, { permissions: READERS.unitReporter })).toEqual([
      { year: 2024, access: 'final' },
    ]);
    expect(visibleYears(years, { permissions: READERS.assessmentOffice })).toEqual([
      { year: 2024, access: 'final' },
      { year: 2025, access: 'provisional' },
      { year: 2026, access: 'provisional' },
    ]);
  });
});
