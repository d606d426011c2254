import { DomainError, nowIso, shanghaiDate } from '@zhanqian/core';
import type {
  Database,
  Kysely,
  Member,
  MemberEventKind,
  MemberLifecycleColumns,
  OrgUnit,
} from '@zhanqian/db';
import type { Selectable } from 'kysely';
import { checkEffectiveDate } from './dates.ts';
import { getMember } from './members.ts';
import { getUnit } from './tree.ts';

type Db = Kysely<Database>;

/** A member row with the lifecycle columns. */
export type MemberFull = Member & Selectable<MemberLifecycleColumns>;

export const MEMBER_STATUS_LABELS = {
  active: { 'zh-CN': '在册', en: 'on the roll' },
  transferred_out: { 'zh-CN': '转出', en: 'transferred out' },
  deceased: { 'zh-CN': '去世', en: 'died' },
} as const;

// Every operation here writes several rows: run it inside the caller's transaction.

const memberRow = (db: Db, id: number) => getMember(db, id) as Promise<MemberFull>;

async function activeMember(db: Db, id: number): Promise<MemberFull> {
  const m = await memberRow(db, id);
  if (m.status !== 'active')
    throw new DomainError('BAD_INPUT', 'org.memberInactive', {
      name: m.name,
      status: MEMBER_STATUS_LABELS[m.status]['zh-CN'],
    });
  return m;
}

/** The effective date of the member's last change of branch (the start of the current period). */
export async function lastBranchChange(db: Db, memberId: number): Promise<string | null> {
  const row = await db
    .selectFrom('member_branch_history')
    .select((eb) => eb.fn.max('valid_to').as('last'))
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return row?.last ?? null;
}

async function addEvent(
  db: Db,
  e: {
    memberId: number;
    kind: MemberEventKind;
    on: string;
    from?: number | null;
    to?: number | null;
    detail?: string | null;
    actorId: number | null;
  },
): Promise<void> {
  await db
    .insertInto('member_event')
    .values({
      member_id: e.memberId,
      kind: e.kind,
      on_date: e.on,
      from_branch_id: e.from ?? null,
      to_branch_id: e.to ?? null,
      detail: e.detail ?? null,
      actor_id: e.actorId,
      created_at: nowIso(),
    })
    .execute();
}

/**
 * Moves an active member to `branch` from `date`: the old branch's period is closed (so that
 * ratings of the years before stay with it), the member's own account follows the member,
 * the event is recorded. Used by a transfer and by a merge of branches.
 */
export async function moveMemberToBranch(
  db: Db,
  memberId: number,
  branch: OrgUnit,
  date: string,
  opts: { reason: 'transfer' | 'merge'; actorId: number | null; detail?: string | null },
): Promise<{ before: MemberFull; after: MemberFull; accountsMoved: number[] }> {
  const before = await activeMember(db, memberId);
  if (before.branch_id === branch.id)
    throw new DomainError('BAD_INPUT', 'org.sameBranch', { name: branch.name });
  const last = await lastBranchChange(db, memberId);
  checkEffectiveDate(date, last);
  if (last !== date) {
    await db
      .insertInto('member_branch_history')
      .values({
        member_id: memberId,
        branch_id: before.branch_id,
        valid_from: last,
        valid_to: date,
        reason: opts.reason,
        created_at: nowIso(),
      })
      .execute();
  }
  const after = (await db
    .updateTable('member')
    .set({ branch_id: branch.id })
    .where('id', '=', memberId)
    .returningAll()
    .executeTakeFirstOrThrow()) as MemberFull;
  // A member's own account is homed at their branch: its scope follows them.
  const accounts = await db
    .updateTable('app_user')
    .set({ org_unit_id: branch.id })
    .where('member_id', '=', memberId)
    .where('role', '=', 'member')
    .returning('id')
    .execute();
  await addEvent(db, {
    memberId,
    kind: opts.reason,
    on: date,
    from: before.branch_id,
    to: branch.id,
    detail: opts.detail ?? null,
    actorId: opts.actorId,
  });
  return { before, after, accountsMoved: accounts.map((a) => a.id) };
}

