import { isDomainError } from '@zhanqian/core';
import type { Database, Kysely } from '@zhanqian/db';
import { currentResults, getScheme, priorityOf } from '@zhanqian/scoring';

type Db = Kysely<Database>;

/**
 * What the cadre domain needs from the thousand-point appraisal (packages/scoring): the
 * latest year with published results, and for a year the units whose leadership team is up
 * for key adjustment (重点调整: bottom two in Y and Y−1) and the units on the
 * promotion-priority list (优先考虑). The API wires {@link scoringAppraisalFlags}; tests and
 * seeds may pass {@link fixedAppraisalFlags}.
 */
export interface AppraisalFlags {
  latestYear(onOrBefore: number): Promise<number | null>;
  keyAdjustmentUnitIds(year: number): Promise<ReadonlySet<number>>;
  promotionPriorityUnitIds(year: number): Promise<ReadonlySet<number>>;
}

/** Fixed lists, per year: for tests, seeds, or a manual override. */
export function fixedAppraisalFlags(lists: {
  keyAdjustment?: Record<number, number[]>;
  promotionPriority?: Record<number, number[]>;
}): AppraisalFlags {
  const years = [
    ...Object.keys(lists.keyAdjustment ?? {}),
    ...Object.keys(lists.promotionPriority ?? {}),
  ].map(Number);
  return {
    latestYear: async (y) => {
      const upTo = years.filter((x) => x <= y);
      return upTo.length ? Math.max(...upTo) : null;
    },
    keyAdjustmentUnitIds: async (y) => new Set(lists.keyAdjustment?.[y] ?? []),
    promotionPriorityUnitIds: async (y) => new Set(lists.promotionPriority?.[y] ?? []),
  };
}

/** No appraisal results: nobody flagged. */
export const NO_APPRAISAL_FLAGS: AppraisalFlags = fixedAppraisalFlags({});

/**
 * The lists from the scoring tables: only a year whose scheme is `published` counts (a
 * draft or closed year's ranking is not yet official); a year without results gives empty lists.
 */
export function scoringAppraisalFlags(db: Db): AppraisalFlags {
  const published = async (year: number) => {
    try {
      return (await getScheme(db, year)).status === 'published';
    } catch (e) {
      if (isDomainError(e) && e.kind === 'NOT_FOUND') return false;
      throw e;
    }
  };
  return {
    async latestYear(onOrBefore) {
      const row = await db
        .selectFrom('scoring_scheme')
        .select('year')
        .where('status', '=', 'published')
        .where('current_version_id', 'is not', null)
        .where('year', '<=', onOrBefore)
        .orderBy('year', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row?.year ?? null;
    },
    async keyAdjustmentUnitIds(year) {
      if (!(await published(year))) return new Set();
      const res = await currentResults(db, year);
      return new Set(res.rows.filter((r) => r.keyAdjustment).map((r) => r.orgUnitId));
    },
    async promotionPriorityUnitIds(year) {
      if (!(await published(year))) return new Set();
      return new Set((await priorityOf(db, year)).map((r) => r.orgUnitId));
    },
  };
}

export interface AppraisalSnapshot {
  /** The appraisal year the lists come from; null when no year is published. */
  year: number | null;
  keyAdjustment: ReadonlySet<number>;
  promotionPriority: ReadonlySet<number>;
}

/**
 * The lists that apply on `asOf`: those of the latest published year up to `asOf`'s year.
 * @example (await appraisalSnapshot(flags, '2026-11-28')).year // 2025 when 2026 is not yet published
 */
export async function appraisalSnapshot(flags: AppraisalFlags, asOf: string): Promise<AppraisalSnapshot> {
  const year = await flags.latestYear(Number(asOf.slice(0, 4)));
  if (year === null) return { year: null, keyAdjustment: new Set(), promotionPriority: new Set() };
  const [keyAdjustment, promotionPriority] = await Promise.all([
    flags.keyAdjustmentUnitIds(year),
    flags.promotionPriorityUnitIds(year),
  ]);
  return { year, keyAdjustment, promotionPriority };
}
