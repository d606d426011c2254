import './messages.ts';
import { DomainError } from '@zhanqian/core';
import type { Database, Kysely } from '@zhanqian/db';

export type Db = Kysely<Database>;

/** PostgreSQL's and SQLite's unique-violation errors. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return (
    err?.code === '23505' ||
    err?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed/.test(err?.message ?? '')
  );
}

/**
 * A caller's area: the root of its org subtree. Streets and stations are read through it,
 * so a street's staff see the enterprises of their own street only (the closure table's
 * indexed subtree join), the 非公党工委 and the district all of them.
 */
export interface Area {
  rootId: number;
}

/** The streets (org units) in an area, as a subquery for `street_id in (…)`. */
export const streetsIn = (db: Db, area: Area) =>
  db.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', area.rootId);

/** JSON array of ids kept in a text column. */
export function parseIds(text: string | null): number[] {
  if (!text) return [];
  const v = JSON.parse(text) as unknown;
  return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [];
}
export function parseStrings(text: string | null): string[] {
  if (!text) return [];
  const v = JSON.parse(text) as unknown;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** NOT_FOUND naming the first account id that does not exist. */
export async function assertAccounts(db: Db, ids: readonly number[]): Promise<void> {
  const found = new Set(
    (
      await db
        .selectFrom('app_user')
        .select('id')
        .where('id', 'in', [...ids])
        .execute()
    ).map((u) => u.id),
  );
  const missing = ids.find((i) => !found.has(i));
  if (missing !== undefined) throw new DomainError('NOT_FOUND', 'redsail.accountNotFound', { id: missing });
}