/** 组织关系转接: a member to another branch (a live Party branch) from `date`. */
export async function transferMember(
  db: Db,
  memberId: number,
  toBranchId: number,
  date: string = shanghaiDate(),
  actorId: number | null = null,
  note: string | null = null,
) {
  const branch = await getUnit(db, toBranchId);
  if (branch.kind !== 'branch') throw new DomainError('BAD_INPUT', 'org.notBranch', { name: branch.name });
  if (branch.dissolved_on !== null)
    throw new DomainError('BAD_INPUT', 'org.unitDissolved', { name: branch.name, date: branch.dissolved_on });
  return moveMemberToBranch(db, memberId, branch, date, { reason: 'transfer', actorId, detail: note });
}

/** Disables the member's own accounts: someone no longer on the roll does not sign in. */
async function disableAccounts(db: Db, memberId: number): Promise<number> {
  const rows = await db
    .updateTable('app_user')
    .set({ disabled: 1 })
    .where('member_id', '=', memberId)
    .where('disabled', '=', 0)
    .returning('id')
    .execute();
  return rows.length;
}

async function leave(
  db: Db,
  memberId: number,
  kind: 'transfer_out' | 'death',
  date: string,
  actorId: number | null,
  to: string | null,
) {
  const before = await activeMember(db, memberId);
  checkEffectiveDate(date, await lastBranchChange(db, memberId));
  if (before.joined_at && date < before.joined_at)
    throw new DomainError('BAD_INPUT', 'org.beforeJoined', { date, joined: before.joined_at });
  const after = (await db
    .updateTable('member')
    .set({ status: kind === 'death' ? 'deceased' : 'transferred_out', left_on: date, left_to: to })
    .where('id', '=', memberId)
    .returningAll()
    .executeTakeFirstOrThrow()) as MemberFull;
  const accountsDisabled = await disableAccounts(db, memberId);
  await addEvent(db, { memberId, kind, on: date, from: before.branch_id, detail: to, actorId });
  return { before, after, accountsDisabled };
}

/**
 * Transfer out of the district on `date` to `to` (the receiving organization): the member stays
 * readable under the last branch but is no longer counted on the roll.
 */
export const transferOut = (
  db: Db,
  memberId: number,
  to: string,
  date: string = shanghaiDate(),
  actorId: number | null = null,
) => leave(db, memberId, 'transfer_out', date, actorId, to);

/** Records a member's death on `date`; the member stays readable, no longer counted. */
export const recordDeath = (
  db: Db,
  memberId: number,
  date: string = shanghaiDate(),
  actorId: number | null = null,
) => leave(db, memberId, 'death', date, actorId, null);

/** 预备→正式: a probationary member becomes a full member on `date` (转正日期). */
export async function confirmMember(
  db: Db,
  memberId: number,
  date: string = shanghaiDate(),
  actorId: number | null = null,
): Promise<{ before: MemberFull; after: MemberFull }> {
  const before = await activeMember(db, memberId);
  if (before.category !== 'probationary')
    throw new DomainError('BAD_INPUT', 'org.notProbationary', { name: before.name });
  checkEffectiveDate(date, null);
  if (before.joined_at && date < before.joined_at)
    throw new DomainError('BAD_INPUT', 'org.beforeJoined', { date, joined: before.joined_at });
  const after = (await db
    .updateTable('member')
    .set({ category: 'full', confirmed_at: date })
    .where('id', '=', memberId)
    .returningAll()
    .executeTakeFirstOrThrow()) as MemberFull;
  await addEvent(db, { memberId, kind: 'confirm', on: date, from: before.branch_id, actorId });
  return { before, after };
}
