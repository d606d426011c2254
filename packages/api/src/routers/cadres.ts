import { assertInScope, type Principal } from '@zhanqian/auth';
import {
  type AppraisalFlags,
  appraisalSnapshot,
  CAMPAIGN_KINDS,
  campaignBoard,
  campaignDetail,
  campaignForMember,
  campaignVotes,
  castBallot,
  closeVote,
  createCadre,
  createCampaign,
  createVacancy,
  decideCandidate,
  eligibilityFor,
  evaluationsOf,
  evaluationTable,
  fileObjection,
  getCadre,
  getCampaign,
  getCandidate,
  getEvalWeights,
  getVacancy,
  HOLIDAY_YEARS,
  listCadres,
  listNominations,
  listRotations,
  listVacancies,
  myNominations,
  nominate,
  openVote,
  postHistory,
  RANKS,
  recordEvaluation,
  recordRotation,
  recordStageScore,
  registerCandidate,
  resolveObjection,
  revealIdCard,
  reviewQualification,
  rotationDueList,
  rotationPersonTimes,
  STAGES,
  scoringAppraisalFlags,
  selfNominate,
  setEvalWeights,
  transitionCampaign,
  updateCadre,
  votesForMember,
  voteView,
} from '@zhanqian/cadres';
import { DomainError, shanghaiDate } from '@zhanqian/core';
import type { Database, Kysely } from '@zhanqian/db';
import { z } from 'zod';
import { permissionProcedure, router, writeProcedure } from '../trpc/init.ts';
import { calendarDate, id } from '../trpc/inputs.ts';
import { msg } from '../trpc/locale.ts';

/**
 * Where the appraisal lists come from: the scoring tables by default. Tests may swap in
 * fixed lists (`setAppraisalFlagsSource(() => fixedAppraisalFlags(…))`).
 */
let flagsSource: (db: Kysely<Database>) => AppraisalFlags = scoringAppraisalFlags;
export function setAppraisalFlagsSource(source: (db: Kysely<Database>) => AppraisalFlags): void {
  flagsSource = source;
}
/** The source in force (the cadre files' export reads the same flags as the list). */
export const appraisalFlagsSource = (): ((db: Kysely<Database>) => AppraisalFlags) => flagsSource;
const snapshot = (db: Kysely<Database>, asOf: string) => appraisalSnapshot(flagsSource(db), asOf);

const date = calendarDate(msg('cadres.input.date'));
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, msg('input.required', { field: '内容' }))
    .max(max);
const score = z.number().int().min(0).max(10000);
const rank = z.enum(RANKS);
const year = z.number().int().min(2000).max(2100);
const idCard = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^\d{17}[\dX]$/, msg('cadres.badIdCard'));
const today = () => shanghaiDate();

/** A campaign's unit must lie in the caller's scope. */
async function campaignInScope(db: Kysely<Database>, who: Principal, campaignId: number) {
  const k = await getCampaign(db, campaignId);
  await assertInScope(db, who, k.org_unit_id);
  return k;
}
async function candidateInScope(db: Kysely<Database>, who: Principal, candidateId: number) {
  const c = await getCandidate(db, candidateId);
  const k = await campaignInScope(db, who, c.campaign_id);
  return { candidate: c, campaign: k };
}
async function cadreUnit(db: Kysely<Database>, cadreId: number): Promise<number> {
  const c = await db.selectFrom('cadre').select('org_unit_id').where('id', '=', cadreId).executeTakeFirst();
  if (!c) throw new DomainError('NOT_FOUND', 'cadres.cadreNotFound', { id: cadreId });
  return c.org_unit_id;
}

