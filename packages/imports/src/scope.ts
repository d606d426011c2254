import type { Database, Kysely, OrgKind } from '@zhanqian/db';

type Db = Kysely<Database>;

export interface ScopeUnit {
  id: number;
  code: string;
  name: string;
  kind: OrgKind;
  parentId: number | null;
  branchType: 'building' | 'enterprise' | null;
  secretary: string | null;
  dissolved: boolean;
}

/** Every unit of a subtree (dissolved ones too: a file naming one gets a clear error). */
export async function unitsOf(db: Db, rootId: number): Promise<ScopeUnit[]> {
  const rows = await db
    .selectFrom('org_closure as c')
    .innerJoin('org_unit as u', 'u.id', 'c.descendant_id')
    .select([
      'u.id',
      'u.code',
      'u.name',
      'u.kind',
      'u.parent_id',
      'u.branch_type',
      'u.secretary_name',
      'u.dissolved_on',
    ])
    .where('c.ancestor_id', '=', rootId)
    .orderBy('u.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    parentId: r.parent_id,
    branchType: r.branch_type,
    secretary: r.secretary_name,
    dissolved: r.dissolved_on !== null,
  }));
}

/**
 * The live branches of a subtree, found by code or by name (a name two branches share is
 * ambiguous: the file must use the code).
 */
export async function branchFinder(db: Db, rootId: number) {
  const branches = (await unitsOf(db, rootId)).filter((u) => u.kind === 'branch' && !u.dissolved);
  const byCode = new Map(branches.map((b) => [b.code, b]));
  const byName = new Map<string, ScopeUnit[]>();
  for (const b of branches) byName.set(b.name, [...(byName.get(b.name) ?? []), b]);
  const byId = new Map(branches.map((b) => [b.id, b]));
  return {
    byId,
    /** The branch, or 'none' / 'ambiguous'. */
    find(text: string): ScopeUnit | 'none' | 'ambiguous' {
      const c = byCode.get(text);
      if (c) return c;
      const named = byName.get(text) ?? [];
      if (named.length === 1) return named[0]!;
      return named.length > 1 ? 'ambiguous' : 'none';
    },
  };
}

/** The top of the tree above a unit (the district): the scope of the per-kind import lock. */
export async function treeRootOf(db: Db, unitId: number): Promise<number> {
  const row = await db
    .selectFrom('org_closure')
    .select('ancestor_id')
    .where('descendant_id', '=', unitId)
    .orderBy('depth', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return row.ancestor_id;
}
