import { assertInScope, type Principal, permissionsFor } from '@zhanqian/auth';
import { DomainError, shanghaiDate } from '@zhanqian/core';
import type { Database, Kysely } from '@zhanqian/db';
import {
  type Area,
  activitiesForMember,
  activitySignins,
  addContactPoint,
  applyDemoPoint,
  applyRegistryImport,
  callCompetition,
  cancelActivity,
  changeStatus,
  closeCompetition,
  competitionBoard,
  coverageByYear,
  coverageSql,
  createEnterprise,
  createJointBranch,
  createLeader,
  createStation,
  DEMO_LEVELS,
  demoReviews,
  ENTERPRISE_KINDS,
  ENTERPRISE_SIZES,
  enterprisesForExport,
  evaluateDemoPoint,
  getActivity,
  getContactPoint,
  getDemoPoint,
  getEnterprise,
  getStation,
  jointPartners,
  leadersOverview,
  linkMember,
  listActivities,
  listCompetitions,
  listCriteria,
  listDemoPoints,
  listEnterprises,
  listJointBranches,
  listStations,
  listVisits,
  markCase,
  membersByStation,
  PARTY_STATUSES,
  pastCases,
  percent1,
  planActivity,
  planRegistryImport,
  recognizeDemoPoint,
  recordVisit,
  redsailOverview,
  registryTemplate,
  registryXlsx,
  reportActivity,
  reviewDemoPoint,
  revokeDemoPoint,
  saveCriterion,
  setVisitRule,
  signIn,
  startScoring,
  stationReach,
  statusHistory,
  submitEntry,
  submitScore,
  TRADING_AREAS,
  tradingAreas,
  uncoveredEnterprises,
  updateEnterprise,
  visitRule,
} from '@zhanqian/redsail';
import { z } from 'zod';
import { permissionProcedure, router, writeProcedure } from '../trpc/init.ts';
import { calendarDate, id } from '../trpc/inputs.ts';
import { msg } from '../trpc/locale.ts';

/**
 * 红帆引航 (Red Sail, issue #17): the 非公党工委's domain. Reads need `redsail.read` and are
 * confined to the caller's area (a street sees its own enterprises, stations and figures);
 * writes need `redsail.manage` (the 非公党工委 and the district) and are checked against the
 * scope of the enterprise or station they touch. A member signs in to an activity with
 * `redsail.signIn`.
 */

const date = calendarDate(msg('redsail.input.date'));
const year = z.number().int().min(2000).max(2100);
const text = (max: number, field: string, fieldEn: string) =>
  z
    .string()
    .trim()
    .min(1, msg('redsail.input.required', { field, fieldEn }))
    .max(max, msg('redsail.input.tooLong', { field, fieldEn, max }));
const optionalText = (max: number, field: string, fieldEn: string) =>
  z.string().trim().max(max, msg('redsail.input.tooLong', { field, fieldEn, max })).default('');
const fileId = z.string().uuid(msg('redsail.input.fileId'));
const page = {
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(500).default(50),
};
const partyStatus = z.enum(PARTY_STATUSES as ['own', 'joint', 'none']);
const kind = z.enum(ENTERPRISE_KINDS as ['enterprise', 'social_org', 'shop']);
const size = z.enum(ENTERPRISE_SIZES as ['micro', 'small', 'medium', 'large']);
const tradingArea = z.enum(TRADING_AREAS as ['财富一条街', '盼盼路商铺', '东升商圈']);
const level = z.enum(DEMO_LEVELS as ['district', 'municipal', 'provincial']);

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const xlsxFile = (filename: string, bytes: Uint8Array) => ({
  filename,
  contentType: XLSX,
  base64: Buffer.from(bytes).toString('base64'),
});
/** An xlsx file as base64 (about 20 MB of workbook at most). */
const workbook = z.object({ base64: z.string().min(1).max(28_000_000) });
const bytesOf = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));