const filesRouter = router({
  /** Cadre files in scope, paged, with masked ID numbers and the appraisal flags. */
  list: permissionProcedure('cadres.read')
    .input(
      z.object({
        orgUnitId: id.optional(),
        rank: rank.optional(),
        q: z.string().trim().max(20).optional(),
        page: z.number().int().min(1).default(1),
        pageSize: z.number().int().min(1).max(200).default(20),
      }),
    )
    .query(async ({ ctx, input }) => {
      if (input.orgUnitId !== undefined) await assertInScope(ctx.db, ctx.principal, input.orgUnitId);
      const asOf = today();
      const flags = await snapshot(ctx.db, asOf);
      const res = await listCadres(ctx.db, { ...input, scopeRootId: ctx.principal.scopeRootId }, asOf, flags);
      return { ...res, appraisalYear: flags.year };
    }),

  /** One file: the cadre, post history, evaluations, nominations, rotations, appraisal flags. */
  get: permissionProcedure('cadres.read')
    .input(z.object({ id }))
    .query(async ({ ctx, input }) => {
      const asOf = today();
      const flags = await snapshot(ctx.db, asOf);
      const cadre = await getCadre(ctx.db, input.id, ctx.principal.scopeRootId, asOf, flags);
      const nominations = await ctx.db
        .selectFrom('cadre_nomination as n')
        .innerJoin('cadre_vacancy as v', 'v.id', 'n.vacancy_id')
        .select([
          'n.id',
          'n.vacancy_id',
          'v.title as vacancy_title',
          'n.source',
          'n.eligible',
          'n.created_at',
        ])
        .where('n.cadre_id', '=', input.id)
        .orderBy('n.id', 'desc')
        .execute();
      const rotations = await ctx.db
        .selectFrom('cadre_rotation')
        .selectAll()
        .where('cadre_id', '=', input.id)
        .orderBy('on_date', 'desc')
        .execute();
      return {
        cadre,
        posts: await postHistory(ctx.db, input.id),
        evaluations: await evaluationsOf(ctx.db, input.id),
        nominations: nominations.map((n) => ({ ...n, eligible: n.eligible === 1 })),
        rotations,
        appraisal: {
          year: flags.year,
          keyAdjustment: cadre.keyAdjustment,
          promotionPriority: cadre.promotionPriority,
        },
      };
    }),

  create: writeProcedure('cadres.manage')
    .input(
      z.object({
        memberId: id.nullable().optional(),
        name: text(40),
        gender: z.enum(['M', 'F']),
        birthDate: date,
        idCard: idCard.nullable().optional(),
        orgUnitId: id,
        postTitle: text(60),
        postIsKey: z.boolean().default(false),
        postSince: date,
        rank,
        rankSince: date,
        education: text(40),
        partyJoinedAt: date.nullable().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await assertInScope(ctx.tx, ctx.principal, input.orgUnitId);
      const created = await createCadre(ctx.tx, input);
      const flags = await snapshot(ctx.tx, today());
      const view = await getCadre(ctx.tx, created.id, ctx.principal.scopeRootId, today(), flags);
      // The audit record keeps the masked number only.
      await ctx.audit({
        action: 'cadres.files.create',
        objectType: 'cadre',
        objectId: view.id,
        orgUnitId: view.orgUnitId,
        after: view,
      });
      return view;
    }),

  /** Edits personal fields (post and rank move only by appointment, rotation or exchange). */
  update: writeProcedure('cadres.manage')
    .input(
      z.object({
        id,
        name: text(40).optional(),
        education: text(40).optional(),
        partyJoinedAt: date.nullable().optional(),
        status: z.enum(['active', 'retired']).optional(),
        idCard: idCard.nullable().optional(),
        memberId: id.nullable().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { id: cadreId, ...patch } = input;
      const r = await updateCadre(ctx.tx, cadreId, ctx.principal.scopeRootId, patch);
      await ctx.audit({
        action: 'cadres.files.update',
        objectType: 'cadre',
        objectId: cadreId,
        orgUnitId: r.after.org_unit_id,
        before: r.before,
        after: r.after,
      });
      return r.after;
    }),

  /** Shows the clear ID number to a role holding member.reveal; every reveal is audited. */
  revealIdCard: writeProcedure('member.reveal')
    .input(z.object({ id }))
    .mutation(async ({ ctx, input }) => {
      const idCard = await revealIdCard(ctx.tx, input.id, ctx.principal.scopeRootId);
      await ctx.audit({
        action: 'cadres.files.revealIdCard',
        objectType: 'cadre',
        objectId: input.id,
        orgUnitId: await cadreUnit(ctx.tx, input.id),
        after: { field: 'id_card', revealed: true },
      });
      return { id: input.id, idCard };
    }),
});

const dims = { morality: score, ability: score, passion: score, performance: score, image: score };

const evaluationsRouter = router({
  /** The year's results of every cadre in scope, best first, with the weights used. */
  table: permissionProcedure('cadres.read')
    .input(z.object({ year }))
    .query(({ ctx, input }) => evaluationTable(ctx.db, ctx.principal.scopeRootId, input.year)),

  weights: permissionProcedure('cadres.read')
    .input(z.object({ year }))
    .query(({ ctx, input }) => getEvalWeights(ctx.db, input.year)),

  /** Sets the year's five weights (hundredths of a percent, sum 10000). */
  setWeights: writeProcedure('cadres.manage')
    .input(z.object({ year, weights: z.object(dims) }))
    .mutation(async ({ ctx, input }) => {
      const { before, after } = await setEvalWeights(ctx.tx, input.year, input.weights);
      await ctx.audit({
        action: 'cadres.evaluations.setWeights',
        objectType: 'cadre_eval_weight',
        objectId: input.year,
        before,
        after,
      });
      return after;
    }),

  /** One rater's five-quality scores (hundredths, 0–10000) for a cadre and year. */
  record: writeProcedure('cadres.manage')
    .input(z.object({ cadreId: id, year, rater: text(40), scores: z.object(dims) }))
    .mutation(async ({ ctx, input }) => {
      const unit = await cadreUnit(ctx.tx, input.cadreId);
      await assertInScope(ctx.tx, ctx.principal, unit);
      const row = await recordEvaluation(ctx.tx, { ...input, createdBy: ctx.principal.userId });
      await ctx.audit({
        action: 'cadres.evaluations.record',
        objectType: 'cadre_evaluation',
        objectId: row.id,
        orgUnitId: unit,
        after: row,
      });
      return row;
    }),
});

const SOURCE_BY_OFFICE = ['mass', 'organization', 'leader'] as const;

const nominationsRouter = router({
  /** Posts in scope (open, filled or closed) with their campaign's stage. */
  posts: permissionProcedure('cadres.read')
    .input(z.object({ status: z.enum(['open', 'filled', 'closed']).optional() }))
    .query(({ ctx, input }) => listVacancies(ctx.db, { scopeRootId: ctx.principal.scopeRootId, ...input })),

  createPost: writeProcedure('cadres.manage')
    .input(
      z.object({
        orgUnitId: id,
        title: text(60),
        rank,
        isKey: z.boolean().default(false),
        minYearsLower: z.number().int().min(0).max(20).default(3),
        maxAge: z.number().int().min(18).max(70).default(45),
        massThresholdPct: z.number().int().min(1).max(100).default(50),
        openedOn: date.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await assertInScope(ctx.tx, ctx.principal, input.orgUnitId);
      const v = await createVacancy(ctx.tx, { ...input, openedOn: input.openedOn ?? today() });
      await ctx.audit({
        action: 'cadres.nominations.createPost',
        objectType: 'cadre_vacancy',
        objectId: v.id,
        orgUnitId: v.org_unit_id,
        after: v,
      });
      return v;
    }),

  /** The eligibility of a cadre for a post, with every reason (dry run, nothing recorded). */
  eligibility: permissionProcedure('cadres.read')
    .input(z.object({ cadreId: id, vacancyId: id }))
    .query(async ({ ctx, input }) => {
      await assertInScope(ctx.db, ctx.principal, await cadreUnit(ctx.db, input.cadreId));
      await assertInScope(ctx.db, ctx.principal, (await getVacancy(ctx.db, input.vacancyId)).org_unit_id);
      const asOf = today();
      const flags = await snapshot(ctx.db, asOf);
      return {
        asOf,
        appraisalYear: flags.year,
        ...(await eligibilityFor(ctx.db, input.cadreId, input.vacancyId, asOf, flags)),
      };
    }),

  /** Nominations in scope with counts per source. */
  list: permissionProcedure('cadres.read')
    .input(
      z.object({
        vacancyId: id.optional(),
        source: z.enum(['mass', 'organization', 'leader', 'self']).optional(),
      }),
    )
    .query(({ ctx, input }) => listNominations(ctx.db, { scopeRootId: ctx.principal.scopeRootId, ...input })),

  /**
   * Records a mass, organization or leading cadre's recommendation; the recording user is on
   * record, and a leader's recommendation names the recommender and their post (谁推荐谁负责).
   */
  create: writeProcedure('cadres.manage')
    .input(
      z.object({
        vacancyId: id,
        cadreId: id,
        source: z.enum(SOURCE_BY_OFFICE),
        reason: text(500),
        recommenderName: z.string().trim().max(40).optional(),
        recommenderTitle: z.string().trim().max(60).optional(),
        votesFor: z.number().int().min(0).optional(),
        votesCast: z.number().int().min(1).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const v = await getVacancy(ctx.tx, input.vacancyId);
      await assertInScope(ctx.tx, ctx.principal, v.org_unit_id);
      await assertInScope(ctx.tx, ctx.principal, await cadreUnit(ctx.tx, input.cadreId));
      const asOf = today();
      const res = await nominate(
        ctx.tx,
        {
          ...input,
          recommenderUserId: ctx.principal.userId,
          recommenderName:
            input.source === 'organization'
              ? (input.recommenderName ?? ctx.principal.displayName)
              : input.recommenderName,
        },
        asOf,
        await snapshot(ctx.tx, asOf),
      );
      await ctx.audit({
        action: 'cadres.nominations.create',
        objectType: 'cadre_nomination',
        objectId: res.nomination.id,
        orgUnitId: v.org_unit_id,
        after: res.nomination,
      });
      return res;
    }),
});

const stage = z.enum([...STAGES, 'cancelled']);

const campaignsRouter = router({
  /** Campaigns in scope grouped by stage, with the publicity countdown in working days. */
  board: permissionProcedure('cadres.read')
    .input(z.object({}).optional())
    .query(({ ctx }) => campaignBoard(ctx.db, ctx.principal.scopeRootId, today())),

  /** One campaign: ranked candidates (ties shown), events, objections. */
  get: permissionProcedure('cadres.read')
    .input(z.object({ id }))
    .query(async ({ ctx, input }) => {
      await campaignInScope(ctx.db, ctx.principal, input.id);
      const detail = await campaignDetail(ctx.db, input.id, today());
      // 公推直选: the rounds of the members' vote, with turnout and (once counted) the result.
      return { ...detail, votes: await campaignVotes(ctx.db, input.id) };
    }),

  create: writeProcedure('cadres.manage')
    .input(
      z.object({
        vacancyId: id,
        kind: z.enum(CAMPAIGN_KINDS),
        title: text(100),
        slots: z.number().int().min(1).max(50).default(1),
        weights: z.object({ exam: score, interview: score, inspection: score }).optional(),
        publicityDays: z.number().int().min(5).max(30).optional(),
        on: date.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const v = await getVacancy(ctx.tx, input.vacancyId);
      await assertInScope(ctx.tx, ctx.principal, v.org_unit_id);
      const on = input.on ?? today();
      if (on > today()) throw new DomainError('BAD_INPUT', 'cadres.futureDate', { on });
      const k = await createCampaign(ctx.tx, { ...input, on });
      await ctx.audit({
        action: 'cadres.campaigns.create',
        objectType: 'cadre_campaign',
        objectId: k.id,
        orgUnitId: v.org_unit_id,
        after: k,
      });
      return k;
    }),

  /** Moves the campaign one step (or cancels it); `on` defaults to today and may not lie ahead. */
  transition: writeProcedure('cadres.manage')
    .input(z.object({ id, to: stage, on: date.optional() }))
    .mutation(async ({ ctx, input }) => {
      const k = await campaignInScope(ctx.tx, ctx.principal, input.id);
      const res = await transitionCampaign(ctx.tx, {
        campaignId: input.id,
        to: input.to,
        on: input.on ?? today(),
        today: today(),
        actorId: ctx.principal.userId,
      });
      await ctx.audit({
        action: 'cadres.campaigns.transition',
        objectType: 'cadre_campaign',
        objectId: input.id,
        orgUnitId: k.org_unit_id,
        before: { stage: res.before.stage },
        after: {
          stage: res.after.stage,
          on: res.after.last_on,
          publicityEnd: res.after.publicity_end,
          appointedCadreIds: res.appointedCadreIds,
        },
      });
      return { campaign: res.after, appointedCadreIds: res.appointedCadreIds };
    }),

  register: writeProcedure('cadres.manage')
    .input(z.object({ campaignId: id, cadreId: id, nominationId: id.optional() }))
    .mutation(async ({ ctx, input }) => {
      const k = await campaignInScope(ctx.tx, ctx.principal, input.campaignId);
      await assertInScope(ctx.tx, ctx.principal, await cadreUnit(ctx.tx, input.cadreId));
      const c = await registerCandidate(ctx.tx, input);
      await ctx.audit({
        action: 'cadres.campaigns.register',
        objectType: 'cadre_candidate',
        objectId: c.id,
        orgUnitId: k.org_unit_id,
        after: c,
      });
      return c;
    }),

  review: writeProcedure('cadres.manage')
    .input(
      z.object({
        candidateId: id,
        qualified: z.boolean(),
        note: z.string().trim().max(200).nullable().default(null),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { campaign } = await candidateInScope(ctx.tx, ctx.principal, input.candidateId);
      const r = await reviewQualification(ctx.tx, input);
      await ctx.audit({
        action: 'cadres.campaigns.review',
        objectType: 'cadre_candidate',
        objectId: input.candidateId,
        orgUnitId: campaign.org_unit_id,
        ...r,
      });
      return r.after;
    }),

  score: writeProcedure('cadres.manage')
    .input(z.object({ candidateId: id, stage: z.enum(['exam', 'interview', 'inspection']), score }))
    .mutation(async ({ ctx, input }) => {
      const { campaign } = await candidateInScope(ctx.tx, ctx.principal, input.candidateId);
      const r = await recordStageScore(ctx.tx, input);
      await ctx.audit({
        action: 'cadres.campaigns.score',
        objectType: 'cadre_candidate',
        objectId: input.candidateId,
        orgUnitId: campaign.org_unit_id,
        ...r,
      });
      return r.after;
    }),

  decide: writeProcedure('cadres.manage')
    .input(z.object({ candidateId: id, decided: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const { campaign } = await candidateInScope(ctx.tx, ctx.principal, input.candidateId);
      const r = await decideCandidate(ctx.tx, input);
      await ctx.audit({
        action: 'cadres.campaigns.decide',
        objectType: 'cadre_candidate',
        objectId: input.candidateId,
        orgUnitId: campaign.org_unit_id,
        ...r,
      });
      return r.after;
    }),

  /** Records an objection received during publicity (by letter, phone or visit). */
  fileObjection: writeProcedure('cadres.manage')
    .input(z.object({ candidateId: id, content: text(1000), on: date.optional() }))
    .mutation(async ({ ctx, input }) => {
      const { campaign } = await candidateInScope(ctx.tx, ctx.principal, input.candidateId);
      const o = await fileObjection(ctx.tx, {
        ...input,
        on: input.on ?? today(),
        today: today(),
        createdBy: ctx.principal.userId,
      });
      await ctx.audit({
        action: 'cadres.campaigns.fileObjection',
        objectType: 'cadre_objection',
        objectId: o.id,
        orgUnitId: campaign.org_unit_id,
        after: o,
      });
      return o;
    }),

  resolveObjection: writeProcedure('cadres.manage')
    .input(z.object({ objectionId: id, upheld: z.boolean(), resolution: text(1000) }))
    .mutation(async ({ ctx, input }) => {
      const o = await ctx.tx
        .selectFrom('cadre_objection')
        .select('campaign_id')
        .where('id', '=', input.objectionId)
        .executeTakeFirst();
      if (!o) throw new DomainError('NOT_FOUND', 'cadres.objectionNotFound', { id: input.objectionId });
      await campaignInScope(ctx.tx, ctx.principal, o.campaign_id);
      const r = await resolveObjection(ctx.tx, input);
      await ctx.audit({
        action: 'cadres.campaigns.resolveObjection',
        objectType: 'cadre_objection',
        objectId: input.objectionId,
        orgUnitId: r.campaignOrgUnitId,
        before: r.before,
        after: r.after,
      });
      return r.after;
    }),
});

/**
 * 公推直选: the cadre section opens a round of the members' direct election of a campaign at
 * its decision stage, and closes and counts it (the elected become the decided candidates).
 */
const votesRouter = router({
  open: writeProcedure('cadres.manage')
    .input(
      z.object({
        campaignId: id,
        /** Who is on the ballot (default: every qualified candidate not yet decided). */
        candidateIds: z.array(id).min(1).max(50).optional(),
        /** Ballots cast must exceed this percentage of the electorate; null or absent: none. */
        quorumPct: z.number().int().min(1).max(99).nullable().default(null),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await campaignInScope(ctx.tx, ctx.principal, input.campaignId);
      const { vote, campaign } = await openVote(ctx.tx, {
        ...input,
        on: today(),
        today: today(),
        actorId: ctx.principal.userId,
      });
      await ctx.audit({
        action: 'cadres.votes.open',
        objectType: 'cadre_vote',
        objectId: vote.id,
        orgUnitId: campaign.org_unit_id,
        after: vote,
      });
      return vote;
    }),

  /** Ends a round and counts it; returns the count (tallies, turnout, quorum, elected, ties). */
  close: writeProcedure('cadres.manage')
    .input(z.object({ voteId: id }))
    .mutation(async ({ ctx, input }) => {
      const v = await voteView(ctx.tx, input.voteId);
      await campaignInScope(ctx.tx, ctx.principal, v.campaignId);
      const r = await closeVote(ctx.tx, { voteId: input.voteId, actorId: ctx.principal.userId });
      // The count is public (the totals per candidate); no ballot is in it.
      await ctx.audit({
        action: 'cadres.votes.close',
        objectType: 'cadre_vote',
        objectId: input.voteId,
        orgUnitId: r.campaign.org_unit_id,
        before: { status: r.before.status },
        after: { status: r.after.status, count: r.count },
      });
      return { voteId: input.voteId, ...r.count };
    }),
});

const rotationRouter = router({
  /** Who is due (years in the same post over the limit; stricter for key posts). */
  due: permissionProcedure('cadres.read')
    .input(
      z.object({
        limitYears: z.number().int().min(1).max(30).default(10),
        keyPostLimitYears: z.number().int().min(1).max(30).default(5),
        horizonDays: z.number().int().min(0).max(3660).default(0),
      }),
    )
    .query(({ ctx, input }) =>
      rotationDueList(ctx.db, {
        scopeRootId: ctx.principal.scopeRootId,
        asOf: today(),
        policy: { limitYears: input.limitYears, keyPostLimitYears: input.keyPostLimitYears },
        horizonDays: input.horizonDays,
      }),
    ),

  list: permissionProcedure('cadres.read')
    .input(z.object({ year: year.optional() }))
    .query(({ ctx, input }) => listRotations(ctx.db, { scopeRootId: ctx.principal.scopeRootId, ...input })),

  /** Person-times per year (rotation, exchange, total): a chart-ready series. */
  personTimes: permissionProcedure('cadres.read')
    .input(z.object({}).optional())
    .query(async ({ ctx }) => ({ series: await rotationPersonTimes(ctx.db, ctx.principal.scopeRootId) })),

  record: writeProcedure('cadres.manage')
    .input(
      z.object({
        cadreId: id,
        kind: z.enum(['rotation', 'exchange']),
        onDate: date.optional(),
        toUnitId: id,
        toTitle: text(60),
        toIsKey: z.boolean().default(false),
        note: z.string().trim().max(500).default(''),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const from = await cadreUnit(ctx.tx, input.cadreId);
      await assertInScope(ctx.tx, ctx.principal, from);
      await assertInScope(ctx.tx, ctx.principal, input.toUnitId);
      const onDate = input.onDate ?? today();
      if (onDate > today()) throw new DomainError('BAD_INPUT', 'cadres.futureDate', { on: onDate });
      const r = await recordRotation(ctx.tx, { ...input, onDate, createdBy: ctx.principal.userId });
      await ctx.audit({
        action: 'cadres.rotation.record',
        objectType: 'cadre_rotation',
        objectId: r.id,
        orgUnitId: from,
        after: r,
      });
      return r;
    }),
});

/** The member app: open posts, self-nomination, and following one's own campaigns. */
const selfRouter = router({
  /**
   * Open posts are public announcements (公开): every member may see them. Only the posts still
   * taking self-nominations: no campaign yet, or one in registration (selfNominationRefusal).
   */
  openPosts: permissionProcedure('cadres.selfNominate')
    .input(z.object({}).optional())
    .query(({ ctx }) => listVacancies(ctx.db, { scopeRootId: null, status: 'open', selfNomination: true })),

  nominate: writeProcedure('cadres.selfNominate')
    .input(z.object({ vacancyId: id, reason: text(500) }))
    .mutation(async ({ ctx, input }) => {
      if (ctx.principal.memberId === null) throw new DomainError('PRECONDITION_FAILED', 'cadres.notACadre');
      const asOf = today();
      const res = await selfNominate(
        ctx.tx,
        {
          memberId: ctx.principal.memberId,
          userId: ctx.principal.userId,
          vacancyId: input.vacancyId,
          reason: input.reason,
        },
        asOf,
        await snapshot(ctx.tx, asOf),
      );
      await ctx.audit({
        action: 'cadres.self.nominate',
        objectType: 'cadre_nomination',
        objectId: res.nomination.id,
        orgUnitId: (await getVacancy(ctx.tx, input.vacancyId)).org_unit_id,
        after: { ...res.nomination, candidateId: res.candidateId },
      });
      return res;
    }),

  /** 公推直选: the rounds the caller is an elector of, whether they voted, the results. Never a choice. */
  votes: permissionProcedure('cadres.vote')
    .input(z.object({}).optional())
    .query(({ ctx }) =>
      ctx.principal.memberId === null
        ? { total: 0, rows: [] }
        : votesForMember(ctx.db, ctx.principal.memberId),
    ),

  /**
   * Casts the caller's ballot in an open round of their roll, once. The audit record says that
   * they voted in the round, never for whom; the ballot itself carries no voter.
   */
  cast: writeProcedure('cadres.vote')
    .input(z.object({ voteId: id, choices: z.array(id).max(50) }))
    .mutation(async ({ ctx, input }) => {
      if (ctx.principal.memberId === null) throw new DomainError('FORBIDDEN', 'cadres.vote.notElector');
      const r = await castBallot(ctx.tx, { ...input, memberId: ctx.principal.memberId });
      await ctx.audit({
        action: 'cadres.self.cast',
        objectType: 'cadre_vote',
        objectId: r.voteId,
        orgUnitId: r.orgUnitId,
        after: { campaignId: r.campaignId, round: r.round, voted: true },
      });
      return { voteId: r.voteId, voted: true };
    }),

  /** The caller's own nominations only, with each campaign's stage. */
  mine: permissionProcedure('cadres.selfNominate')
    .input(z.object({}).optional())
    .query(({ ctx }) =>
      ctx.principal.memberId === null
        ? { total: 0, rows: [] }
        : myNominations(ctx.db, ctx.principal.memberId),
    ),

  /** Follow a campaign the caller is nominated for (no other candidate's data). */
  campaign: permissionProcedure('cadres.selfNominate')
    .input(z.object({ id }))
    .query(async ({ ctx, input }) => {
      const memberId = ctx.principal.memberId;
      const k = await getCampaign(ctx.db, input.id);
      const own =
        memberId === null
          ? undefined
          : await ctx.db
              .selectFrom('cadre_nomination as n')
              .innerJoin('cadre as c', 'c.id', 'n.cadre_id')
              .select('n.id')
              .where('n.vacancy_id', '=', k.vacancy_id)
              .where('c.member_id', '=', memberId)
              .executeTakeFirst();
      if (!own || memberId === null) throw new DomainError('FORBIDDEN', 'auth.outOfScope');
      return campaignForMember(ctx.db, input.id, memberId);
    }),
});

/** `cadres.*`: the cadre section's portal (干部科) and the member app's self-nomination and 公推直选 ballot. */
export const cadresRouter = router({
  files: filesRouter,
  evaluations: evaluationsRouter,
  nominations: nominationsRouter,
  campaigns: campaignsRouter,
  votes: votesRouter,
  rotation: rotationRouter,
  self: selfRouter,
  /** The holiday table behind the publicity countdown (2027 provisional until announced). */
  holidays: permissionProcedure(['cadres.read', 'cadres.selfNominate'])
    .input(z.object({}).optional())
    .query(() => HOLIDAY_YEARS),
});
