/**
 * The biennial excellent-talent selection (优秀人才评选): cycle → nominations → expert panel
 * scores → shortlist → publicity (公示) → award paid from the fund.
 */
import { DomainError, nowIso, shanghaiDate } from '@zhanqian/core';
import type {
  Database,
  Kysely,
  TalentAwardCycleStatus,
  TalentAwardCycleTable,
  TalentAwardExpertTable,
  TalentAwardTitle,
  TalentNominationTable,
} from '@zhanqian/db';
import type { Selectable } from 'kysely';
import { type Approver, appendEntry, inTransaction, isUniqueViolation, lockFund } from './ledger.ts';
import { getTalent } from './registry.ts';
import {
  AWARD_TITLE_LABELS,
  AWARD_TITLES,
  assertPublicityWindow,
  type CombineResult,
  type CycleAction,
  combineScores,
  illegal,
  nextCycleStatus,
  type RankedNominee,
  shortlist,
} from './rules.ts';

type Db = Kysely<Database>;
export type AwardCycle = Selectable<TalentAwardCycleTable>;
export type Nomination = Selectable<TalentNominationTable>;
export type Expert = Selectable<TalentAwardExpertTable>;

/** The first selection year; cycles are every two years from it. */
export const FIRST_CYCLE_YEAR = 2008;

export interface QuotaInput {
  title: TalentAwardTitle;
  quota: number;
  amountFen: number;
}

export async function getCycle(db: Db, id: number): Promise<AwardCycle> {
  const c = await db.selectFrom('talent_award_cycle').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c) throw new DomainError('NOT_FOUND', 'talent.cycleNotFound', { id });
  return c;
}

function requireStatus(cycle: AwardCycle, ...allowed: TalentAwardCycleStatus[]): void {
  if (!allowed.includes(cycle.status))
    throw new DomainError('CONFLICT', 'talent.cycleClosedForChange', { status: cycle.status });
}

/**
 * Opens a selection for an even year from 2008 with its quota and amount per title.
 *
 * @example await createCycle(db, { year: 2026, quotas: [{ title: 'leading', quota: 1, amountFen: 20_000_000 }] })
 */
