/**
 * One-time subsidies (安家补贴, 购房补贴): application → review → approval (commits from the
 * fund) → disbursement, with refusal, withdrawal and cancellation. At most one live
 * application per talent and kind (a partial unique index), whatever the concurrency.
 */

import { DomainError, nowIso, shanghaiDate, t } from '@zhanqian/core';
import type {
  Database,
  Kysely,
  TalentSubsidyApplicationTable,
  TalentSubsidyKind,
  TalentSubsidyStatus,
} from '@zhanqian/db';
import { dialectOf, sql } from '@zhanqian/db';
import { notify } from '@zhanqian/notify';
import type { Selectable } from 'kysely';
import { assertSeparateDuties, dutyStepOf } from './duties.ts';
import { loadDutyPairs } from './duty-config.ts';
import {
  type Approver,
  appendEntry,
  inTransaction,
  isUniqueViolation,
  lockFund,
  reverseEntry,
} from './ledger.ts';
import { getTalent, getTier } from './registry.ts';
import {
  type Eligibility,
  nextSubsidyStatus,
  SUBSIDY_KIND_LABELS,
  type SubsidyAction,
  subsidyEligibility,
} from './rules.ts';

type Db = Kysely<Database>;
export type SubsidyApplication = Selectable<TalentSubsidyApplicationTable>;

/** Eligibility of a talent for a subsidy kind, judged against the catalogue of the year introduced. */
export async function eligibilityFor(
  db: Db,
  talentId: number,
  kind: TalentSubsidyKind,
): Promise<Eligibility> {
  const person = await getTalent(db, talentId);
  const tier = await getTier(db, person.tier_id);
  const year = Number(person.introduced_on.slice(0, 4));
  const codes = await db
    .selectFrom('talent_catalogue')
    .select('field_code')
    .where('year', '=', year)
    .execute();
  return subsidyEligibility({
    kind,
    introducedVia: person.introduced_via,
    introducedOn: person.introduced_on,
    fieldCode: person.field_code,
    tier,
    catalogueFieldCodes: new Set(codes.map((c) => c.field_code)),
  });
}

function refuseIneligible(e: Eligibility): never {
  const reasons = e.reasons
    .filter((r) => !r.ok)
    .map((r) => t(r.messageKey, 'zh-CN', r.params))
    .join('；');
  throw new DomainError('PRECONDITION_FAILED', 'talent.notEligible', { reasons });
}

export async function getApplication(db: Db, id: number): Promise<SubsidyApplication> {
  const a = await db
    .selectFrom('talent_subsidy_application')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!a) throw new DomainError('NOT_FOUND', 'talent.applicationNotFound', { id });
  return a;
}

/**
 * Files an application after checking eligibility. A second live application of the same
 * kind for the same talent is refused (CONFLICT), also when two arrive at once.
 *
 * @example await applyForSubsidy(trx, { talentId: 3, kind: 'settling', via: 'staff', actor: { userId: 2, name: '人才办' } })
 */
export async function applyForSubsidy(
  db: Db,
  input: {
    talentId: number;
    kind: TalentSubsidyKind;
    via: 'member_app' | 'staff';
    actor: Approver;
    note?: string | null;
    at?: string;
  },
): Promise<SubsidyApplication> {
  return inTransaction(db, async (trx) => {
    // SQLite: take the write lock before reading (BEGIN IMMEDIATE semantics), so a concurrent
    // writer on another connection waits and then sees this application (a clean CONFLICT).
    if (dialectOf(trx) === 'sqlite')
      await sql`update talent_person set updated_at = updated_at where id = ${input.talentId}`.execute(trx);
    return fileApplication(trx, input);
  });
}