/** Active accounts that hold redsail.read (their role and unit's portal say so): who may judge. */
async function judgeCandidates(db: Kysely<Database>) {
  const users = await db
    .selectFrom('app_user as u')
    .innerJoin('org_unit as o', 'o.id', 'u.org_unit_id')
    .select(['u.id', 'u.display_name', 'u.role', 'o.kind', 'o.portal', 'o.name as unit_name'])
    .where('u.disabled', '=', 0)
    .orderBy('u.id')
    .execute();
  return users
    .filter((u) => permissionsFor(u.role, { kind: u.kind, portal: u.portal }).has('redsail.read'))
    .map((u) => ({ userId: u.id, displayName: u.display_name, unitName: u.unit_name }));
}

const area = (p: Principal): Area => ({ rootId: p.scopeRootId });
const inScope = (db: Kysely<Database>, p: Principal, streetId: number) => assertInScope(db, p, streetId);

async function enterpriseInScope(db: Kysely<Database>, p: Principal, enterpriseId: number) {
  const e = await getEnterprise(db, enterpriseId);
  await inScope(db, p, e.street_id);
  return e;
}
async function stationInScope(db: Kysely<Database>, p: Principal, stationId: number) {
  const s = await getStation(db, stationId);
  await inScope(db, p, s.street_id);
  return s;
}

const partyState = {
  partyStatus,
  jointBranchId: id.nullable().default(null),
  instructorName: z.string().trim().max(50).nullable().default(null),
  stationId: id.nullable().default(null),
};
const describe = {
  name: text(200, '名称', 'The name'),
  kind,
  industry: optionalText(100, '行业', 'The industry'),
  size,
  address: optionalText(200, '地址', 'The address'),
  tradingArea: tradingArea.nullable().default(null),
  memberCount: z.number().int().min(0).max(100_000).default(0),
};
const enterpriseFilter = z.object({
  streetId: id.optional(),
  stationId: id.optional(),
  tradingArea: tradingArea.optional(),
  kind: kind.optional(),
  partyStatus: partyStatus.optional(),
  q: z.string().trim().max(100).optional(),
});