export async function createCycle(
  db: Db,
  input: { year: number; name?: string; quotas: QuotaInput[] },
): Promise<AwardCycle> {
  if (input.year < FIRST_CYCLE_YEAR || (input.year - FIRST_CYCLE_YEAR) % 2 !== 0)
    throw new DomainError('BAD_INPUT', 'talent.cycleNotBiennial');
  const now = nowIso();
  let cycle: AwardCycle;
  try {
    cycle = await db
      .insertInto('talent_award_cycle')
      .values({
        year: input.year,
        name: input.name ?? `${input.year} 年度优秀人才评选`,
        status: 'nominating',
        publicity_start: null,
        publicity_end: null,
        awarded_on: null,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (e) {
    if (isUniqueViolation(e))
      throw new DomainError('CONFLICT', 'talent.cycleYearTaken', { year: input.year });
    throw e;
  }
  const byTitle = new Map(input.quotas.map((q) => [q.title, q]));
  await db
    .insertInto('talent_award_quota')
    .values(
      AWARD_TITLES.map((title) => ({
        cycle_id: cycle.id,
        title,
        quota: byTitle.get(title)?.quota ?? 0,
        amount_fen: byTitle.get(title)?.amountFen ?? 0,
      })),
    )
    .execute();
  return cycle;
}

export async function cycleQuotas(db: Db, cycleId: number): Promise<QuotaInput[]> {
  const rows = await db
    .selectFrom('talent_award_quota')
    .selectAll()
    .where('cycle_id', '=', cycleId)
    .execute();
  return AWARD_TITLES.map((title) => {
    const r = rows.find((x) => x.title === title);
    return { title, quota: r?.quota ?? 0, amountFen: r?.amount_fen ?? 0 };
  });
}

export async function listCycles(
  db: Db,
): Promise<(AwardCycle & { nominations: number; awarded: number; awardedFen: number })[]> {
  const cycles = await db.selectFrom('talent_award_cycle').selectAll().orderBy('year', 'desc').execute();
  const counts = await db
    .selectFrom('talent_nomination')
    .select((eb) => [
      'cycle_id',
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>(eb.case().when('status', '=', 'awarded').then(1).else(0).end()).as('awarded'),
      eb.fn
        .sum<number>(eb.case().when('status', '=', 'awarded').then(eb.ref('award_fen')).else(0).end())
        .as('fen'),
    ])
    .groupBy('cycle_id')
    .execute();
  const by = new Map(counts.map((c) => [c.cycle_id, c]));
  return cycles.map((c) => ({
    ...c,
    nominations: Number(by.get(c.id)?.n ?? 0),
    awarded: Number(by.get(c.id)?.awarded ?? 0),
    awardedFen: Number(by.get(c.id)?.fen ?? 0),
  }));
}

export async function addExpert(
  db: Db,
  input: { cycleId: number; name: string; userId?: number | null },
): Promise<Expert> {
  const cycle = await getCycle(db, input.cycleId);
  requireStatus(cycle, 'nominating');
  if (input.userId != null) {
    const user = await db
      .selectFrom('app_user')
      .select('id')
      .where('id', '=', input.userId)
      .executeTakeFirst();
    if (!user) throw new DomainError('NOT_FOUND', 'talent.userNotFound', { id: input.userId });
  }
  try {
    return await db
      .insertInto('talent_award_expert')
      .values({ cycle_id: input.cycleId, name: input.name, user_id: input.userId ?? null })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (e) {
    if (isUniqueViolation(e)) throw new DomainError('CONFLICT', 'talent.expertTaken', { name: input.name });
    throw e;
  }
}

export async function listExperts(db: Db, cycleId: number): Promise<Expert[]> {
  return db
    .selectFrom('talent_award_expert')
    .selectAll()
    .where('cycle_id', '=', cycleId)
    .orderBy('id')
    .execute();
}

/** Nominates a registered talent for a title; one nomination per talent per cycle. */
export async function nominate(
  db: Db,
  input: { cycleId: number; talentId: number; title: TalentAwardTitle; nominatedBy: string; reason: string },
): Promise<Nomination> {
  const cycle = await getCycle(db, input.cycleId);
  requireStatus(cycle, 'nominating');
  await getTalent(db, input.talentId);
  const now = nowIso();
  try {
    return await db
      .insertInto('talent_nomination')
      .values({
        cycle_id: input.cycleId,
        talent_id: input.talentId,
        title: input.title,
        nominated_by: input.nominatedBy,
        reason: input.reason,
        status: 'nominated',
        combined_score: null,
        rank: null,
        award_fen: null,
        award_entry_id: null,
        status_reason: null,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (e) {
    if (isUniqueViolation(e)) throw new DomainError('CONFLICT', 'talent.alreadyNominated');
    throw e;
  }
}

export interface NominationRow extends Nomination {
  talentName: string;
  employer: string;
}

export async function listNominations(db: Db, cycleId: number): Promise<NominationRow[]> {
  return db
    .selectFrom('talent_nomination as n')
    .innerJoin('talent_person as p', 'p.id', 'n.talent_id')
    .selectAll('n')
    .select(['p.name as talentName', 'p.employer'])
    .where('n.cycle_id', '=', cycleId)
    .orderBy('n.title')
    .orderBy('n.rank')
    .orderBy('n.id')
    .execute();
}

async function moveCycle(
  db: Db,
  cycle: AwardCycle,
  action: CycleAction,
  extra: Partial<AwardCycle> = {},
): Promise<AwardCycle> {
  const to = nextCycleStatus(cycle.status, action);
  const after = await db
    .updateTable('talent_award_cycle')
    .set({ ...extra, status: to, updated_at: nowIso() })
    .where('id', '=', cycle.id)
    .where('status', '=', cycle.status)
    .returningAll()
    .executeTakeFirst();
  if (!after) throw new DomainError('CONFLICT', 'talent.concurrentChange');
  return after;
}

/** Closes nominations and opens panel scoring (needs at least one expert). */
export async function startScoring(
  db: Db,
  cycleId: number,
): Promise<{ before: AwardCycle; after: AwardCycle }> {
  const before = await getCycle(db, cycleId);
  nextCycleStatus(before.status, 'startScoring');
  if ((await listExperts(db, cycleId)).length === 0)
    throw new DomainError('PRECONDITION_FAILED', 'talent.noExperts');
  return { before, after: await moveCycle(db, before, 'startScoring') };
}

/**
 * Records one expert's score of one nominee (integer hundredths, 0–10000). Each expert
 * scores each nominee once: a second score for the same pair is refused (CONFLICT), also
 * under concurrency (a unique constraint).
 */
export async function recordScore(
  db: Db,
  input: { nominationId: number; expertId: number; score: number; enteredBy: number | null },
): Promise<{ id: number; nominationId: number; expertId: number; score: number }> {
  const nom = await db
    .selectFrom('talent_nomination')
    .selectAll()
    .where('id', '=', input.nominationId)
    .executeTakeFirst();
  if (!nom) throw new DomainError('NOT_FOUND', 'talent.nominationNotFound', { id: input.nominationId });
  const cycle = await getCycle(db, nom.cycle_id);
  requireStatus(cycle, 'scoring');
  if (nom.status !== 'nominated')
    throw new DomainError('CONFLICT', 'talent.cycleClosedForChange', { status: nom.status });
  const expert = await db
    .selectFrom('talent_award_expert')
    .selectAll()
    .where('id', '=', input.expertId)
    .executeTakeFirst();
  if (!expert || expert.cycle_id !== nom.cycle_id)
    throw new DomainError('BAD_INPUT', 'talent.scoreUnknownExpert', { expert: input.expertId });
  if (!Number.isSafeInteger(input.score) || input.score < 0 || input.score > 10_000)
    throw new DomainError('BAD_INPUT', 'talent.badScore', { score: input.score });
  try {
    const row = await db
      .insertInto('talent_award_score')
      .values({
        nomination_id: input.nominationId,
        expert_id: input.expertId,
        score: input.score,
        entered_by: input.enteredBy,
        created_at: nowIso(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, nominationId: input.nominationId, expertId: input.expertId, score: input.score };
  } catch (e) {
    if (isUniqueViolation(e))
      throw new DomainError('CONFLICT', 'talent.duplicateScore', {
        nomination: input.nominationId,
        expert: input.expertId,
      });
    throw e;
  }
}

/** The panel's score sheet of a cycle: every nominee × expert, combined scores, and what is missing. */
export async function scoreSheet(
  db: Db,
  cycleId: number,
): Promise<CombineResult & { experts: Expert[]; nominations: NominationRow[] }> {
  const nominations = (await listNominations(db, cycleId)).filter((n) => n.status !== 'withdrawn');
  const experts = await listExperts(db, cycleId);
  const scores = await db
    .selectFrom('talent_award_score as s')
    .innerJoin('talent_nomination as n', 'n.id', 's.nomination_id')
    .select(['s.nomination_id as nominationId', 's.expert_id as expertId', 's.score'])
    .where('n.cycle_id', '=', cycleId)
    .where('n.status', '!=', 'withdrawn')
    .execute();
  const combined = combineScores(
    nominations.map((n) => n.id),
    experts.map((e) => e.id),
    scores,
  );
  return { ...combined, experts, nominations };
}

/**
 * Draws the shortlist once every expert has scored every nominee (missing scores are
 * refused with their count, never skipped). Writes each nominee's combined score and rank.
 */
export async function drawShortlist(
  db: Db,
  cycleId: number,
): Promise<{
  before: AwardCycle;
  after: AwardCycle;
  ranked: RankedNominee[];
  overQuota: ReturnType<typeof shortlist>['overQuota'];
}> {
  return inTransaction(db, async (trx) => {
    const before = await getCycle(trx, cycleId);
    nextCycleStatus(before.status, 'shortlist');
    const sheet = await scoreSheet(trx, cycleId);
    if (sheet.experts.length === 0) throw new DomainError('PRECONDITION_FAILED', 'talent.noExperts');
    if (!sheet.complete)
      throw new DomainError('PRECONDITION_FAILED', 'talent.scoresMissing', { count: sheet.missing.length });
    const titleOf = new Map(sheet.nominations.map((n) => [n.id, n.title]));
    const quotas = Object.fromEntries((await cycleQuotas(trx, cycleId)).map((q) => [q.title, q.quota]));
    const result = shortlist(
      sheet.rows.map((r) => ({
        nominationId: r.nominationId,
        title: titleOf.get(r.nominationId)!,
        combined: r.combined!,
      })),
      quotas,
    );
    const now = nowIso();
    for (const r of result.ranked) {
      await trx
        .updateTable('talent_nomination')
        .set({
          combined_score: r.combined,
          rank: r.rank,
          status: r.shortlisted ? 'shortlisted' : 'not_shortlisted',
          updated_at: now,
        })
        .where('id', '=', r.nominationId)
        .execute();
    }
    const after = await moveCycle(trx, before, 'shortlist');
    return { before, after, ...result };
  });
}

/** Publishes the shortlist for a publicity window (公示, at least five days). */
export async function publishShortlist(
  db: Db,
  input: { cycleId: number; start: string; end: string },
): Promise<{ before: AwardCycle; after: AwardCycle }> {
  assertPublicityWindow(input.start, input.end);
  const before = await getCycle(db, input.cycleId);
  const after = await moveCycle(db, before, 'publish', {
    publicity_start: input.start,
    publicity_end: input.end,
  });
  return { before, after };
}

/**
 * Withdraws a nomination: before scoring ends (a nominee leaves), or during publicity when an
 * objection is upheld (the shortlisted nominee does not receive the award). Reason required.
 */
export async function withdrawNomination(
  db: Db,
  input: { nominationId: number; reason: string },
): Promise<{ before: Nomination; after: Nomination }> {
  const reason = input.reason.trim();
  if (!reason) throw new DomainError('BAD_INPUT', 'talent.reasonRequired');
  const before = await db
    .selectFrom('talent_nomination')
    .selectAll()
    .where('id', '=', input.nominationId)
    .executeTakeFirst();
  if (!before) throw new DomainError('NOT_FOUND', 'talent.nominationNotFound', { id: input.nominationId });
  const cycle = await getCycle(db, before.cycle_id);
  const ok =
    (before.status === 'nominated' && (cycle.status === 'nominating' || cycle.status === 'scoring')) ||
    (before.status === 'shortlisted' && cycle.status === 'publicity');
  if (!ok) throw illegal(before.status, 'withdraw');
  const after = await db
    .updateTable('talent_nomination')
    .set({ status: 'withdrawn', status_reason: reason, updated_at: nowIso() })
    .where('id', '=', before.id)
    .where('status', '=', before.status)
    .returningAll()
    .executeTakeFirst();
  if (!after) throw new DomainError('CONFLICT', 'talent.concurrentChange');
  return { before, after };
}

/**
 * Confers the awards once publicity is over: each shortlisted nominee gets the title's
 * amount, committed and paid from the fund in one transaction (all or nothing: if the
 * fund cannot pay them all, none is paid).
 */
export async function conferAwards(
  db: Db,
  input: { cycleId: number; fundId: number; approver: Approver; on?: string },
): Promise<{ before: AwardCycle; after: AwardCycle; awarded: number; totalFen: number }> {
  return inTransaction(db, async (trx) => {
    await lockFund(trx, input.fundId);
    const before = await getCycle(trx, input.cycleId);
    nextCycleStatus(before.status, 'award');
    const on = input.on ?? shanghaiDate();
    if (before.publicity_end && on <= before.publicity_end)
      throw new DomainError('PRECONDITION_FAILED', 'talent.publicityNotOver', { end: before.publicity_end });
    const amounts = new Map((await cycleQuotas(trx, input.cycleId)).map((q) => [q.title, q.amountFen]));
    const winners = (await listNominations(trx, input.cycleId)).filter((n) => n.status === 'shortlisted');
    let totalFen = 0;
    const now = nowIso();
    for (const n of winners) {
      const amount = amounts.get(n.title) ?? 0;
      let entryId: number | null = null;
      if (amount > 0) {
        const why = `${before.year} 年度${AWARD_TITLE_LABELS[n.title]['zh-CN']}奖励：${n.talentName}（提名 ${n.id}）`;
        await appendEntry(trx, {
          fundId: input.fundId,
          kind: 'commitment',
          amountFen: amount,
          refType: 'award',
          refId: n.id,
          entryDate: on,
          reason: why,
          approver: input.approver,
        });
        const paid = await appendEntry(trx, {
          fundId: input.fundId,
          kind: 'disbursement',
          amountFen: amount,
          refType: 'award',
          refId: n.id,
          entryDate: on,
          reason: why,
          approver: input.approver,
        });
        entryId = paid.id;
      }
      totalFen += amount;
      await trx
        .updateTable('talent_nomination')
        .set({ status: 'awarded', award_fen: amount, award_entry_id: entryId, updated_at: now })
        .where('id', '=', n.id)
        .execute();
    }
    const after = await moveCycle(trx, before, 'award', { awarded_on: on });
    return { before, after, awarded: winners.length, totalFen };
  });
}
