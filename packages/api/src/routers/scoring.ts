import { assertInScope, type Principal } from '@zhanqian/auth';
import { DomainError } from '@zhanqian/core';
import type { Database, Kysely } from '@zhanqian/db';
import { enqueueInTx } from '@zhanqian/jobs';
import { withUnitDisplayNames } from '@zhanqian/org';
import {
  addSubjects,
  assertStatus,
  awardsOf,
  type CategoryChart,
  chartByCategory,
  copySchemeToYear,
  currentResults,
  exportSchemeXlsx,
  getIndicator,
  getReport,
  getScheme,
  getSubject,
  importSchemeXlsx,
  indicatorOf,
  listReports,
  loadScheme,
  nodeSums,
  objectionWindowOpen,
  personalOf,
  priorityOf,
  type ResultRow,
  raiseObjection,
  recomputeScoring,
  resolveObjection,
  resultsAccess,
  reviewReport,
  type SchemeDef,
  saveScheme,
  schemeProblems,
  setSchemeStatus,
  submitReport,
  visibleYears,
  type YearResults,
  yearOverYear,
} from '@zhanqian/scoring';
import { z } from 'zod';
import { permissionProcedure, router, writeProcedure } from '../trpc/init.ts';
import { calendarDate, id } from '../trpc/inputs.ts';
import { msg } from '../trpc/locale.ts';
import { historyRouter, reportsRouter } from './scoring-bulk.ts';

const year = z.number().int().min(2000).max(2100);
const hundredths = z.number().int().min(0).max(100_000);
const share = z.number().int().min(0).max(10_000);
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, msg('input.required', { field: '内容' }))
    .max(max);

const rule = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('ratio'),
    target: z.number().int().min(1).max(1_000_000_000),
    capPct: z.number().int().min(1).max(1000).optional(),
  }),
  z.object({
    kind: z.literal('tiered'),
    tiers: z
      .array(z.object({ min: z.number().int().min(0).max(1_000_000_000), shareBp: share }))
      .min(1)
      .max(20),
  }),
  z.object({ kind: z.literal('boolean') }),
  z.object({
    kind: z.literal('graded'),
    grades: z
      .array(z.object({ grade: text(10), shareBp: share }))
      .min(1)
      .max(10),
  }),
  z.object({ kind: z.literal('deduction'), penalty: z.number().int().min(1).max(100_000) }),
  z.object({ kind: z.literal('bonus'), perUnit: z.number().int().min(1).max(100_000) }),
  z.object({ kind: z.literal('veto') }),
]);
const code = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9_.-]+$/);
const schemeDef = z.object({
  year,
  name: text(100),
  bonusCap: hundredths,
  tieBreak: z.array(z.enum(['deductionLost', 'aspects', 'bonus'])).max(3),
  awards: z.object({
    poolFen: z.number().int().min(0).max(100_000_000_000),
    rules: z
      .array(
        z.union([
          z.object({
            byRank: z.object({ from: z.number().int().min(1), to: z.number().int().min(1) }),
            amountFen: z.number().int().min(0).max(10_000_000_000),
            category: z.string().max(40).optional(),
          }),
          z.object({
            minTotal: z.number().int().min(0).max(200_000),
            amountFen: z.number().int().min(0).max(10_000_000_000),
            category: z.string().max(40).optional(),
          }),
        ]),
      )
      .max(50),
  }),
  priorityTopN: z.number().int().min(0).max(100),
  aspects: z
    .array(
      z.object({
        code,
        name: text(100),
        points: hundredths,
        items: z
          .array(
            z.object({
              code,
              name: text(100),
              points: hundredths,
              indicators: z
                .array(
                  z.object({
                    code,
                    name: text(200),
                    points: hundredths,
                    rule,
                    assessingUnit: z.string().trim().min(1).max(40),
                    responsible: z.array(text(40)).max(10),
                    unit: z.string().max(20).optional(),
                  }),
                )
                .max(50),
            }),
          )
          .max(50),
      }),
    )
    .max(20),
});

/** The assessment office (and the district admin) acts on every indicator; others on their own. */
const isAssessmentOffice = (p: Principal) => p.permissions.has('scoring.manage');

