import type { Database, Kysely } from '@zhanqian/db';

/**
 * What the cadre domain needs from the thousand-point appraisal (packages/scoring): for a
 * year, the units whose leadership team is up for key adjustment (重点调整: bottom two in Y
 * and Y−1) and the units on the promotion-priority list (优先考虑). The API wires an
 * implementation; tests and seeds pass a fixed one.
 */
export interface AppraisalFlags {
  keyAdjustmentUnitIds(year: number): Promise<ReadonlySet<number>>;
  promotionPriorityUnitIds(year: number): Promise<ReadonlySet<number>>;
}

/** Fixed lists, per year: for tests, seeds, or a manual override. */
export function fixedAppraisalFlags(lists: {
  keyAdjustment?: Record<number, number[]>;
  promotionPriority?: Record<number, number[]>;
}): AppraisalFlags {
  return {
    keyAdjustmentUnitIds: async (y) => new Set(lists.keyAdjustment?.[y] ?? []),
    promotionPriorityUnitIds: async (y) => new Set(lists.promotionPriority?.[y] ?? []),
  };
}

/** No appraisal results yet: nobody flagged. */
export const NO_APPRAISAL_FLAGS: AppraisalFlags = fixedAppraisalFlags({});

/**
 * The appraisal year whose results apply on a date: the latest closed year, i.e. the year
 * before the date's year (results of year Y are published in Y+1).
 * @example appraisalYearFor('2026-11-28') // 2025
 */
export const appraisalYearFor = (asOf: string): number => Number(asOf.slice(0, 4)) - 1;

export interface AppraisalSnapshot {
  year: number;
  keyAdjustment: ReadonlySet<number>;
  promotionPriority: ReadonlySet<number>;
}

/** Reads both lists of the year that applies on `asOf`. */
export async function appraisalSnapshot(flags: AppraisalFlags, asOf: string): Promise<AppraisalSnapshot> {
  const year = appraisalYearFor(asOf);
  const [keyAdjustment, promotionPriority] = await Promise.all([
    flags.keyAdjustmentUnitIds(year),
    flags.promotionPriorityUnitIds(year),
  ]);
  return { year, keyAdjustment, promotionPriority };
}

export type Db = Kysely<Database>;
