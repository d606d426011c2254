/**
 * The stored separation-of-duties configuration (`talent_duty_pair`): which steps of a
 * subsidy application must be different accounts. The rule itself is pure (duties.ts).
 */
import { nowIso } from '@zhanqian/core';
import type { Database, Kysely } from '@zhanqian/db';
import { type DutyPair, normalizeDutyPairs } from './duties.ts';

type Db = Kysely<Database>;

export interface DutyConfig {
  pairs: DutyPair[];
  /** When and by whom the set was last changed (null: as installed). */
  updatedAt: string | null;
  updatedBy: number | null;
}

/** The pairs in force, canonical order. */
export async function loadDutyPairs(db: Db): Promise<DutyPair[]> {
  const rows = await db.selectFrom('talent_duty_pair').select(['step_a', 'step_b']).execute();
  return normalizeDutyPairs(rows.map((r) => [r.step_a, r.step_b] as const));
}

/** The configuration with its last change. */
export async function dutyConfig(db: Db): Promise<DutyConfig> {
  const rows = await db
    .selectFrom('talent_duty_pair')
    .select(['step_a', 'step_b', 'updated_by', 'updated_at'])
    .orderBy('updated_at', 'desc')
    .execute();
  return {
    pairs: normalizeDutyPairs(rows.map((r) => [r.step_a, r.step_b] as const)),
    updatedAt: rows[0]?.updated_at ?? null,
    updatedBy: rows[0]?.updated_by ?? null,
  };
}

/**
 * Replaces the set of pairs (normalized: order within a pair and duplicates do not matter;
 * a step paired with itself is refused). Returns the pairs before and after, for the audit.
 *
 * @example await saveDutyPairs(trx, [['review', 'approve'], ['approve', 'disburse']], 3)
 */
export async function saveDutyPairs(
  db: Db,
  pairs: readonly (readonly [string, string])[],
  by: number | null,
): Promise<{ before: DutyPair[]; after: DutyPair[] }> {
  const after = normalizeDutyPairs(pairs);
  const before = await loadDutyPairs(db);
  await db.deleteFrom('talent_duty_pair').execute();
  const at = nowIso();
  if (after.length)
    await db
      .insertInto('talent_duty_pair')
      .values(after.map(([a, b]) => ({ step_a: a, step_b: b, updated_by: by, updated_at: at })))
      .execute();
  return { before, after };
}