async function fileApplication(
  db: Db,
  input: Parameters<typeof applyForSubsidy>[1],
): Promise<SubsidyApplication> {
  const elig = await eligibilityFor(db, input.talentId, input.kind);
  if (!elig.eligible) refuseIneligible(elig);
  const kindLabel = SUBSIDY_KIND_LABELS[input.kind]['zh-CN'];
  const live = await db
    .selectFrom('talent_subsidy_application')
    .select('id')
    .where('talent_id', '=', input.talentId)
    .where('kind', '=', input.kind)
    .where('status', 'in', ['submitted', 'reviewed', 'approved', 'disbursed'])
    .executeTakeFirst();
  if (live) throw new DomainError('CONFLICT', 'talent.alreadyApplied', { kind: kindLabel });
  const at = input.at ?? nowIso();
  try {
    return await db
      .insertInto('talent_subsidy_application')
      .values({
        talent_id: input.talentId,
        kind: input.kind,
        status: 'submitted',
        amount_fen: elig.amountFen,
        catalogue_year: elig.catalogueYear,
        eligibility_json: JSON.stringify(elig.reasons),
        applied_via: input.via,
        applied_by: input.actor.userId,
        applied_at: at,
        note: input.note ?? null,
        reviewed_by: null,
        reviewed_at: null,
        decided_by: null,
        decided_at: null,
        decision_reason: null,
        commitment_entry_id: null,
        disbursement_entry_id: null,
        disbursed_on: null,
        updated_at: at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (e) {
    if (isUniqueViolation(e)) throw new DomainError('CONFLICT', 'talent.alreadyApplied', { kind: kindLabel });
    throw e;
  }
}

export interface TransitionInput {
  id: number;
  action: SubsidyAction;
  actor: Approver;
  /** Required for reject and cancel; recorded on the ledger entry for approve and disburse. */
  reason?: string | undefined;
  /** The fund an approval commits from, a disbursement pays from, a cancellation returns to. */
  fundId?: number | undefined;
  /** The ledger date (defaults to today in Shanghai). */
  on?: string | undefined;
}

/**
 * Moves an application along its state machine. Approval re-checks eligibility and commits
 * the amount from the fund (refused if the fund's available balance is short);
 * disbursement pays the commitment; cancellation of an approved application reverses the
 * commitment. An illegal transition, or one raced by another user, is refused (CONFLICT).
 * Review, approval and disbursement keep the separation of duties in force (FORBIDDEN
 * `talent.duty.separate` when the actor did a step that must be someone else's).
 */
export async function transitionApplication(
  db: Db,
  input: TransitionInput,
): Promise<{ before: SubsidyApplication; after: SubsidyApplication }> {
  return inTransaction(db, async (trx) => {
    const touchesFund =
      input.action === 'approve' || input.action === 'disburse' || input.action === 'cancel';
    // Lock first: on SQLite this takes the write lock before any read (BEGIN IMMEDIATE semantics).
    const fundId = input.fundId ?? 0;
    if (touchesFund) {
      if (input.fundId === undefined)
        throw new DomainError('NOT_FOUND', 'talent.fundNotFound', { code: '—' });
      await lockFund(trx, fundId);
    }
    const before = await getApplication(trx, input.id);
    const to = nextSubsidyStatus(before.status, input.action);
    const step = dutyStepOf(input.action);
    if (step)
      assertSeparateDuties(
        await loadDutyPairs(trx),
        {
          apply: before.applied_by,
          review: before.reviewed_by,
          // the approver: who decided an application now approved (or already paid)
          approve: before.status === 'approved' || before.status === 'disbursed' ? before.decided_by : null,
          disburse: before.disbursed_by,
        },
        step,
        input.actor.userId,
      );
    const now = nowIso();
    const on = input.on ?? shanghaiDate();
    const reason = input.reason?.trim() ?? '';
    const kindLabel = SUBSIDY_KIND_LABELS[before.kind]['zh-CN'];
    const set: Partial<SubsidyApplication> = { status: to, updated_at: now };
    switch (input.action) {
      case 'review':
        set.reviewed_by = input.actor.userId;
        set.reviewed_at = now;
        break;
      case 'reject':
      case 'cancel':
      case 'withdraw':
        if (input.action !== 'withdraw' && !reason)
          throw new DomainError('BAD_INPUT', 'talent.reasonRequired');
        set.decided_by = input.actor.userId;
        set.decided_at = now;
        set.decision_reason = reason || null;
        if (input.action === 'cancel' && before.commitment_entry_id !== null) {
          await reverseEntry(trx, {
            entryId: before.commitment_entry_id,
            reason: `撤销${kindLabel}审批（申请 ${before.id}）：${reason}`,
            approver: input.actor,
            entryDate: on,
            allowLinked: true,
          });
        }
        break;
      case 'approve': {
        const elig = await eligibilityFor(trx, before.talent_id, before.kind);
        if (!elig.eligible) refuseIneligible(elig);
        const entry = await appendEntry(trx, {
          fundId,
          kind: 'commitment',
          amountFen: before.amount_fen,
          refType: 'subsidy',
          refId: before.id,
          entryDate: on,
          reason: reason || `批准${kindLabel}（申请 ${before.id}）`,
          approver: input.actor,
        });
        set.commitment_entry_id = entry.id;
        set.decided_by = input.actor.userId;
        set.decided_at = now;
        set.decision_reason = reason || null;
        break;
      }
      case 'disburse': {
        const entry = await appendEntry(trx, {
          fundId,
          kind: 'disbursement',
          amountFen: before.amount_fen,
          refType: 'subsidy',
          refId: before.id,
          entryDate: on,
          reason: reason || `拨付${kindLabel}（申请 ${before.id}）`,
          approver: input.actor,
        });
        set.disbursement_entry_id = entry.id;
        set.disbursed_on = on;
        set.disbursed_by = input.actor.userId;
        break;
      }
    }
    // Conditional on the status read: a concurrent change makes this update match nothing.
    const after = await trx
      .updateTable('talent_subsidy_application')
      .set(set)
      .where('id', '=', input.id)
      .where('status', '=', before.status)
      .returningAll()
      .executeTakeFirst();
    if (!after) throw new DomainError('CONFLICT', 'talent.concurrentChange');
    if (input.action === 'approve' || input.action === 'reject') await notifyDecided(trx, after);
    return { before, after };
  });
}

/** Tells the talent (their account) and whoever applied for them that the application was decided. */
async function notifyDecided(trx: Db, a: SubsidyApplication): Promise<void> {
  const talent = await trx
    .selectFrom('talent_person')
    .select('user_id')
    .where('id', '=', a.talent_id)
    .executeTakeFirst();
  const to = [talent?.user_id ?? null, a.applied_by].filter((u): u is number => u !== null);
  await notify(trx, {
    to: { userIds: to },
    kind: a.status === 'approved' ? 'talent.subsidy_approved' : 'talent.subsidy_rejected',
    params: { id: a.id, amount: (a.amount_fen / 100).toFixed(2), reason: a.decision_reason ?? '' },
    link: '/talent/applications',
    linkM: '/talent',
    senderUserId: a.decided_by,
  });
}

export interface ApplicationQuery {
  status?: TalentSubsidyStatus | undefined;
  kind?: TalentSubsidyKind | undefined;
  talentId?: number | undefined;
  scopeRootId: number;
  page: number;
  pageSize: number;
}

export interface ApplicationRow extends SubsidyApplication {
  talentName: string;
  employer: string;
}

/** Applications within a subtree, newest first, with the total, counts and amounts by status. */
export async function listApplications(
  db: Db,
  q: ApplicationQuery,
): Promise<{
  total: number;
  byStatus: Record<TalentSubsidyStatus, { count: number; amountFen: number }>;
  rows: ApplicationRow[];
}> {
  let base = db
    .selectFrom('talent_subsidy_application as a')
    .innerJoin('talent_person as p', 'p.id', 'a.talent_id')
    .innerJoin('org_closure as c', (j) =>
      j.onRef('c.descendant_id', '=', 'p.org_unit_id').on('c.ancestor_id', '=', q.scopeRootId),
    );
  if (q.talentId !== undefined) base = base.where('a.talent_id', '=', q.talentId);
  if (q.kind) base = base.where('a.kind', '=', q.kind);
  const statusRows = await base
    .select([
      'a.status',
      sql<number>`count(*)`.as('n'),
      sql<number>`coalesce(sum(a.amount_fen), 0)`.as('fen'),
    ])
    .groupBy('a.status')
    .execute();
  const byStatus = Object.fromEntries(
    (['submitted', 'reviewed', 'approved', 'disbursed', 'rejected', 'withdrawn', 'cancelled'] as const).map(
      (s) => [s, { count: 0, amountFen: 0 }],
    ),
  ) as Record<TalentSubsidyStatus, { count: number; amountFen: number }>;
  for (const r of statusRows) byStatus[r.status] = { count: Number(r.n), amountFen: Number(r.fen) };
  if (q.status) base = base.where('a.status', '=', q.status);
  const total = await base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .selectAll('a')
    .select(['p.name as talentName', 'p.employer'])
    .orderBy('a.id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { total: Number(total.n), byStatus, rows };
}
