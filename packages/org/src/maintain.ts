import { DomainError, nowIso, shanghaiDate } from '@zhanqian/core';
import type { Database, Kysely } from '@zhanqian/db';
import { sql } from '@zhanqian/db';
import { relinkClosure } from './closure.ts';
import { checkEffectiveDate } from './dates.ts';
import { canContain, KIND_LABELS } from './kinds.ts';
import { moveMemberToBranch } from './lifecycle.ts';
import { getUnit, isInSubtree, type UnitRow } from './tree.ts';

type Db = Kysely<Database>;

// Every operation here writes several rows: run it inside the caller's transaction (the API's
// writeProcedure does), so that a refusal half-way changes nothing.

const unitRow = getUnit;

function assertLive(unit: UnitRow): void {
  if (unit.dissolved_on !== null)
    throw new DomainError('BAD_INPUT', 'org.unitDissolved', { name: unit.name, date: unit.dissolved_on });
}

function assertNotRoot(unit: UnitRow): void {
  if (unit.parent_id === null) throw new DomainError('BAD_INPUT', 'org.moveRoot');
}

/** The effective date of the unit's last rename or move (the start of its current period). */
export async function lastUnitChange(db: Db, unitId: number): Promise<string | null> {
  const row = await db
    .selectFrom('org_unit_history')
    .select((eb) => eb.fn.max('valid_to').as('last'))
    .where('unit_id', '=', unitId)
    .executeTakeFirst();
  return row?.last ?? null;
}

/** Ends the unit's current period (its name and parent) on `date`; an empty period is skipped. */
async function closePeriod(db: Db, unit: UnitRow, date: string, change: 'rename' | 'move'): Promise<void> {
  const last = await lastUnitChange(db, unit.id);
  checkEffectiveDate(date, last);
  if (last === date) return;
  await db
    .insertInto('org_unit_history')
    .values({
      unit_id: unit.id,
      name: unit.name,
      parent_id: unit.parent_id,
      valid_from: last,
      valid_to: date,
      change,
      created_at: nowIso(),
    })
    .execute();
}

export async function renameUnit(
  db: Db,
  id: number,
  name: string,
  effectiveOn: string = shanghaiDate(),
): Promise<{ before: UnitRow; after: UnitRow }> {
  const before = await unitRow(db, id);
  assertLive(before);
  if (before.name === name) throw new DomainError('BAD_INPUT', 'org.sameName');
  await closePeriod(db, before, effectiveOn, 'rename');
  const after = (await db
    .updateTable('org_unit')
    .set({ name })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()) as UnitRow;
  return { before, after };
}

/** The checks of a move, in the order a user can act on: cycle, then place, then kind. */
async function checkMove(db: Db, unit: UnitRow, parent: UnitRow): Promise<void> {
  assertLive(unit);
  assertNotRoot(unit);
  assertLive(parent);
  if (await isInSubtree(db, unit.id, parent.id))
    throw new DomainError('BAD_INPUT', 'org.moveCycle', { name: unit.name });
  if (unit.parent_id === parent.id) throw new DomainError('BAD_INPUT', 'org.sameParent', { name: unit.name });
  if (!canContain(parent.kind, unit.kind))
    throw new DomainError('BAD_INPUT', 'org.badParent', {
      child: KIND_LABELS[unit.kind]['zh-CN'],
      parent: KIND_LABELS[parent.kind]['zh-CN'],
    });
}

async function applyMove(db: Db, unit: UnitRow, parentId: number, date: string): Promise<UnitRow> {
  await closePeriod(db, unit, date, 'move');
  await relinkClosure(db, unit.id, parentId);
  return (await db
    .updateTable('org_unit')
    .set({ parent_id: parentId })
    .where('id', '=', unit.id)
    .returningAll()
    .executeTakeFirstOrThrow()) as UnitRow;
}

/** Moves a unit (and its whole subtree) under another parent from `effectiveOn`. */
export async function moveUnit(
  db: Db,
  id: number,
  newParentId: number,
  effectiveOn: string = shanghaiDate(),
): Promise<{ before: UnitRow; after: UnitRow }> {
  const before = await unitRow(db, id);
  const parent = await unitRow(db, newParentId);
  await checkMove(db, before, parent);
  const after = await applyMove(db, before, newParentId, effectiveOn);
  return { before, after };
}