/** A unit reporter acts only for the subject of their own unit. */
async function assertOwnSubject(db: Kysely<Database>, p: Principal, subjectId: number) {
  const subject = await getSubject(db, subjectId);
  if (subject.org_unit_id !== p.orgUnitId) throw new DomainError('FORBIDDEN', 'scoring.notOwnUnit');
  return subject;
}

async function assertAssessor(db: Kysely<Database>, p: Principal, indicatorId: number) {
  const ind = await getIndicator(db, indicatorId);
  if (!isAssessmentOffice(p) && ind.assessingUnitId !== p.orgUnitId)
    throw new DomainError('FORBIDDEN', 'scoring.notAssessor');
  return ind;
}

const schemeRouter = router({
  /** The years that have a scheme, with status: the screen's year picker. */
  years: permissionProcedure(['scoring.read', 'scoring.report', 'scoring.review'])
    .input(z.object({}).optional())
    .query(async ({ ctx }) =>
      ctx.db
        .selectFrom('scoring_scheme')
        .select(['year', 'name', 'status', 'objection_until', 'current_version_id'])
        .orderBy('year', 'desc')
        .execute(),
    ),

  /** The year's scheme tree, with the sums of each node's children (for a live sum check). */
  get: permissionProcedure(['scoring.read', 'scoring.report', 'scoring.review'])
    .input(z.object({ year }))
    .query(async ({ ctx, input }) => {
      const tree = await loadScheme(ctx.db, input.year);
      return { ...tree, sums: nodeSums(tree.def), problems: schemeProblems(tree.def) };
    }),

  /** Checks a scheme without saving it: every problem with its node and sums. */
  validate: permissionProcedure('scoring.manage')
    .input(z.object({ def: schemeDef }))
    .query(({ input }) => ({
      sums: nodeSums(input.def as SchemeDef),
      problems: schemeProblems(input.def as SchemeDef),
    })),

  /** Creates the year's draft scheme or replaces it (drafts only). */
  save: writeProcedure('scoring.manage')
    .input(z.object({ def: schemeDef }))
    .mutation(async ({ ctx, input }) => {
      const before = await ctx.tx
        .selectFrom('scoring_scheme')
        .select('year')
        .where('year', '=', input.def.year)
        .executeTakeFirst();
      const beforeDef = before ? (await loadScheme(ctx.tx, input.def.year)).def : null;
      const row = await saveScheme(ctx.tx, input.def as SchemeDef);
      await ctx.audit({
        action: 'scoring.scheme.save',
        objectType: 'scoring_scheme',
        objectId: row.id,
        before: beforeDef,
        after: input.def,
      });
      return row;
    }),

  copy: writeProcedure('scoring.manage')
    .input(z.object({ fromYear: year, toYear: year }))
    .mutation(async ({ ctx, input }) => {
      const row = await copySchemeToYear(ctx.tx, input.fromYear, input.toYear);
      await ctx.audit({
        action: 'scoring.scheme.copy',
        objectType: 'scoring_scheme',
        objectId: row.id,
        after: { from: input.fromYear, to: input.toYear },
      });
      return row;
    }),

  /** draft → open → closed (read-only) → published (objection window until a date). */
  setStatus: writeProcedure('scoring.manage')
    .input(
      z.discriminatedUnion('to', [
        z.object({ year, to: z.literal('open') }),
        z.object({ year, to: z.literal('closed') }),
        z.object({
          year,
          to: z.literal('published'),
          objectionUntil: calendarDate(),
        }),
      ]),
    )
    .mutation(async ({ ctx, input }) => {
      const { before, after } = await setSchemeStatus(
        ctx.tx,
        input.year,
        input.to,
        input.to === 'published' ? input.objectionUntil : undefined,
      );
      await ctx.audit({
        action: 'scoring.scheme.setStatus',
        objectType: 'scoring_scheme',
        objectId: after.id,
        before: { status: before.status, objection_until: before.objection_until },
        after: { status: after.status, objection_until: after.objection_until },
      });
      return after;
    }),

  /** The scheme as an xlsx workbook in the documented template (base64). */
  exportXlsx: permissionProcedure(['scoring.read', 'scoring.review'])
    .input(z.object({ year }))
    .query(async ({ ctx, input }) => {
      const { def } = await loadScheme(ctx.db, input.year);
      const bytes = await exportSchemeXlsx(def);
      return {
        fileName: `千分制考核方案-${input.year}.xlsx`,
        mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        base64: Buffer.from(bytes).toString('base64'),
      };
    }),

  /**
   * Imports a workbook (base64) as the year's draft. Problems come back as a list with
   * sheet, row and column, and nothing is saved.
   */
  importXlsx: writeProcedure('scoring.manage')
    .input(z.object({ base64: z.string().min(1).max(14_000_000) }))
    .mutation(async ({ ctx, input }) => {
      const parsed = await importSchemeXlsx(new Uint8Array(Buffer.from(input.base64, 'base64')));
      if (!parsed.ok) {
        await ctx.audit({
          action: 'scoring.scheme.import',
          objectType: 'scoring_scheme',
          result: 'failed',
          after: { errors: parsed.errors.slice(0, 20) },
        });
        return { ok: false as const, errors: parsed.errors };
      }
      const row = await saveScheme(ctx.tx, parsed.def);
      await ctx.audit({
        action: 'scoring.scheme.import',
        objectType: 'scoring_scheme',
        objectId: row.id,
        after: parsed.def,
      });
      return { ok: true as const, scheme: row };
    }),
});

