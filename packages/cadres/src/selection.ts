import { DomainError, nowIso, t } from '@zhanqian/core';
import type { Database, Kysely } from '@zhanqian/db';
import { sql } from '@zhanqian/db';
import { subtreeIds } from '@zhanqian/org';
import type { AppraisalSnapshot } from './appraisal.ts';
import {
  type CampaignKind,
  type CandidateFacts,
  checkTransition,
  DEFAULT_STAGE_WEIGHTS,
  MIN_PUBLICITY_DAYS,
  publicityEnd,
  rankCandidates,
  type Stage,
  type StageWeights,
  selfNominationRefusal,
  withStageLabels,
} from './campaign.ts';
import { changePost } from './files.ts';
import { workingDaysBetween } from './holidays.ts';
import { notifyCandidateDecided } from './notices.ts';
import { checkEligibility, type Eligibility, type NominationSource, type Rank } from './rules.ts';

type Db = Kysely<Database>;

/** Runs `fn` in the caller's transaction, or opens one. */
function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

// ---------------------------------------------------------------- posts (职位)

export interface NewVacancy {
  orgUnitId: number;
  title: string;
  rank: Rank;
  isKey?: boolean;
  minYearsLower?: number;
  maxAge?: number;
  massThresholdPct?: number;
  openedOn: string;
}

