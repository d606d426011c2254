import { DomainError } from '@zhanqian/core';
import type { Database, Kysely, Member } from '@zhanqian/db';
import { sql } from '@zhanqian/db';
import { unitDisplayNames } from './display.ts';
import { subtreeIds } from './tree.ts';

type Db = Kysely<Database>;

export interface MemberListQuery {
  scopeRootId: number;
  /** The unit picked in the tree: members of its subtree only (the caller has checked it is in scope). */
  unitId?: number | undefined;
  branchId?: number | undefined;
  q?: string | undefined;
  /** 'active' (default): the roll as counted; 'left': transferred out or deceased; 'all'. */
  status?: 'active' | 'left' | 'all' | undefined;
  page: number;
  pageSize: number;
}

export interface MemberRow {
  id: number;
  name: string;
  gender: 'M' | 'F';
  branchId: number;
  branchName: string;
  joinedAt: string | null;
  status: 'active' | 'transferred_out' | 'deceased';
  category: 'full' | 'probationary';
  leftOn: string | null;
  households: number;
}

/** Members within a subtree (optionally one branch, optionally a name search), paged. */
export async function listMembers(
  db: Db,
  query: MemberListQuery,
): Promise<{ total: number; rows: MemberRow[] }> {
  let base = db
    .selectFrom('member as m')
    .innerJoin('org_closure as c', (j) =>
      j.onRef('c.descendant_id', '=', 'm.branch_id').on('c.ancestor_id', '=', query.scopeRootId),
    )
    .innerJoin('org_unit as b', 'b.id', 'm.branch_id');
  if (query.unitId !== undefined) base = base.where('m.branch_id', 'in', subtreeIds(db, query.unitId));
  if (query.branchId !== undefined) base = base.where('m.branch_id', '=', query.branchId);
  const status = query.status ?? 'active';
  if (status === 'active') base = base.where('m.status', '=', 'active');
  if (status === 'left') base = base.where('m.status', '!=', 'active');
  if (query.q) base = base.where('m.name', 'like', `%${query.q.replace(/[%_]/g, '')}%`);
  const totalRow = await base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .select((eb) => [
      'm.id',
      'm.name',
      'm.gender',
      'm.branch_id as branchId',
      'b.name as branchName',
      'm.joined_at as joinedAt',
      'm.status',
      'm.category',
      'm.left_on as leftOn',
      eb
        .selectFrom('zone as z')
        .innerJoin('household as h', 'h.zone_id', 'z.id')
        .select(sql<number>`count(*)`.as('n'))
        .whereRef('z.member_id', '=', 'm.id')
        .as('households'),
    ])
    .orderBy('m.id')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  // A roll over several streets names each branch with its street (branch names repeat).
  const branchNames = await unitDisplayNames(
    db,
    rows.map((r) => r.branchId),
    query.unitId ?? query.scopeRootId,
  );
  return {
    total: Number(totalRow.n),
    rows: rows.map((r) => ({
      ...r,
      branchName: branchNames.get(r.branchId) ?? r.branchName,
      households: Number(r.households ?? 0),
    })),
  };
}

export async function getMember(db: Db, id: number): Promise<Member> {
  const m = await db.selectFrom('member').selectAll().where('id', '=', id).executeTakeFirst();
  if (!m) throw new DomainError('NOT_FOUND', 'org.memberNotFound', { id });
  return m;
}