const liveChildren = (db: Db, id: number) =>
  db
    .selectFrom('org_unit')
    .selectAll()
    .where('parent_id', '=', id)
    .where('dissolved_on', 'is', null)
    .orderBy('id')
    .execute() as Promise<UnitRow[]>;

const activeMemberIds = async (db: Db, branchId: number) =>
  (
    await db
      .selectFrom('member')
      .select('id')
      .where('branch_id', '=', branchId)
      .where('status', '=', 'active')
      .orderBy('id')
      .execute()
  ).map((m) => m.id);

export interface MergeResult {
  before: UnitRow;
  after: UnitRow;
  into: UnitRow;
  movedUnits: number[];
  movedMembers: number[];
}

/**
 * Merges `fromId` into `intoId` (same kind) on `effectiveOn`: the live sub-units and the
 * active members of the first move to the second (with history), then the first is
 * dissolved, pointing at the unit it went into. Its past stays readable under its old name.
 */
export async function mergeUnits(
  db: Db,
  fromId: number,
  intoId: number,
  effectiveOn: string = shanghaiDate(),
  actorId: number | null = null,
): Promise<MergeResult> {
  if (fromId === intoId) throw new DomainError('BAD_INPUT', 'org.mergeSelf');
  const before = await unitRow(db, fromId);
  const into = await unitRow(db, intoId);
  assertLive(before);
  assertNotRoot(before);
  assertLive(into);
  if (before.kind !== into.kind)
    throw new DomainError('BAD_INPUT', 'org.mergeKind', {
      from: before.name,
      into: into.name,
      fromKind: KIND_LABELS[before.kind]['zh-CN'],
      intoKind: KIND_LABELS[into.kind]['zh-CN'],
    });
  // Units of one kind never nest under the kind rules; kept as a guard for any future rule.
  if (await isInSubtree(db, fromId, intoId))
    throw new DomainError('BAD_INPUT', 'org.moveCycle', { name: into.name });
  checkEffectiveDate(effectiveOn, await lastUnitChange(db, fromId));
  const movedUnits: number[] = [];
  for (const child of await liveChildren(db, fromId)) {
    await applyMove(db, child, intoId, effectiveOn);
    movedUnits.push(child.id);
  }
  const movedMembers = await activeMemberIds(db, fromId);
  for (const memberId of movedMembers) {
    await moveMemberToBranch(db, memberId, into, effectiveOn, { reason: 'merge', actorId });
  }
  const after = (await db
    .updateTable('org_unit')
    .set({ dissolved_on: effectiveOn, merged_into_id: intoId })
    .where('id', '=', fromId)
    .returningAll()
    .executeTakeFirstOrThrow()) as UnitRow;
  return { before, after, into, movedUnits, movedMembers };
}

/**
 * Dissolves an empty unit on `effectiveOn` (no live sub-units, no active members: those are
 * moved, transferred or merged first). The row and its closure stay, so its past ratings,
 * scores and members remain readable and within the same scopes.
 */
export async function dissolveUnit(
  db: Db,
  id: number,
  effectiveOn: string = shanghaiDate(),
): Promise<{ before: UnitRow; after: UnitRow }> {
  const before = await unitRow(db, id);
  assertLive(before);
  assertNotRoot(before);
  checkEffectiveDate(effectiveOn, await lastUnitChange(db, id));
  const units = (await liveChildren(db, id)).length;
  const members = (await activeMemberIds(db, id)).length;
  if (units > 0 || members > 0)
    throw new DomainError('BAD_INPUT', 'org.dissolveNotEmpty', { name: before.name, units, members });
  const after = (await db
    .updateTable('org_unit')
    .set({ dissolved_on: effectiveOn })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()) as UnitRow;
  return { before, after };
}

/** Accounts whose home unit is `unitId`: a merge or dissolution tells the office to review them. */
export async function accountsHomedAt(db: Db, unitId: number): Promise<number> {
  const row = await db
    .selectFrom('app_user')
    .select(sql<number>`count(*)`.as('n'))
    .where('org_unit_id', '=', unitId)
    .where('disabled', '=', 0)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