/** Opens a post for nomination. Defaults: 3 years in the lower rank, age ≤ 45, mass threshold 50%. */
export async function createVacancy(db: Db, v: NewVacancy) {
  return db
    .insertInto('cadre_vacancy')
    .values({
      org_unit_id: v.orgUnitId,
      title: v.title,
      rank: v.rank,
      is_key: v.isKey ? 1 : 0,
      min_years_lower: v.minYearsLower ?? 3,
      max_age: v.maxAge ?? 45,
      mass_threshold_pct: v.massThresholdPct ?? 50,
      status: 'open',
      opened_on: v.openedOn,
      created_at: nowIso(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function getVacancy(db: Db, id: number) {
  const v = await db.selectFrom('cadre_vacancy').selectAll().where('id', '=', id).executeTakeFirst();
  if (!v) throw new DomainError('NOT_FOUND', 'cadres.vacancyNotFound', { id });
  return v;
}

/**
 * Posts in scope (or all open posts when `scopeRootId` is null: the public announcement list).
 * `selfNomination`: only the posts a member may nominate themself for now (selfNominationRefusal).
 */
export async function listVacancies(
  db: Db,
  opts: { scopeRootId: number | null; status?: 'open' | 'filled' | 'closed'; selfNomination?: boolean },
) {
  let q = db
    .selectFrom('cadre_vacancy as v')
    .innerJoin('org_unit as u', 'u.id', 'v.org_unit_id')
    .leftJoin('cadre_campaign as k', 'k.vacancy_id', 'v.id')
    .select([
      'v.id',
      'v.org_unit_id',
      'u.name as unit_name',
      'v.title',
      'v.rank',
      'v.is_key',
      'v.status',
      'v.opened_on',
      'v.min_years_lower',
      'v.max_age',
      'k.id as campaign_id',
      'k.kind as campaign_kind',
      'k.stage as campaign_stage',
    ]);
  if (opts.scopeRootId !== null) q = q.where('v.org_unit_id', 'in', subtreeIds(db, opts.scopeRootId));
  if (opts.status) q = q.where('v.status', '=', opts.status);
  let rows = await q.orderBy('v.opened_on', 'desc').orderBy('v.id', 'desc').orderBy('k.id', 'desc').execute();
  if (opts.selfNomination) {
    // A post's latest campaign decides (an earlier one may have been cancelled).
    const seen = new Set<number>();
    rows = rows.filter((r) => {
      if (seen.has(r.id)) return false;
      seen.add(r.id);
      return selfNominationRefusal(r.status, (r.campaign_stage as Stage | null) ?? null) === null;
    });
  }
  return { total: rows.length, rows };
}

/** The latest campaign of a post, if any. */
async function latestCampaignOf(db: Db, vacancyId: number) {
  return db
    .selectFrom('cadre_campaign')
    .select(['id', 'stage'])
    .where('vacancy_id', '=', vacancyId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

// ---------------------------------------------------------------- nominations (四种推荐)

export interface NominationInput {
  vacancyId: number;
  cadreId: number;
  source: NominationSource;
  reason: string;
  recommenderUserId: number | null;
  recommenderName?: string | null;
  recommenderTitle?: string | null;
  votesFor?: number | null;
  votesCast?: number | null;
}

/** Localized one-line summary of eligibility reasons (for error messages). */
export function reasonsText(e: Eligibility, locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  return e.reasons
    .map((r) => t(`cadres.reason.${r.code}`, locale, r.params))
    .join(locale === 'en' ? '; ' : '；');
}

/** The eligibility of a cadre for a post on a date, with the appraisal lists of that date. */
export async function eligibilityFor(
  db: Db,
  cadreId: number,
  vacancyId: number,
  asOf: string,
  flags: AppraisalSnapshot,
  source: NominationSource = 'organization',
  votes?: { for: number; cast: number },
): Promise<Eligibility> {
  const c = await db.selectFrom('cadre').selectAll().where('id', '=', cadreId).executeTakeFirst();
  if (!c) throw new DomainError('NOT_FOUND', 'cadres.cadreNotFound', { id: cadreId });
  const v = await getVacancy(db, vacancyId);
  return checkEligibility(
    {
      rank: c.rank,
      rankSince: c.rank_since,
      birthDate: c.birth_date,
      orgUnitId: c.org_unit_id,
      status: c.status,
    },
    {
      rank: v.rank,
      minYearsLower: v.min_years_lower,
      maxAge: v.max_age,
      massThresholdPct: v.mass_threshold_pct,
    },
    {
      asOf,
      keyAdjustmentUnitIds: flags.keyAdjustment,
      promotionPriorityUnitIds: flags.promotionPriority,
      source,
      ...(votes ? { votes } : {}),
    },
  );
}

/**
 * Records a nomination from one of the four sources with its recommender on record (谁推荐谁负责)
 * and its eligibility (kept with reasons even when not eligible, so the record is complete).
 * A leader's recommendation needs the recommender's name and post; a mass one needs its tally.
 */
export async function nominate(db: Db, input: NominationInput, asOf: string, flags: AppraisalSnapshot) {
  const v = await getVacancy(db, input.vacancyId);
  if (v.status !== 'open') throw new DomainError('PRECONDITION_FAILED', 'cadres.vacancyNotOpen');
  if (input.source === 'leader' && (!input.recommenderName?.trim() || !input.recommenderTitle?.trim()))
    throw new DomainError('BAD_INPUT', 'cadres.leaderRecommender');
  let votes: { for: number; cast: number } | undefined;
  if (input.source === 'mass') {
    const f = input.votesFor;
    const c = input.votesCast;
    if (f == null || c == null || f < 0 || c < 1 || f > c)
      throw new DomainError('BAD_INPUT', 'cadres.massVotes');
    votes = { for: f, cast: c };
  }
  const dup = await db
    .selectFrom('cadre_nomination')
    .select('id')
    .where('vacancy_id', '=', input.vacancyId)
    .where('cadre_id', '=', input.cadreId)
    .where('source', '=', input.source)
    .executeTakeFirst();
  if (dup) throw new DomainError('CONFLICT', 'cadres.duplicateNomination');
  const e = await eligibilityFor(db, input.cadreId, input.vacancyId, asOf, flags, input.source, votes);
  const row = await db
    .insertInto('cadre_nomination')
    .values({
      vacancy_id: input.vacancyId,
      cadre_id: input.cadreId,
      source: input.source,
      recommender_user_id: input.recommenderUserId,
      recommender_name: input.recommenderName?.trim() || null,
      recommender_title: input.recommenderTitle?.trim() || null,
      reason: input.reason,
      votes_for: votes?.for ?? null,
      votes_cast: votes?.cast ?? null,
      eligible: e.eligible ? 1 : 0,
      reasons_json: JSON.stringify(e.reasons),
      priority: e.promotionPriority ? 1 : 0,
      created_at: nowIso(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { nomination: row, eligibility: e };
}

const nominationColumns = [
  'n.id',
  'n.vacancy_id',
  'v.title as vacancy_title',
  'n.cadre_id',
  'c.name as cadre_name',
  'n.source',
  'n.recommender_name',
  'n.recommender_title',
  'n.reason',
  'n.votes_for',
  'n.votes_cast',
  'n.eligible',
  'n.reasons_json',
  'n.priority',
  'n.created_at',
] as const;

function nominationView<T extends { eligible: number; priority: number; reasons_json: string }>(r: T) {
  const { reasons_json, eligible, priority, ...rest } = r;
  return {
    ...rest,
    eligible: eligible === 1,
    promotionPriority: priority === 1,
    reasons: JSON.parse(reasons_json) as Eligibility['reasons'],
  };
}

/** Nominations in scope, filtered, with counts per source (for the "by source" chart). */
export async function listNominations(
  db: Db,
  opts: { scopeRootId: number; vacancyId?: number; source?: NominationSource },
) {
  let q = db
    .selectFrom('cadre_nomination as n')
    .innerJoin('cadre_vacancy as v', 'v.id', 'n.vacancy_id')
    .innerJoin('cadre as c', 'c.id', 'n.cadre_id')
    .where('v.org_unit_id', 'in', subtreeIds(db, opts.scopeRootId));
  if (opts.vacancyId !== undefined) q = q.where('n.vacancy_id', '=', opts.vacancyId);
  const counts = await q
    .select(['n.source', sql<number>`count(*)`.as('n')])
    .groupBy('n.source')
    .execute();
  if (opts.source) q = q.where('n.source', '=', opts.source);
  const rows = await q.select(nominationColumns).orderBy('n.id', 'desc').execute();
  const bySource = { mass: 0, organization: 0, leader: 0, self: 0 } as Record<NominationSource, number>;
  for (const c of counts) bySource[c.source] = Number(c.n);
  return { total: rows.length, bySource, rows: rows.map(nominationView) };
}

/** A member's own nominations and how each campaign stands (no other candidate's data). */
export async function myNominations(db: Db, memberId: number) {
  const rows = await db
    .selectFrom('cadre_nomination as n')
    .innerJoin('cadre_vacancy as v', 'v.id', 'n.vacancy_id')
    .innerJoin('cadre as c', 'c.id', 'n.cadre_id')
    .leftJoin('cadre_campaign as k', 'k.vacancy_id', 'v.id')
    .leftJoin('cadre_candidate as cc', (j) =>
      j.onRef('cc.campaign_id', '=', 'k.id').onRef('cc.cadre_id', '=', 'c.id'),
    )
    .select([
      ...nominationColumns,
      'k.id as campaign_id',
      'k.title as campaign_title',
      'k.stage as campaign_stage',
      'k.publicity_end',
      'cc.qualified',
      'cc.decided',
      'cc.appointed',
    ])
    .where('c.member_id', '=', memberId)
    .orderBy('n.id', 'desc')
    .execute();
  return { total: rows.length, rows: rows.map(nominationView) };
}

/**
 * 干部自荐 from the member app: the member's own cadre file, an open post whose campaign (if
 * any) has not gone past registration (selfNominationRefusal: nominations close with
 * registration); when the campaign is in registration, the member is registered at once.
 */
export async function selfNominate(
  db: Db,
  input: { memberId: number; userId: number; vacancyId: number; reason: string },
  asOf: string,
  flags: AppraisalSnapshot,
) {
  const cadre = await db
    .selectFrom('cadre')
    .select(['id', 'name'])
    .where('member_id', '=', input.memberId)
    .executeTakeFirst();
  if (!cadre) throw new DomainError('PRECONDITION_FAILED', 'cadres.notACadre');
  const post = await getVacancy(db, input.vacancyId);
  const latest = await latestCampaignOf(db, input.vacancyId);
  const closed = selfNominationRefusal(post.status, (latest?.stage as Stage | undefined) ?? null);
  if (closed) throw new DomainError('PRECONDITION_FAILED', closed.key, withStageLabels(closed.params));
  const result = await nominate(
    db,
    {
      vacancyId: input.vacancyId,
      cadreId: cadre.id,
      source: 'self',
      reason: input.reason,
      recommenderUserId: input.userId,
      recommenderName: cadre.name,
    },
    asOf,
    flags,
  );
  let candidateId: number | null = null;
  if (latest?.stage === 'registration' && result.eligibility.eligible) {
    const c = await registerCandidate(db, {
      campaignId: latest.id,
      cadreId: cadre.id,
      nominationId: result.nomination.id,
    });
    candidateId = c.id;
  }
  return { ...result, candidateId };
}

// ---------------------------------------------------------------- campaigns (选拔)

export interface NewCampaign {
  vacancyId: number;
  kind: CampaignKind;
  title: string;
  slots: number;
  weights?: StageWeights;
  publicityDays?: number;
  on: string;
}

const assertStageWeights = (w: StageWeights) => {
  const sum = w.exam + w.interview + w.inspection;
  if ([w.exam, w.interview, w.inspection].some((x) => !Number.isInteger(x) || x < 0) || sum !== 10000)
    throw new DomainError('BAD_INPUT', 'cadres.weightsSum', { sum: (sum / 100).toFixed(2) });
};

/** Announces a campaign for a post (stage `announced`). */
export async function createCampaign(db: Db, c: NewCampaign) {
  const v = await getVacancy(db, c.vacancyId);
  if (v.status !== 'open') throw new DomainError('PRECONDITION_FAILED', 'cadres.vacancyNotOpen');
  const w = c.weights ?? DEFAULT_STAGE_WEIGHTS[c.kind];
  assertStageWeights(w);
  const now = nowIso();
  return db
    .insertInto('cadre_campaign')
    .values({
      vacancy_id: c.vacancyId,
      kind: c.kind,
      title: c.title,
      stage: 'announced',
      slots: c.slots,
      w_exam: w.exam,
      w_interview: w.interview,
      w_inspection: w.inspection,
      publicity_days: Math.max(MIN_PUBLICITY_DAYS, c.publicityDays ?? MIN_PUBLICITY_DAYS),
      publicity_start: null,
      publicity_end: null,
      last_on: c.on,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A campaign with the unit it belongs to (its post's unit), for scope checks. */
export async function getCampaign(db: Db, id: number) {
  const c = await db
    .selectFrom('cadre_campaign as k')
    .innerJoin('cadre_vacancy as v', 'v.id', 'k.vacancy_id')
    .selectAll('k')
    .select([
      'v.org_unit_id',
      'v.title as vacancy_title',
      'v.rank as vacancy_rank',
      'v.is_key as vacancy_is_key',
    ])
    .where('k.id', '=', id)
    .executeTakeFirst();
  if (!c) throw new DomainError('NOT_FOUND', 'cadres.campaignNotFound', { id });
  return c;
}

export async function getCandidate(db: Db, id: number) {
  const c = await db.selectFrom('cadre_candidate').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c) throw new DomainError('NOT_FOUND', 'cadres.candidateNotFound', { id });
  return c;
}

const assertStage = (stage: string, ...allowed: Stage[]) => {
  if (!allowed.includes(stage as Stage))
    throw new DomainError('PRECONDITION_FAILED', 'cadres.wrongStage', withStageLabels({ stage }));
};

/**
 * Registers a cadre in a campaign during registration. The cadre needs an eligible
 * nomination for the campaign's post (any of the four sources).
 */
export async function registerCandidate(
  db: Db,
  input: { campaignId: number; cadreId: number; nominationId?: number | null },
) {
  const k = await getCampaign(db, input.campaignId);
  assertStage(k.stage, 'registration');
  let nq = db
    .selectFrom('cadre_nomination')
    .select(['id', 'eligible', 'reasons_json'])
    .where('vacancy_id', '=', k.vacancy_id)
    .where('cadre_id', '=', input.cadreId);
  if (input.nominationId) nq = nq.where('id', '=', input.nominationId);
  const noms = await nq.orderBy('eligible', 'desc').orderBy('id').execute();
  const nom = noms[0];
  if (nom?.eligible !== 1) {
    const reasons = nom ? (JSON.parse(nom.reasons_json) as Eligibility['reasons']) : [];
    const e = { eligible: false, reasons, promotionPriority: false };
    throw new DomainError('PRECONDITION_FAILED', 'cadres.notEligible', {
      reasons: nom ? reasonsText(e) : '无有效推荐',
      reasonsEn: nom ? reasonsText(e, 'en') : 'no nomination',
    });
  }
  const dup = await db
    .selectFrom('cadre_candidate')
    .select('id')
    .where('campaign_id', '=', input.campaignId)
    .where('cadre_id', '=', input.cadreId)
    .executeTakeFirst();
  if (dup) throw new DomainError('CONFLICT', 'cadres.alreadyRegistered');
  return db
    .insertInto('cadre_candidate')
    .values({
      campaign_id: input.campaignId,
      cadre_id: input.cadreId,
      nomination_id: nom.id,
      qualified: null,
      qualification_note: null,
      exam_score: null,
      interview_score: null,
      inspection_score: null,
      created_at: nowIso(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** 资格审查: pass or fail a registration, with a note. Only during qualification review. */
export async function reviewQualification(
  db: Db,
  input: { candidateId: number; qualified: boolean; note: string | null },
) {
  const before = await getCandidate(db, input.candidateId);
  const k = await getCampaign(db, before.campaign_id);
  assertStage(k.stage, 'qualification');
  await db
    .updateTable('cadre_candidate')
    .set({ qualified: input.qualified ? 1 : 0, qualification_note: input.note })
    .where('id', '=', input.candidateId)
    .execute();
  if (before.qualified !== (input.qualified ? 1 : 0))
    await notifyCandidateDecided(db, before, input.qualified ? 'qualified' : 'unqualified');
  return { before, after: await getCandidate(db, input.candidateId) };
}

/** Records a qualified candidate's score (hundredths, 0–10000) of the campaign's current scored stage. */
export async function recordStageScore(
  db: Db,
  input: { candidateId: number; stage: 'exam' | 'interview' | 'inspection'; score: number },
) {
  if (!Number.isInteger(input.score) || input.score < 0 || input.score > 10000)
    throw new DomainError('BAD_INPUT', 'cadres.badScore');
  const before = await getCandidate(db, input.candidateId);
  const k = await getCampaign(db, before.campaign_id);
  assertStage(k.stage, input.stage);
  if (before.qualified !== 1) throw new DomainError('PRECONDITION_FAILED', 'cadres.notQualified');
  const column = `${input.stage}_score` as const;
  await db
    .updateTable('cadre_candidate')
    .set({ [column]: input.score })
    .where('id', '=', input.candidateId)
    .execute();
  return { before, after: await getCandidate(db, input.candidateId) };
}

/** 讨论决定: marks (or unmarks) a qualified candidate as the decided appointee. */
export async function decideCandidate(db: Db, input: { candidateId: number; decided: boolean }) {
  const before = await getCandidate(db, input.candidateId);
  const k = await getCampaign(db, before.campaign_id);
  assertStage(k.stage, 'decision');
  // 公推直选: the members' vote decides (voting.ts closeVote), not the section.
  if (k.kind === 'direct_election') throw new DomainError('PRECONDITION_FAILED', 'cadres.vote.decidedByVote');
  if (before.qualified !== 1) throw new DomainError('PRECONDITION_FAILED', 'cadres.notQualified');
  await db
    .updateTable('cadre_candidate')
    .set({ decided: input.decided ? 1 : 0 })
    .where('id', '=', input.candidateId)
    .execute();
  if (before.decided !== (input.decided ? 1 : 0))
    await notifyCandidateDecided(db, before, input.decided ? 'decided' : 'undecided');
  return { before, after: await getCandidate(db, input.candidateId) };
}

const factsOf = (c: {
  id: number;
  qualified: number | null;
  exam_score: number | null;
  interview_score: number | null;
  inspection_score: number | null;
  decided: number;
}): CandidateFacts => ({
  id: c.id,
  qualified: c.qualified === null ? null : c.qualified === 1,
  exam: c.exam_score,
  interview: c.interview_score,
  inspection: c.inspection_score,
  decided: c.decided === 1,
});

/**
 * Moves a campaign to `to` on date `on` (not after `today`), after the state machine's
 * guard. Entering publicity fixes its window (≥ 5 working days, holidays counted). Entering
 * appointment, in the same transaction, moves every decided candidate into the post (closing
 * their previous post in the history) and marks the post filled.
 */
export async function transitionCampaign(
  db: Db,
  input: { campaignId: number; to: Stage; on: string; today: string; actorId: number | null },
) {
  if (input.on > input.today) throw new DomainError('BAD_INPUT', 'cadres.futureDate', { on: input.on });
  return inTransaction(db, async (trx) => {
    const before = await getCampaign(trx, input.campaignId);
    const cands = await trx
      .selectFrom('cadre_candidate')
      .selectAll()
      .where('campaign_id', '=', input.campaignId)
      .orderBy('id')
      .execute();
    const open = await trx
      .selectFrom('cadre_objection')
      .select(sql<number>`count(*)`.as('n'))
      .where('campaign_id', '=', input.campaignId)
      .where('status', '=', 'open')
      .executeTakeFirstOrThrow();
    const openVote = await trx
      .selectFrom('cadre_vote')
      .select('id')
      .where('campaign_id', '=', input.campaignId)
      .where('status', '=', 'open')
      .executeTakeFirst();
    const refusal = checkTransition(
      {
        stage: before.stage as Stage,
        slots: before.slots,
        on: input.on,
        lastOn: before.last_on,
        publicityEnd: before.publicity_end,
        openObjections: Number(open.n),
        candidates: cands.map(factsOf),
        openVote: openVote !== undefined,
      },
      input.to,
    );
    if (refusal)
      throw new DomainError(
        refusal.key === 'cadres.campaign.illegal' ? 'CONFLICT' : 'PRECONDITION_FAILED',
        refusal.key,
        withStageLabels(refusal.params),
      );
    const set: Record<string, unknown> = { stage: input.to, last_on: input.on, updated_at: nowIso() };
    if (input.to === 'publicity') {
      set.publicity_start = input.on;
      set.publicity_end = publicityEnd(input.on, before.publicity_days);
    }
    // Compare-and-set on the stage: of two concurrent transitions only one moves the campaign
    // (on PostgreSQL the second waits for the first and then matches no row).
    const moved = await trx
      .updateTable('cadre_campaign')
      .set(set)
      .where('id', '=', input.campaignId)
      .where('stage', '=', before.stage)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1)
      throw new DomainError('CONFLICT', 'cadres.campaign.concurrent', { id: input.campaignId });
    await trx
      .insertInto('cadre_campaign_event')
      .values({
        campaign_id: input.campaignId,
        from_stage: before.stage,
        to_stage: input.to,
        on_date: input.on,
        at: nowIso(),
        actor_id: input.actorId,
      })
      .execute();
    const appointed: number[] = [];
    if (input.to === 'appointed') {
      for (const c of cands.filter((x) => x.decided === 1)) {
        await changePost(
          trx,
          c.cadre_id,
          {
            orgUnitId: before.org_unit_id,
            title: before.vacancy_title,
            rank: before.vacancy_rank,
            isKey: before.vacancy_is_key === 1,
          },
          input.on,
          'appointment',
          input.campaignId,
        );
        await trx.updateTable('cadre_candidate').set({ appointed: 1 }).where('id', '=', c.id).execute();
        appointed.push(c.cadre_id);
      }
      await trx
        .updateTable('cadre_vacancy')
        .set({ status: 'filled' })
        .where('id', '=', before.vacancy_id)
        .execute();
    }
    if (input.to === 'cancelled')
      await trx
        .updateTable('cadre_vacancy')
        .set({ status: 'closed' })
        .where('id', '=', before.vacancy_id)
        .execute();
    const after = await getCampaign(trx, input.campaignId);
    return { before, after, appointedCadreIds: appointed };
  });
}

/** 异议: filed against a decided candidate during the publicity window. */
export async function fileObjection(
  db: Db,
  input: { candidateId: number; content: string; on: string; today: string; createdBy: number | null },
) {
  if (input.on > input.today) throw new DomainError('BAD_INPUT', 'cadres.futureDate', { on: input.on });
  const cand = await getCandidate(db, input.candidateId);
  const k = await getCampaign(db, cand.campaign_id);
  assertStage(k.stage, 'publicity');
  if (cand.decided !== 1) throw new DomainError('PRECONDITION_FAILED', 'cadres.notDecided');
  if (!k.publicity_start || !k.publicity_end || input.on < k.publicity_start || input.on > k.publicity_end)
    throw new DomainError('PRECONDITION_FAILED', 'cadres.outsidePublicity', {
      start: k.publicity_start ?? '',
      end: k.publicity_end ?? '',
    });
  return db
    .insertInto('cadre_objection')
    .values({
      campaign_id: k.id,
      candidate_id: cand.id,
      content: input.content,
      submitted_on: input.on,
      status: 'open',
      resolution: null,
      created_by: input.createdBy,
      created_at: nowIso(),
      resolved_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Resolves an objection; an upheld one withdraws the candidate from the decision. */
export async function resolveObjection(
  db: Db,
  input: { objectionId: number; upheld: boolean; resolution: string },
) {
  const before = await db
    .selectFrom('cadre_objection')
    .selectAll()
    .where('id', '=', input.objectionId)
    .executeTakeFirst();
  if (!before) throw new DomainError('NOT_FOUND', 'cadres.objectionNotFound', { id: input.objectionId });
  if (before.status !== 'open') throw new DomainError('CONFLICT', 'cadres.objectionResolved');
  const k = await getCampaign(db, before.campaign_id);
  assertStage(k.stage, 'publicity');
  await db
    .updateTable('cadre_objection')
    .set({
      status: input.upheld ? 'upheld' : 'dismissed',
      resolution: input.resolution,
      resolved_at: nowIso(),
    })
    .where('id', '=', input.objectionId)
    .execute();
  if (input.upheld)
    await db
      .updateTable('cadre_candidate')
      .set({ decided: 0 })
      .where('id', '=', before.candidate_id)
      .execute();
  const after = await db
    .selectFrom('cadre_objection')
    .selectAll()
    .where('id', '=', input.objectionId)
    .executeTakeFirstOrThrow();
  return { before, after, campaignOrgUnitId: k.org_unit_id };
}

/** Working days of publicity left on `asOf` (0 once over; null outside publicity). */
export function publicityDaysLeft(
  k: { stage: string; publicity_end: string | null },
  asOf: string,
): number | null {
  if (k.stage !== 'publicity' || !k.publicity_end) return null;
  return workingDaysBetween(asOf, k.publicity_end);
}

/** The campaign board: campaigns in scope with candidate counts and the publicity countdown, grouped by stage. */
export async function campaignBoard(db: Db, scopeRootId: number, asOf: string) {
  const rows = await db
    .selectFrom('cadre_campaign as k')
    .innerJoin('cadre_vacancy as v', 'v.id', 'k.vacancy_id')
    .innerJoin('org_unit as u', 'u.id', 'v.org_unit_id')
    .select([
      'k.id',
      'k.kind',
      'k.title',
      'k.stage',
      'k.slots',
      'k.publicity_start',
      'k.publicity_end',
      'k.last_on',
      'v.title as vacancy_title',
      'u.name as unit_name',
      (eb) =>
        eb
          .selectFrom('cadre_candidate as cc')
          .select(sql<number>`count(*)`.as('n'))
          .whereRef('cc.campaign_id', '=', 'k.id')
          .as('candidates'),
    ])
    .where('v.org_unit_id', 'in', subtreeIds(db, scopeRootId))
    .orderBy('k.id', 'desc')
    .execute();
  const items = rows.map((r) => ({
    ...r,
    candidates: Number(r.candidates),
    publicityDaysLeft: publicityDaysLeft(r, asOf),
  }));
  const byStage: Record<string, number> = {};
  for (const r of items) byStage[r.stage] = (byStage[r.stage] ?? 0) + 1;
  return { total: items.length, byStage, rows: items };
}

/** One campaign: candidates with weighted totals and ranks (ties shown), its events and objections. */
export async function campaignDetail(db: Db, id: number, asOf: string) {
  const k = await getCampaign(db, id);
  const cands = await db
    .selectFrom('cadre_candidate as cc')
    .innerJoin('cadre as c', 'c.id', 'cc.cadre_id')
    .innerJoin('org_unit as u', 'u.id', 'c.org_unit_id')
    .selectAll('cc')
    .select(['c.name', 'u.name as unit_name', 'c.rank', 'c.post_title'])
    .where('cc.campaign_id', '=', id)
    .orderBy('cc.id')
    .execute();
  const w = { exam: k.w_exam, interview: k.w_interview, inspection: k.w_inspection };
  const ranked = new Map(rankCandidates(cands.map(factsOf), w).map((r) => [r.id, r]));
  const events = await db
    .selectFrom('cadre_campaign_event')
    .selectAll()
    .where('campaign_id', '=', id)
    .orderBy('id')
    .execute();
  const objections = await db
    .selectFrom('cadre_objection')
    .selectAll()
    .where('campaign_id', '=', id)
    .orderBy('id')
    .execute();
  const candidates = cands
    .map((c) => ({
      ...c,
      total: ranked.get(c.id)?.total ?? null,
      rank: ranked.get(c.id)?.rank ?? null,
      tied: ranked.get(c.id)?.tied ?? false,
    }))
    .sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.id - b.id);
  return {
    campaign: { ...k, weights: w, publicityDaysLeft: publicityDaysLeft(k, asOf) },
    candidates,
    events,
    objections,
  };
}

/** The campaign as a member may follow it: stage, dates, and only their own standing. */
export async function campaignForMember(db: Db, id: number, memberId: number) {
  const k = await getCampaign(db, id);
  const own = await db
    .selectFrom('cadre_candidate as cc')
    .innerJoin('cadre as c', 'c.id', 'cc.cadre_id')
    .select(['cc.id', 'cc.qualified', 'cc.decided', 'cc.appointed'])
    .where('cc.campaign_id', '=', id)
    .where('c.member_id', '=', memberId)
    .executeTakeFirst();
  const events = await db
    .selectFrom('cadre_campaign_event')
    .select(['to_stage', 'on_date'])
    .where('campaign_id', '=', id)
    .orderBy('id')
    .execute();
  return {
    id: k.id,
    kind: k.kind,
    title: k.title,
    vacancyTitle: k.vacancy_title,
    stage: k.stage,
    publicityStart: k.publicity_start,
    publicityEnd: k.publicity_end,
    events,
    mine: own ?? null,
  };
}
