import { DomainError, nowIso } from '@zhanqian/core';
import type { Database, Kysely, StarLevel } from '@zhanqian/db';
import { notify } from '@zhanqian/notify';
import { isInSubtree } from '@zhanqian/org';
import { maskToPositions, positionsToMask, starsOf } from './certify.ts';
import { assertCriteria } from './criteria.ts';

type Db = Kysely<Database>;

/** Where a rated entity sits in the tree: the chain its certification feeds. */
export interface LocatedEntity {
  level: StarLevel;
  id: number;
  name: string;
  /** The org unit the entity belongs to (its branch, or the unit itself). */
  unitId: number;
  memberId: number | null;
  branchId: number | null;
  committeeId: number;
}

/**
 * Finds an entity and its chain up to the committee; NOT_FOUND when it does not exist.
 *
 * @example await locateEntity(db, 'household', 42) // { level: 'household', id: 42, memberId: 7, branchId: 30, committeeId: 12, … }
 */
export async function locateEntity(db: Db, level: StarLevel, id: number): Promise<LocatedEntity> {
  const notFound = () => new DomainError('NOT_FOUND', 'stars.entityNotFound', { level, id });
  if (level === 'household' || level === 'member') {
    const q =
      level === 'household'
        ? db
            .selectFrom('household as h')
            .innerJoin('zone as z', 'z.id', 'h.zone_id')
            .innerJoin('member as m', 'm.id', 'z.member_id')
            .select(['h.id', 'h.head_name as name', 'm.id as memberId'])
            .where('h.id', '=', id)
        : db.selectFrom('member as m').select(['m.id', 'm.name', 'm.id as memberId']).where('m.id', '=', id);
    const row = await q
      .innerJoin('org_unit as b', 'b.id', 'm.branch_id')
      .select(['b.id as branchId', 'b.parent_id as committeeId'])
      .executeTakeFirst();
    if (!row || row.committeeId === null) throw notFound();
    return {
      level,
      id: row.id,
      name: row.name,
      unitId: row.branchId,
      memberId: row.memberId,
      branchId: row.branchId,
      committeeId: row.committeeId,
    };
  }
  const unit = await db
    .selectFrom('org_unit')
    .select(['id', 'name', 'kind', 'parent_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!unit || unit.kind !== level || unit.parent_id === null) throw notFound();
  return {
    level,
    id: unit.id,
    name: unit.name,
    unitId: unit.id,
    memberId: null,
    branchId: level === 'branch' ? unit.id : null,
    committeeId: level === 'branch' ? unit.parent_id : unit.id,
  };
}

/**
 * Who may rate what follows the tree: households and members by anyone whose scope holds their
 * branch (the branch secretary, a grid worker of the community or street); a branch by its
 * committee or above (never by itself); a committee only by the district.
 */
export async function mayRate(db: Db, scopeRootId: number, entity: LocatedEntity): Promise<boolean> {
  switch (entity.level) {
    case 'household':
    case 'member':
      return isInSubtree(db, scopeRootId, entity.unitId);
    case 'branch':
      return scopeRootId !== entity.unitId && isInSubtree(db, scopeRootId, entity.committeeId);
    case 'committee': {
      const root = await db
        .selectFrom('org_unit')
        .select(['kind'])
        .where('id', '=', scopeRootId)
        .executeTakeFirst();
      return root?.kind === 'district' && isInSubtree(db, scopeRootId, entity.unitId);
    }
  }
}

export interface RatingView {
  level: StarLevel;
  entityId: number;
  year: number;
  met: number[];
  stars: number;
  ratedBy: number | null;
  ratedAt: string | null;
}

export async function getRating(
  db: Db,
  year: number,
  level: StarLevel,
  entityId: number,
): Promise<RatingView> {
  const row = await db
    .selectFrom('star_rating')
    .selectAll()
    .where('year', '=', year)
    .where('level', '=', level)
    .where('entity_id', '=', entityId)
    .executeTakeFirst();
  return {
    level,
    entityId,
    year,
    met: maskToPositions(row?.met_mask ?? 0),
    stars: row?.stars ?? 0,
    ratedBy: row?.rated_by ?? null,
    ratedAt: row?.rated_at ?? null,
  };
}

/**
 * Records which criteria (positions 1–10) an entity meets in a year; its stars are their count.
 * Does not check permissions (see mayRate) nor recompute (see recomputeStarsIncremental).
 */
export async function setRating(
  db: Db,
  input: { year: number; level: StarLevel; entityId: number; met: readonly number[]; ratedBy: number | null },
): Promise<{ before: RatingView; after: RatingView }> {
  await assertCriteria(db, input.year, input.level);
  const mask = positionsToMask(input.met);
  const before = await getRating(db, input.year, input.level, input.entityId);
  const values = { met_mask: mask, stars: starsOf(mask), rated_by: input.ratedBy, rated_at: nowIso() };
  await db
    .insertInto('star_rating')
    .values({ year: input.year, level: input.level, entity_id: input.entityId, ...values })
    .onConflict((oc) => oc.columns(['year', 'level', 'entity_id']).doUpdateSet(values))
    .execute();
  const after = await getRating(db, input.year, input.level, input.entityId);
  if (after.stars !== before.stars)
    await notifyRatingChanged(db, input.year, input.level, input.entityId, after.stars);
  return { before, after };
}

const LEVEL_ZH = { household: '户', member: '党员', branch: '支部', committee: '社区党委' } as const;

/**
 * Tells those a rating concerns that its stars changed, in the rating's transaction: a member
 * (their own account), a branch or community committee (its secretaries and admins). A
 * household has no account of its own: the member who rates it is the one who changed it.
 */
async function notifyRatingChanged(db: Db, year: number, level: StarLevel, entityId: number, stars: number) {
  if (level === 'household') return;
  const entity = await locateEntity(db, level, entityId);
  let q = db.selectFrom('app_user').select('id').where('disabled', '=', 0);
  q =
    level === 'member'
      ? q.where('member_id', '=', entityId)
      : q.where('org_unit_id', '=', entityId).where('role', 'in', ['branch_secretary', 'dept_admin']);
  const to = (await q.execute()).map((u) => u.id);
  await notify(db, {
    to: { userIds: to },
    kind: 'stars.rating_changed',
    params: { name: entity.name, year, stars, level: LEVEL_ZH[level] },
    link: '/stars/tree',
    linkM: '/stars/mine',
  });
}