const enterprises = router({
  /** A page of the registry in the caller's area (filters: street, station, trading area, kind, status, name/code). */
  list: permissionProcedure('redsail.read')
    .input(z.object({ filter: enterpriseFilter.default({}), ...page }))
    .query(({ ctx, input }) => listEnterprises(ctx.db, area(ctx.principal), input.filter, input)),

  /** One enterprise with its status history and its joint-branch partners. */
  get: permissionProcedure('redsail.read')
    .input(z.object({ id }))
    .query(async ({ ctx, input }) => {
      const e = await enterpriseInScope(ctx.db, ctx.principal, input.id);
      return {
        enterprise: e,
        history: await statusHistory(ctx.db, e.id),
        partners: await jointPartners(ctx.db, e),
      };
    }),

  create: writeProcedure('redsail.manage')
    .input(
      z.object({
        ...describe,
        creditCode: z.string().trim().min(1).max(30),
        streetId: id,
        registeredOn: date,
        ...partyState,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await inScope(ctx.tx, ctx.principal, input.streetId);
      const e = await createEnterprise(ctx.tx, input, ctx.principal.userId);
      await ctx.audit({
        action: 'redsail.enterprises.create',
        objectType: 'rs_enterprise',
        objectId: e.id,
        after: e,
      });
      return e;
    }),

  /** The descriptive fields (the status changes by date through changeStatus). */
  update: writeProcedure('redsail.manage')
    .input(z.object({ id, ...describe }))
    .mutation(async ({ ctx, input }) => {
      const before = await enterpriseInScope(ctx.tx, ctx.principal, input.id);
      const after = await updateEnterprise(ctx.tx, input.id, input);
      await ctx.audit({
        action: 'redsail.enterprises.update',
        objectType: 'rs_enterprise',
        objectId: input.id,
        before,
        after,
      });
      return after;
    }),

  /** A change of Party organization status, instructor or station from a date on (kept in the history). */
  changeStatus: writeProcedure('redsail.manage')
    .input(z.object({ id, onDate: date, note: optionalText(500, '说明', 'The note'), ...partyState }))
    .mutation(async ({ ctx, input }) => {
      await enterpriseInScope(ctx.tx, ctx.principal, input.id);
      const r = await changeStatus(ctx.tx, input.id, input, ctx.principal.userId);
      await ctx.audit({
        action: 'redsail.enterprises.changeStatus',
        objectType: 'rs_enterprise',
        objectId: input.id,
        before: r.before,
        after: { ...r.after, onDate: input.onDate, note: input.note },
      });
      return r.after;
    }),

  /** Links a platform member to the enterprise where their Party relationship is. */
  linkMember: writeProcedure('redsail.manage')
    .input(z.object({ memberId: id, enterpriseId: id }))
    .mutation(async ({ ctx, input }) => {
      await enterpriseInScope(ctx.tx, ctx.principal, input.enterpriseId);
      const m = await ctx.tx
        .selectFrom('member')
        .select('id')
        .where('id', '=', input.memberId)
        .executeTakeFirst();
      if (!m) throw new DomainError('NOT_FOUND', 'org.memberNotFound', { id: input.memberId });
      await linkMember(ctx.tx, input.memberId, input.enterpriseId);
      await ctx.audit({
        action: 'redsail.enterprises.linkMember',
        objectType: 'rs_enterprise_member',
        objectId: input.memberId,
        after: input,
      });
      return { ok: true as const };
    }),

  jointBranches: permissionProcedure('redsail.read').query(({ ctx }) => listJointBranches(ctx.db)),

  createJointBranch: writeProcedure('redsail.manage')
    .input(z.object({ name: text(100, '联合党支部名称', 'The joint branch name') }))
    .mutation(async ({ ctx, input }) => {
      const j = await createJointBranch(ctx.tx, input.name);
      await ctx.audit({
        action: 'redsail.enterprises.createJointBranch',
        objectType: 'rs_joint_branch',
        objectId: j.id,
        after: j,
      });
      return j;
    }),

  /** The import template (headers and a guide sheet). */
  template: permissionProcedure('redsail.read').query(async () =>
    xlsxFile('两新组织名册-导入模板.xlsx', await registryTemplate()),
  ),

  /** The area's registry (filtered) as xlsx with Chinese headers. */
  exportXlsx: permissionProcedure('redsail.read')
    .input(z.object({ filter: enterpriseFilter.default({}) }))
    .query(async ({ ctx, input }) =>
      xlsxFile(
        `两新组织名册-${shanghaiDate()}.xlsx`,
        await registryXlsx(ctx.db, area(ctx.principal), input.filter),
      ),
    ),

  /** Checks a workbook without writing: counts of new / changed / unchanged, or every error by row and column (a mutation: the file travels in the body, not the URL). */
  // A mutation (the workbook is too big for a GET query string) that writes nothing but its audit record.
  dryRun: writeProcedure('redsail.manage')
    .input(workbook)
    .mutation(async ({ ctx, input }) => {
      const plan = await planRegistryImport(ctx.tx, area(ctx.principal), bytesOf(input.base64), ctx.locale);
      await ctx.audit({
        action: 'redsail.enterprises.dryRun',
        objectType: 'rs_enterprise',
        after: plan.ok ? { counts: plan.counts } : { errorCount: plan.errors.length },
      });
      return plan.ok
        ? { ok: true as const, counts: plan.counts }
        : { ok: false as const, errors: plan.errors };
    }),

  /** Imports a workbook, all or nothing: a file with any error writes nothing and answers the errors. */
  import: writeProcedure('redsail.manage')
    .input(workbook)
    .mutation(async ({ ctx, input }) => {
      const plan = await planRegistryImport(ctx.tx, area(ctx.principal), bytesOf(input.base64), ctx.locale);
      if (!plan.ok) {
        await ctx.audit({
          action: 'redsail.enterprises.import',
          objectType: 'rs_enterprise',
          result: 'denied',
          after: { errors: plan.errors.slice(0, 20), errorCount: plan.errors.length },
        });
        return { ok: false as const, errors: plan.errors };
      }
      const done = await applyRegistryImport(ctx.tx, plan, ctx.principal.userId, shanghaiDate());
      await ctx.audit({
        action: 'redsail.enterprises.import',
        objectType: 'rs_enterprise',
        after: { counts: plan.counts, created: done.created, changed: done.changed },
      });
      return { ok: true as const, counts: plan.counts };
    }),

  /** Rows for the xlsx export (the screens build the file; see registry-xlsx for the server's). */
  exportRows: permissionProcedure('redsail.read')
    .input(z.object({ filter: enterpriseFilter.default({}) }))
    .query(({ ctx, input }) => enterprisesForExport(ctx.db, area(ctx.principal), input.filter)),
});

const coverage = router({
  /** Organization and work coverage per street, station and the caller's whole area, now or as of a date; percentages with one decimal. */
  summary: permissionProcedure('redsail.read')
    .input(z.object({ asOf: date.optional() }).default({}))
    .query(async ({ ctx, input }) => {
      const a = area(ctx.principal);
      const r = await coverageSql(ctx.db, a, input.asOf);
      const pct = <T extends { total: number; orgCovered: number; workCovered: number }>(c: T) => ({
        ...c,
        orgPct: percent1(c.orgCovered, c.total),
        workPct: percent1(c.workCovered, c.total),
      });
      const streetNames = new Map(
        (
          await ctx.db.selectFrom('org_unit').select(['id', 'name']).where('kind', '=', 'street').execute()
        ).map((u) => [u.id, u.name]),
      );
      const stationNames = new Map((await listStations(ctx.db, a)).map((s) => [s.id, s.name]));
      return {
        asOf: input.asOf ?? null,
        district: pct(r.district),
        streets: r.streets.map((s) => pct({ ...s, name: streetNames.get(s.id) ?? '' })),
        stations: r.stations.map((s) => pct({ ...s, name: stationNames.get(s.id) ?? '' })),
      };
    }),

  /** Coverage at each year's end (year over year). */
  byYear: permissionProcedure('redsail.read')
    .input(z.object({ years: z.array(year).min(1).max(10) }))
    .query(async ({ ctx, input }) =>
      (await coverageByYear(ctx.db, area(ctx.principal), input.years)).map((y) => ({
        year: y.year,
        ...y.district,
        orgPct: percent1(y.district.orgCovered, y.district.total),
        workPct: percent1(y.district.workCovered, y.district.total),
      })),
    ),

  /** The enterprises still without a Party organization, with whether work reaches them. */
  uncovered: permissionProcedure('redsail.read')
    .input(z.object({ streetId: id.optional(), stationId: id.optional(), ...page }))
    .query(({ ctx, input }) => uncoveredEnterprises(ctx.db, area(ctx.principal), input, input)),
});

const stations = router({
  /** The stations in the caller's area with their reach (enterprises, shops, covered, members related). */
  list: permissionProcedure('redsail.read').query(({ ctx }) => stationReach(ctx.db, area(ctx.principal))),

  create: writeProcedure('redsail.manage')
    .input(
      z.object({
        code: text(20, '编码', 'The code'),
        name: text(100, '名称', 'The name'),
        streetId: id,
        address: optionalText(200, '地址', 'The address'),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await inScope(ctx.tx, ctx.principal, input.streetId);
      const s = await createStation(ctx.tx, input);
      await ctx.audit({
        action: 'redsail.stations.create',
        objectType: 'rs_station',
        objectId: s.id,
        after: s,
      });
      return s;
    }),

  /** The red commercial street: shops per trading area (财富一条街, 盼盼路商铺, 东升商圈). */
  tradingAreas: permissionProcedure('redsail.read').query(({ ctx }) =>
    tradingAreas(ctx.db, area(ctx.principal)),
  ),

  /** Members per station: where their relationship is and where they were active in a year. */
  members: permissionProcedure('redsail.read')
    .input(z.object({ year }))
    .query(({ ctx, input }) => membersByStation(ctx.db, area(ctx.principal), input.year)),
});

const activities = router({
  list: permissionProcedure('redsail.read')
    .input(z.object({ stationId: id.optional(), from: date.optional(), to: date.optional() }).default({}))
    .query(({ ctx, input }) => listActivities(ctx.db, area(ctx.principal), input)),

  get: permissionProcedure('redsail.read')
    .input(z.object({ id }))
    .query(async ({ ctx, input }) => {
      const a = await getActivity(ctx.db, input.id);
      await inScope(ctx.db, ctx.principal, a.street_id);
      return { activity: a, signins: await activitySignins(ctx.db, a.id) };
    }),

  plan: writeProcedure('redsail.manage')
    .input(
      z.object({
        stationId: id,
        title: text(200, '活动名称', 'The title'),
        plannedOn: date,
        place: optionalText(200, '地点', 'The place'),
        plan: optionalText(2000, '活动方案', 'The plan'),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await stationInScope(ctx.tx, ctx.principal, input.stationId);
      const a = await planActivity(ctx.tx, input);
      await ctx.audit({
        action: 'redsail.activities.plan',
        objectType: 'rs_activity',
        objectId: a.id,
        after: a,
      });
      return a;
    }),

  /** The short report with photos (evidence file ids from /files); marks the activity held. */
  report: writeProcedure('redsail.manage')
    .input(
      z.object({
        id,
        report: text(2000, '活动报告', 'The report'),
        photoFileIds: z.array(fileId).max(20).default([]),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const a = await getActivity(ctx.tx, input.id);
      await inScope(ctx.tx, ctx.principal, a.street_id);
      const r = await reportActivity(ctx.tx, input.id, input);
      await ctx.audit({
        action: 'redsail.activities.report',
        objectType: 'rs_activity',
        objectId: input.id,
        before: r.before,
        after: r.after,
      });
      return r.after;
    }),

  cancel: writeProcedure('redsail.manage')
    .input(z.object({ id }))
    .mutation(async ({ ctx, input }) => {
      const a = await getActivity(ctx.tx, input.id);
      await inScope(ctx.tx, ctx.principal, a.street_id);
      const r = await cancelActivity(ctx.tx, input.id);
      await ctx.audit({
        action: 'redsail.activities.cancel',
        objectType: 'rs_activity',
        objectId: input.id,
        before: r.before,
        after: r.after,
      });
      return r.after;
    }),
});

/** The member app: station activities and the member's own sign-in. */
const member = router({
  activities: permissionProcedure('redsail.signIn').query(({ ctx }) => {
    if (ctx.principal.memberId === null) throw new DomainError('FORBIDDEN', 'redsail.notAMember');
    return activitiesForMember(ctx.db, ctx.principal.memberId);
  }),

  signIn: writeProcedure('redsail.signIn')
    .input(z.object({ activityId: id }))
    .mutation(async ({ ctx, input }) => {
      if (ctx.principal.memberId === null) throw new DomainError('FORBIDDEN', 'redsail.notAMember');
      const r = await signIn(ctx.tx, input.activityId, ctx.principal.memberId);
      await ctx.audit({
        action: 'redsail.member.signIn',
        objectType: 'rs_activity',
        objectId: input.activityId,
        after: r,
      });
      return r;
    }),
});

const contacts = router({
  /** Each leader's contact points and this year's visits against the minimum (who is below it). */
  overview: permissionProcedure('redsail.read')
    .input(z.object({ year }))
    .query(({ ctx, input }) => leadersOverview(ctx.db, area(ctx.principal), input.year)),

  visits: permissionProcedure('redsail.read')
    .input(
      z.object({ leaderId: id.optional(), contactPointId: id.optional(), year: year.optional() }).default({}),
    )
    .query(({ ctx, input }) => listVisits(ctx.db, area(ctx.principal), input)),

  createLeader: writeProcedure('redsail.manage')
    .input(
      z.object({
        name: text(50, '姓名', 'The name'),
        title: text(100, '职务', 'The title'),
        userId: id.nullable().default(null),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const l = await createLeader(ctx.tx, input);
      await ctx.audit({
        action: 'redsail.contacts.createLeader',
        objectType: 'rs_leader',
        objectId: l.id,
        after: l,
      });
      return l;
    }),

  addPoint: writeProcedure('redsail.manage')
    .input(z.object({ leaderId: id, enterpriseId: id, since: date }))
    .mutation(async ({ ctx, input }) => {
      await enterpriseInScope(ctx.tx, ctx.principal, input.enterpriseId);
      const cp = await addContactPoint(ctx.tx, input);
      await ctx.audit({
        action: 'redsail.contacts.addPoint',
        objectType: 'rs_contact_point',
        objectId: cp.id,
        after: cp,
      });
      return cp;
    }),

  recordVisit: writeProcedure('redsail.manage')
    .input(
      z.object({
        contactPointId: id,
        visitDate: date,
        content: text(2000, '走访内容', 'The content'),
        problemsRaised: optionalText(2000, '反映问题', 'Problems raised'),
        problemsSolved: optionalText(2000, '解决问题', 'Problems solved'),
        followUpOwner: optionalText(50, '跟进责任人', 'The follow-up owner'),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const cp = await getContactPoint(ctx.tx, input.contactPointId);
      await inScope(ctx.tx, ctx.principal, cp.street_id);
      const v = await recordVisit(ctx.tx, input, ctx.principal.userId);
      await ctx.audit({
        action: 'redsail.contacts.recordVisit',
        objectType: 'rs_visit',
        objectId: v.id,
        after: v,
      });
      return v;
    }),

  rule: permissionProcedure('redsail.read')
    .input(z.object({ year }))
    .query(({ ctx, input }) => visitRule(ctx.db, input.year)),

  /** The year's minimum of visits per leader and the day the year-end reminders start. */
  setRule: writeProcedure('redsail.manage')
    .input(z.object({ year, minVisits: z.number().int().min(0).max(365), remindFrom: date }))
    .mutation(async ({ ctx, input }) => {
      const r = await setVisitRule(ctx.tx, input);
      await ctx.audit({
        action: 'redsail.contacts.setRule',
        objectType: 'rs_visit_minimum',
        objectId: input.year,
        before: r.before,
        after: r.after,
      });
      return r.after;
    }),
});

const demo = router({
  list: permissionProcedure('redsail.read')
    .input(
      z
        .object({
          status: z.enum(['applied', 'evaluated', 'rejected', 'recognized', 'revoked']).optional(),
          level: level.optional(),
        })
        .default({}),
    )
    .query(({ ctx, input }) => listDemoPoints(ctx.db, area(ctx.principal), input)),

  get: permissionProcedure('redsail.read')
    .input(z.object({ id }))
    .query(async ({ ctx, input }) => {
      const p = await getDemoPoint(ctx.db, input.id);
      await inScope(ctx.db, ctx.principal, p.street_id);
      return { point: p, reviews: await demoReviews(ctx.db, p.id) };
    }),

  /** The evaluation criteria (configurable by the 非公党工委). */
  criteria: permissionProcedure('redsail.read')
    .input(z.object({ includeInactive: z.boolean().default(false) }).default({ includeInactive: false }))
    .query(({ ctx, input }) => listCriteria(ctx.db, input.includeInactive)),

  saveCriterion: writeProcedure('redsail.manage')
    .input(
      z.object({
        code: text(20, '编码', 'The code'),
        name: text(200, '标准', 'The criterion'),
        required: z.boolean(),
        active: z.boolean().default(true),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const c = await saveCriterion(ctx.tx, input);
      await ctx.audit({
        action: 'redsail.demo.saveCriterion',
        objectType: 'rs_demo_criterion',
        objectId: c.id,
        after: c,
      });
      return c;
    }),

  applyPoint: writeProcedure('redsail.manage')
    .input(
      z.object({
        enterpriseId: id,
        appliedOn: date,
        application: optionalText(4000, '申报材料', 'The application'),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await enterpriseInScope(ctx.tx, ctx.principal, input.enterpriseId);
      const p = await applyDemoPoint(ctx.tx, input);
      await ctx.audit({
        action: 'redsail.demo.applyPoint',
        objectType: 'rs_demo_point',
        objectId: p.id,
        after: p,
      });
      return p;
    }),

  evaluate: writeProcedure('redsail.manage')
    .input(z.object({ id, met: z.array(z.string().trim().min(1).max(20)).max(100), on: date }))
    .mutation(async ({ ctx, input }) => {
      const p = await getDemoPoint(ctx.tx, input.id);
      await inScope(ctx.tx, ctx.principal, p.street_id);
      const r = await evaluateDemoPoint(ctx.tx, input.id, input);
      await ctx.audit({
        action: 'redsail.demo.evaluate',
        objectType: 'rs_demo_point',
        objectId: input.id,
        before: r.before,
        after: { ...r.after, evaluation: r.evaluation },
      });
      return { point: r.after, evaluation: r.evaluation };
    }),

  recognize: writeProcedure('redsail.manage')
    .input(z.object({ id, level, on: date }))
    .mutation(async ({ ctx, input }) => {
      const p = await getDemoPoint(ctx.tx, input.id);
      await inScope(ctx.tx, ctx.principal, p.street_id);
      const r = await recognizeDemoPoint(ctx.tx, input.id, input);
      await ctx.audit({
        action: 'redsail.demo.recognize',
        objectType: 'rs_demo_point',
        objectId: input.id,
        before: r.before,
        after: r.after,
      });
      return r.after;
    }),

  review: writeProcedure('redsail.manage')
    .input(
      z.object({ id, year, passed: z.boolean(), note: optionalText(1000, '复核意见', 'The note'), on: date }),
    )
    .mutation(async ({ ctx, input }) => {
      const p = await getDemoPoint(ctx.tx, input.id);
      await inScope(ctx.tx, ctx.principal, p.street_id);
      const r = await reviewDemoPoint(ctx.tx, input.id, input);
      await ctx.audit({
        action: 'redsail.demo.review',
        objectType: 'rs_demo_point',
        objectId: input.id,
        before: r.before,
        after: { ...r.after, review: input },
      });
      return r.after;
    }),

  revoke: writeProcedure('redsail.manage')
    .input(z.object({ id, reason: text(1000, '撤销原因', 'The reason'), on: date }))
    .mutation(async ({ ctx, input }) => {
      const p = await getDemoPoint(ctx.tx, input.id);
      await inScope(ctx.tx, ctx.principal, p.street_id);
      const r = await revokeDemoPoint(ctx.tx, input.id, input);
      await ctx.audit({
        action: 'redsail.demo.revoke',
        objectType: 'rs_demo_point',
        objectId: input.id,
        before: r.before,
        after: r.after,
      });
      return r.after;
    }),
});

const awardTier = z.object({
  award: text(50, '奖项', 'The award'),
  throughRank: z.number().int().min(1).max(1000),
});

const competition = router({
  /** Accounts that may judge (they hold redsail.read), for the call form. */
  judgeCandidates: permissionProcedure('redsail.manage').query(({ ctx }) => judgeCandidates(ctx.db)),

  list: permissionProcedure('redsail.read').query(({ ctx }) => listCompetitions(ctx.db)),

  /** Entries and the scores the caller may read (blind until they submit their own; all after closing). */
  board: permissionProcedure('redsail.read')
    .input(z.object({ id }))
    .query(({ ctx, input }) => competitionBoard(ctx.db, input.id, ctx.principal.userId)),

  announce: writeProcedure('redsail.manage')
    .input(
      z.object({
        year,
        title: text(200, '评比名称', 'The title'),
        callText: optionalText(4000, '评比通知', 'The call'),
        deadline: date,
        /** The most points a judge gives, in hundredths (10000 = 100 points). */
        maxPoints: z.number().int().min(100).max(100_000).default(10_000),
        awardPlan: z.array(awardTier).max(10).default([]),
        judgeUserIds: z.array(id).min(1).max(50),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const c = await callCompetition(ctx.tx, input);
      await ctx.audit({
        action: 'redsail.competition.announce',
        objectType: 'rs_competition',
        objectId: c.id,
        after: { ...c, judgeUserIds: input.judgeUserIds },
      });
      return c;
    }),

  enter: writeProcedure('redsail.manage')
    .input(
      z.object({
        competitionId: id,
        enterpriseId: id,
        title: text(200, '项目名称', 'The title'),
        summary: optionalText(4000, '项目简介', 'The summary'),
        documentFileIds: z.array(fileId).max(20).default([]),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await enterpriseInScope(ctx.tx, ctx.principal, input.enterpriseId);
      const e = await submitEntry(ctx.tx, input);
      await ctx.audit({
        action: 'redsail.competition.enter',
        objectType: 'rs_entry',
        objectId: e.id,
        after: e,
      });
      return e;
    }),

  startScoring: writeProcedure('redsail.manage')
    .input(z.object({ id }))
    .mutation(async ({ ctx, input }) => {
      const r = await startScoring(ctx.tx, input.id);
      await ctx.audit({
        action: 'redsail.competition.startScoring',
        objectType: 'rs_competition',
        objectId: input.id,
        before: r.before,
        after: r.after,
      });
      return r.after;
    }),

  /** A judge's score of an entry in hundredths, once; only the competition's judges may. */
  score: writeProcedure('redsail.read')
    .input(z.object({ entryId: id, points: z.number().int().min(0).max(100_000) }))
    .mutation(async ({ ctx, input }) => {
      const r = await submitScore(ctx.tx, { ...input, judgeUserId: ctx.principal.userId });
      await ctx.audit({
        action: 'redsail.competition.score',
        objectType: 'rs_score',
        objectId: input.entryId,
        after: { ...r, points: input.points },
      });
      return r;
    }),

  /** Closes once every judge scored every entry: ranking (ties share a rank), awards, winners kept as cases. */
  close: writeProcedure('redsail.manage')
    .input(z.object({ id }))
    .mutation(async ({ ctx, input }) => {
      const r = await closeCompetition(ctx.tx, input.id);
      await ctx.audit({
        action: 'redsail.competition.close',
        objectType: 'rs_competition',
        objectId: input.id,
        before: r.before,
        after: { ...r.after, ranked: r.ranked },
      });
      return r.ranked;
    }),

  markCase: writeProcedure('redsail.manage')
    .input(z.object({ entryId: id, isCase: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const r = await markCase(ctx.tx, input.entryId, input.isCase);
      await ctx.audit({
        action: 'redsail.competition.markCase',
        objectType: 'rs_entry',
        objectId: input.entryId,
        before: r.before,
        after: r.after,
      });
      return r.after;
    }),

  /** Past winners kept as cases (典型案例). */
  cases: permissionProcedure('redsail.read').query(({ ctx }) => pastCases(ctx.db, area(ctx.principal))),
});

export const redsailRouter = router({
  /** The home's figures: coverage (with year over year), demonstration points by level, stations, trading areas, visits. */
  overview: permissionProcedure('redsail.read')
    .input(z.object({ year: year.optional() }).default({}))
    .query(({ ctx, input }) => redsailOverview(ctx.db, area(ctx.principal), input.year)),
  enterprises,
  coverage,
  stations,
  activities,
  member,
  contacts,
  demo,
  competition,
});