const subjectsRouter = router({
  list: permissionProcedure(['scoring.read', 'scoring.report', 'scoring.review'])
    .input(z.object({ year, category: z.string().max(40).optional() }))
    .query(async ({ ctx, input }) => {
      let q = ctx.db
        .selectFrom('scoring_subject as s')
        .innerJoin('org_unit as u', 'u.id', 's.org_unit_id')
        .select([
          's.id',
          's.year',
          's.org_unit_id',
          's.category',
          'u.name as unit_name',
          'u.code as unit_code',
        ])
        .where('s.year', '=', input.year)
        .where('s.org_unit_id', 'in', (eb) =>
          eb
            .selectFrom('org_closure')
            .select('descendant_id')
            .where('ancestor_id', '=', ctx.principal.scopeRootId),
        );
      if (input.category) q = q.where('s.category', '=', input.category);
      const rows = await withUnitDisplayNames(
        ctx.db,
        await q.orderBy('s.category').orderBy('u.sort_order').orderBy('s.id').execute(),
        'org_unit_id',
        'unit_name',
        ctx.principal.scopeRootId,
      );
      return { total: rows.length, rows };
    }),

  add: writeProcedure('scoring.manage')
    .input(
      z.object({
        year,
        subjects: z
          .array(z.object({ orgUnitId: id, category: z.string().trim().min(1).max(40) }))
          .min(1)
          .max(5000),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      assertStatus(await getScheme(ctx.tx, input.year), ['draft', 'open']);
      for (const s of input.subjects) await assertInScope(ctx.tx, ctx.principal, s.orgUnitId);
      const rows = await addSubjects(ctx.tx, input.year, input.subjects);
      await ctx.audit({
        action: 'scoring.subjects.add',
        objectType: 'scoring_subject',
        after: rows,
      });
      return rows;
    }),
});

const reportRouter = router({
  /**
   * The reporter's form: their unit's subject in the year and every indicator with its
   * current report (value, status, return reason).
   */
  mine: permissionProcedure('scoring.report')
    .input(z.object({ year }))
    .query(async ({ ctx, input }) => {
      const subject = await ctx.db
        .selectFrom('scoring_subject')
        .selectAll()
        .where('year', '=', input.year)
        .where('org_unit_id', '=', ctx.principal.orgUnitId)
        .executeTakeFirst();
      if (!subject) throw new DomainError('NOT_FOUND', 'scoring.subjectNotFound', { id: 0 });
      const scheme = await getScheme(ctx.db, input.year);
      const nodes = await ctx.db
        .selectFrom('scoring_node')
        .selectAll()
        .where('scheme_id', '=', scheme.id)
        .where('level', '=', 'indicator')
        .orderBy('id')
        .execute();
      const reports = await ctx.db
        .selectFrom('scoring_report')
        .selectAll()
        .where('subject_id', '=', subject.id)
        .execute();
      const byIndicator = new Map(reports.map((r) => [r.indicator_id, r]));
      const rows = nodes.map((n) => ({ indicator: indicatorOf(n), report: byIndicator.get(n.id) ?? null }));
      return {
        subject,
        status: scheme.status,
        counts: {
          indicators: rows.length,
          reported: reports.filter((r) => r.status === 'reported').length,
          approved: reports.filter((r) => r.status === 'approved').length,
          returned: reports.filter((r) => r.status === 'returned').length,
        },
        rows,
      };
    }),

  submit: writeProcedure('scoring.report')
    .input(
      z.object({
        subjectId: id,
        indicatorId: id,
        value: z.number().int().min(0).max(1_000_000_000),
        evidenceId: z.string().uuid().nullish(),
        note: z.string().trim().max(2000).nullish(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const subject = await assertOwnSubject(ctx.tx, ctx.principal, input.subjectId);
      const { before, after } = await submitReport(ctx.tx, { ...input, userId: ctx.principal.userId });
      await ctx.audit({
        action: 'scoring.report.submit',
        objectType: 'scoring_report',
        objectId: after.id,
        orgUnitId: subject.org_unit_id,
        before,
        after,
      });
      return after;
    }),
});

const reviewRouter = router({
  /** The review queue: reports awaiting the caller's department (all, for the assessment office). */
  queue: permissionProcedure('scoring.review')
    .input(
      z.object({
        year,
        status: z.enum(['reported', 'approved', 'returned']).default('reported'),
        page: z.number().int().min(1).default(1),
        pageSize: z.number().int().min(1).max(500).default(50),
      }),
    )
    .query(async ({ ctx, input }) =>
      listReports(ctx.db, {
        year: input.year,
        status: input.status,
        assessingUnitId: isAssessmentOffice(ctx.principal) ? undefined : ctx.principal.orgUnitId,
        scopeRootId: ctx.principal.scopeRootId,
        limit: input.pageSize,
        offset: (input.page - 1) * input.pageSize,
      }),
    ),

  decide: writeProcedure('scoring.review')
    .input(
      z.discriminatedUnion('approve', [
        z.object({ reportId: id, approve: z.literal(true) }),
        z.object({
          reportId: id,
          approve: z.literal(false),
          reason: z.string().trim().min(1, msg('scoring.reasonRequired')).max(500),
        }),
      ]),
    )
    .mutation(async ({ ctx, input }) => {
      const report = await getReport(ctx.tx, input.reportId);
      await assertAssessor(ctx.tx, ctx.principal, report.indicator_id);
      const subject = await getSubject(ctx.tx, report.subject_id);
      await assertInScope(ctx.tx, ctx.principal, subject.org_unit_id);
      const { before, after } = await reviewReport(ctx.tx, {
        reportId: input.reportId,
        approve: input.approve,
        reason: input.approve ? undefined : input.reason,
        userId: ctx.principal.userId,
      });
      // An approved value changes results: the worker recomputes the year (outbox, same transaction).
      if (input.approve)
        await enqueueInTx(
          ctx.tx,
          'scoring.recompute',
          { year: after.year },
          `year:${after.year}`,
          ctx.principal.username,
        );
      await ctx.audit({
        action: input.approve ? 'scoring.review.approve' : 'scoring.review.return',
        objectType: 'scoring_report',
        objectId: after.id,
        orgUnitId: subject.org_unit_id,
        before,
        after,
      });
      return after;
    }),
});

/**
 * The year's scheme and how the caller may see its results: published results for everyone
 * who reads them, provisional ones (暂定) only for the assessment office, none for anyone
 * else before publication (结果尚未公布).
 */
async function resultsAccessOf(db: Kysely<Database>, p: Principal, y: number) {
  const scheme = await getScheme(db, y);
  return { scheme, access: resultsAccess(scheme.status, p) };
}

/** A list of results the caller may not see yet: no row, and why. */
const notPublished = <T>(y: number, status: string) => ({
  year: y,
  status,
  access: 'hidden' as const,
  total: 0,
  rows: [] as T[],
});

const resultsRouter = router({
  /**
   * Rankings per category, chart-ready, within the caller's subtree. Before publication only
   * the assessment office gets them (access 'provisional'); anyone else gets no row (access
   * 'hidden': 结果尚未公布).
   */
  rankings: permissionProcedure('scoring.read')
    .input(z.object({ year, category: z.string().max(40).optional() }))
    .query(async ({ ctx, input }) => {
      const { scheme, access } = await resultsAccessOf(ctx.db, ctx.principal, input.year);
      if (access === 'hidden')
        return {
          ...notPublished<ResultRow>(input.year, scheme.status),
          versionId: null,
          source: null,
          aspects: [] as YearResults['aspects'],
          charts: [] as CategoryChart[],
        };
      const res = await currentResults(ctx.db, input.year, {
        scopeRootId: ctx.principal.scopeRootId,
        category: input.category,
      });
      return { ...res, access, total: res.rows.length, charts: chartByCategory(res) };
    }),

  /** Totals and ranks across years: only the years whose results the caller may see, each marked. */
  yearOverYear: permissionProcedure('scoring.read')
    .input(
      z.object({
        years: z.array(year).min(1).max(10),
        category: z.string().max(40).optional(),
        orgUnitIds: z.array(id).max(200).optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const schemes = await ctx.db
        .selectFrom('scoring_scheme')
        .select(['year', 'status'])
        .where('year', 'in', input.years)
        .execute();
      const visible = visibleYears(schemes, ctx.principal);
      const res = await yearOverYear(ctx.db, {
        ...input,
        years: visible.map((v) => v.year),
        scopeRootId: ctx.principal.scopeRootId,
      });
      const accessOf = new Map(visible.map((v) => [v.year, v.access]));
      return { ...res, access: res.years.map((y) => accessOf.get(y)!) };
    }),

  /** Bottom two of each category (ties at the boundary included). */
  bottomTwo: permissionProcedure('scoring.read')
    .input(z.object({ year }))
    .query(async ({ ctx, input }) => {
      const { scheme, access } = await resultsAccessOf(ctx.db, ctx.principal, input.year);
      if (access === 'hidden') return notPublished<ResultRow>(input.year, scheme.status);
      const res = await currentResults(ctx.db, input.year, { scopeRootId: ctx.principal.scopeRootId });
      const rows = res.rows.filter((r) => r.bottomTwo);
      return { year: input.year, status: scheme.status, access, total: rows.length, rows };
    }),

  /** 重点调整: bottom two this year and last, same category. */
  keyAdjustment: permissionProcedure('scoring.read')
    .input(z.object({ year }))
    .query(async ({ ctx, input }) => {
      const { scheme, access } = await resultsAccessOf(ctx.db, ctx.principal, input.year);
      if (access === 'hidden') return notPublished<ResultRow>(input.year, scheme.status);
      const res = await currentResults(ctx.db, input.year, { scopeRootId: ctx.principal.scopeRootId });
      const rows = res.rows.filter((r) => r.keyAdjustment);
      return { year: input.year, status: scheme.status, access, total: rows.length, rows };
    }),

  /** The promotion-priority list (feeds cadres). */
  priority: permissionProcedure('scoring.read')
    .input(z.object({ year }))
    .query(async ({ ctx, input }) => {
      const { scheme, access } = await resultsAccessOf(ctx.db, ctx.principal, input.year);
      if (access === 'hidden') return notPublished<ResultRow>(input.year, scheme.status);
      const rows = await priorityOf(ctx.db, input.year, ctx.principal.scopeRootId);
      return { year: input.year, status: scheme.status, access, total: rows.length, rows };
    }),

  /**
   * Awards by the scheme's table: district-wide, so for the assessment office only, and
   * marked provisional until the year is published.
   */
  awards: permissionProcedure('scoring.manage')
    .input(z.object({ year }))
    .query(async ({ ctx, input }) => {
      const { scheme, access } = await resultsAccessOf(ctx.db, ctx.principal, input.year);
      return { year: input.year, status: scheme.status, access, ...(await awardsOf(ctx.db, input.year)) };
    }),

  /** Personal scores of a subject's responsible persons (量化到人): results too, so published first. */
  personal: permissionProcedure(['scoring.read', 'scoring.report'])
    .input(z.object({ year, subjectId: id }))
    .query(async ({ ctx, input }) => {
      const subject = await getSubject(ctx.db, input.subjectId);
      await assertInScope(ctx.db, ctx.principal, subject.org_unit_id);
      const { scheme, access } = await resultsAccessOf(ctx.db, ctx.principal, input.year);
      if (access === 'hidden')
        return notPublished<Awaited<ReturnType<typeof personalOf>>[number]>(input.year, scheme.status);
      const rows = await personalOf(ctx.db, input.year, [subject.id]);
      return { year: input.year, status: scheme.status, access, total: rows.length, rows };
    }),

  /** Recomputes the year's results now (the worker does the same on its schedule). */
  recompute: writeProcedure('scoring.manage')
    .input(z.object({ year }))
    .mutation(async ({ ctx, input }) => {
      const before = (await getScheme(ctx.tx, input.year)).current_version_id;
      const res = await recomputeScoring(ctx.tx, input.year, { userId: ctx.principal.userId });
      await ctx.audit({
        action: 'scoring.recompute',
        objectType: 'scoring_result_version',
        objectId: res.versionId,
        before: { versionId: before },
        after: res,
      });
      return res;
    }),
});

const objectionRouter = router({
  list: permissionProcedure(['scoring.read', 'scoring.report'])
    .input(z.object({ year }))
    .query(async ({ ctx, input }) => {
      const rows = await ctx.db
        .selectFrom('scoring_objection as o')
        .innerJoin('scoring_subject as s', 's.id', 'o.subject_id')
        .innerJoin('org_unit as u', 'u.id', 's.org_unit_id')
        .selectAll('o')
        .select(['u.name as unit_name', 's.org_unit_id'])
        .where('o.year', '=', input.year)
        .where('s.org_unit_id', 'in', (eb) =>
          eb
            .selectFrom('org_closure')
            .select('descendant_id')
            .where('ancestor_id', '=', ctx.principal.scopeRootId),
        )
        .orderBy('o.id')
        .execute()
        .then((r) => withUnitDisplayNames(ctx.db, r, 'org_unit_id', 'unit_name', ctx.principal.scopeRootId));
      const scheme = await getScheme(ctx.db, input.year);
      return {
        windowOpen: objectionWindowOpen(scheme),
        until: scheme.objection_until,
        total: rows.length,
        rows,
      };
    }),

  raise: writeProcedure('scoring.report')
    .input(z.object({ subjectId: id, reason: text(2000) }))
    .mutation(async ({ ctx, input }) => {
      const subject = await assertOwnSubject(ctx.tx, ctx.principal, input.subjectId);
      const row = await raiseObjection(ctx.tx, { ...input, userId: ctx.principal.userId });
      await ctx.audit({
        action: 'scoring.objection.raise',
        objectType: 'scoring_objection',
        objectId: row.id,
        orgUnitId: subject.org_unit_id,
        after: row,
      });
      return row;
    }),

  resolve: writeProcedure('scoring.manage')
    .input(z.object({ id, upheld: z.boolean(), response: text(2000) }))
    .mutation(async ({ ctx, input }) => {
      const { before, after } = await resolveObjection(ctx.tx, { ...input, userId: ctx.principal.userId });
      await ctx.audit({
        action: 'scoring.objection.resolve',
        objectType: 'scoring_objection',
        objectId: after.id,
        before,
        after,
      });
      return after;
    }),
});

/** `scoring.*`: the thousand-point appraisal (千分制). */
export const scoringRouter = router({
  scheme: schemeRouter,
  subjects: subjectsRouter,
  report: reportRouter,
  review: reviewRouter,
  results: resultsRouter,
  objection: objectionRouter,
  history: historyRouter,
  reports: reportsRouter,
});
