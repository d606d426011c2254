import type { Database, Kysely, OrgKind } from '@zhanqian/db';
import { sql } from '@zhanqian/db';

/** Counts of a subtree for a portal's landing page: units by kind, members, households. */
export async function subtreeOverview(db: Kysely<Database>, rootId: number) {
  const kinds = await db
    .selectFrom('org_closure as c')
    .innerJoin('org_unit as u', 'u.id', 'c.descendant_id')
    .select(['u.kind', sql<number>`count(*)`.as('n')])
    .where('c.ancestor_id', '=', rootId)
    .where('u.dissolved_on', 'is', null)
    .groupBy('u.kind')
    .execute();
  const people = await db
    .selectFrom('org_closure as c')
    .innerJoin('member as m', 'm.branch_id', 'c.descendant_id')
    .select([
      sql<number>`count(*)`.as('members'),
      sql<number>`sum((select count(*) from household h inner join zone z on z.id = h.zone_id where z.member_id = m.id))`.as(
        'households',
      ),
    ])
    .where('c.ancestor_id', '=', rootId)
    .where('m.status', '=', 'active')
    .executeTakeFirstOrThrow();
  const units = Object.fromEntries(kinds.map((k) => [k.kind, Number(k.n)])) as Partial<
    Record<OrgKind, number>
  >;
  return { units, members: Number(people.members), households: Number(people.households ?? 0) };
}
