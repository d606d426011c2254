import type { Database, Kysely } from '@zhanqian/db';
import { sql } from '@zhanqian/db';

type Db = Kysely<Database>;

export type ClosureRow = { ancestor_id: number; descendant_id: number; depth: number };

/**
 * The closure of a forest given as child → parent, computed from scratch: the reference the
 * incremental maintenance is tested against. Throws on a cycle.
 *
 * @example closureOf(new Map([[1, null], [2, 1]])) // (1,1,0) (2,2,0) (1,2,1)
 */
export function closureOf(parents: ReadonlyMap<number, number | null>): ClosureRow[] {
  const rows: ClosureRow[] = [];
  for (const id of parents.keys()) {
    let at: number | null = id;
    let depth = 0;
    while (at !== null) {
      rows.push({ ancestor_id: at, descendant_id: id, depth });
      at = parents.get(at) ?? null;
      depth += 1;
      if (depth > parents.size) throw new Error(`cycle through unit ${id}`);
    }
  }
  return rows;
}

/**
 * Re-hangs the subtree of `id` under `newParentId` in the closure table: the pairs linking
 * the subtree to its old ancestors go, the cross product of the new parent's ancestors and
 * the subtree comes in. Two set-based statements whatever the subtree's size. The caller has
 * refused a cycle (new parent inside the subtree) and runs this in its transaction.
 */
export async function relinkClosure(db: Db, id: number, newParentId: number): Promise<void> {
  await sql`delete from org_closure
    where descendant_id in (select descendant_id from org_closure where ancestor_id = ${id})
      and ancestor_id in (select ancestor_id from org_closure where descendant_id = ${id} and depth > 0)`.execute(
    db,
  );
  await sql`insert into org_closure (ancestor_id, descendant_id, depth)
    select a.ancestor_id, d.descendant_id, a.depth + d.depth + 1
    from org_closure a cross join org_closure d
    where a.descendant_id = ${newParentId} and d.ancestor_id = ${id}`.execute(db);
}
