import { DomainError, nowIso } from '@zhanqian/core';
import type { Database, Kysely, OrgKind, OrgUnit, Portal } from '@zhanqian/db';
import { sql } from '@zhanqian/db';
import { canContain, KIND_LABELS } from './kinds.ts';

type Db = Kysely<Database>;

export interface NewUnitInput {
  parentId: number | null;
  kind: OrgKind;
  name: string;
  code: string;
  portal?: Portal | null;
  sortOrder?: number;
}

/**
 * Inserts a unit and its closure rows (every ancestor plus itself). Call inside the
 * caller's transaction so that the unit and its closure land together.
 */
export async function createUnit(db: Db, input: NewUnitInput): Promise<OrgUnit> {
  if (input.parentId !== null) {
    const parent = await getUnit(db, input.parentId);
    if (parent.dissolved_on !== null)
      throw new DomainError('BAD_INPUT', 'org.unitDissolved', {
        name: parent.name,
        date: parent.dissolved_on,
      });
    if (!canContain(parent.kind, input.kind)) {
      throw new DomainError('BAD_INPUT', 'org.badParent', {
        child: KIND_LABELS[input.kind]['zh-CN'],
        parent: KIND_LABELS[parent.kind]['zh-CN'],
      });
    }
  } else if (input.kind !== 'district') {
    throw new DomainError('BAD_INPUT', 'org.badParent', {
      child: KIND_LABELS[input.kind]['zh-CN'],
      parent: '—',
    });
  }
  const taken = await db
    .selectFrom('org_unit')
    .select('id')
    .where('code', '=', input.code)
    .executeTakeFirst();
  if (taken) throw new DomainError('CONFLICT', 'org.codeTaken', { code: input.code });
  const unit = await db
    .insertInto('org_unit')
    .values({
      parent_id: input.parentId,
      kind: input.kind,
      name: input.name,
      code: input.code,
      portal: input.portal ?? null,
      sort_order: input.sortOrder ?? 0,
      created_at: nowIso(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto('org_closure')
    .values({ ancestor_id: unit.id, descendant_id: unit.id, depth: 0 })
    .execute();
  if (input.parentId !== null) {
    await db
      .insertInto('org_closure')
      .columns(['ancestor_id', 'descendant_id', 'depth'])
      .expression(
        db
          .selectFrom('org_closure')
          .select([
            'ancestor_id',
            sql<number>`${unit.id}`.as('descendant_id'),
            sql<number>`depth + 1`.as('depth'),
          ])
          .where('descendant_id', '=', input.parentId),
      )
      .execute();
  }
  return unit;
}

/** A unit row with the history columns (see the org history migration). */
export type UnitRow = OrgUnit & { dissolved_on: string | null; merged_into_id: number | null };

export async function getUnit(db: Db, id: number): Promise<UnitRow> {
  const unit = await db.selectFrom('org_unit').selectAll().where('id', '=', id).executeTakeFirst();
  if (!unit) throw new DomainError('NOT_FOUND', 'org.unitNotFound', { id });
  return unit;
}

/** True when `descendantId` lies in the subtree rooted at `ancestorId` (itself included). */
export async function isInSubtree(db: Db, ancestorId: number, descendantId: number): Promise<boolean> {
  const row = await db
    .selectFrom('org_closure')
    .select('depth')
    .where('ancestor_id', '=', ancestorId)
    .where('descendant_id', '=', descendantId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The ids of a subtree as a subquery, for `where(col, 'in', subtreeIds(db, root))`: every
 * scoped read goes through the closure table's primary key.
 */
export const subtreeIds = (db: Db, rootId: number) =>
  db.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', rootId);

export interface TreeNode extends UnitRow {
  depth: number;
  childCount: number;
}

/**
 * The units of a subtree down to `maxDepth` levels, in tree order, with child counts.
 * Dissolved units (kept for their history) are left out unless asked for; the root itself
 * is always returned.
 */
export async function listSubtree(
  db: Db,
  rootId: number,
  maxDepth = 2,
  includeDissolved = false,
): Promise<TreeNode[]> {
  let q = db
    .selectFrom('org_closure as c')
    .innerJoin('org_unit as u', 'u.id', 'c.descendant_id')
    .selectAll('u')
    .select((eb) => {
      let k = eb
        .selectFrom('org_unit as k')
        .select(sql<number>`count(*)`.as('n'))
        .whereRef('k.parent_id', '=', 'u.id');
      if (!includeDissolved) k = k.where('k.dissolved_on', 'is', null);
      return ['c.depth', k.as('childCount')];
    })
    .where('c.ancestor_id', '=', rootId)
    .where('c.depth', '<=', maxDepth);
  if (!includeDissolved)
    q = q.where((eb) => eb.or([eb('u.dissolved_on', 'is', null), eb('c.depth', '=', 0)]));
  const rows = await q.orderBy('c.depth').orderBy('u.sort_order').orderBy('u.id').execute();
  return rows.map((r) => ({ ...r, childCount: Number(r.childCount ?? 0) }));
}

/** Ancestors from the root down to the unit itself: breadcrumbs and scope checks. */
export async function pathTo(db: Db, id: number): Promise<OrgUnit[]> {
  return db
    .selectFrom('org_closure as c')
    .innerJoin('org_unit as u', 'u.id', 'c.ancestor_id')
    .selectAll('u')
    .where('c.descendant_id', '=', id)
    .orderBy('c.depth', 'desc')
    .execute();
}
