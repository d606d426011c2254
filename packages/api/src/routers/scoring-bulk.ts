import type { Locale } from '@zhanqian/core';
import type { Database, Kysely } from '@zhanqian/db';
import { enqueueInTx } from '@zhanqian/jobs';
import {
  applyReportsImport,
  getScheme,
  historyTemplateXlsx,
  importHistory,
  parseHistoryXlsx,
  parseReportsXlsx,
  planHistoryImport,
  planReportsImport,
  reportImportContext,
  reportsTemplateXlsx,
  reviewReports,
  sha256Hex,
  type UnitRef,
} from '@zhanqian/scoring';
import { z } from 'zod';
import { permissionProcedure, router, writeProcedure } from '../trpc/init.ts';
import { id } from '../trpc/inputs.ts';
import { msg } from '../trpc/locale.ts';

/** Bulk work in the appraisal (issue #14, item 7): past results, report imports, bulk review. */

const year = z.number().int().min(2000).max(2100);
const file = z.object({ year, base64: z.string().min(1).max(14_000_000) });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const bytesOf = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));
const xlsxFile = (fileName: string, bytes: Uint8Array) => ({
  fileName,
  mime: XLSX,
  base64: Buffer.from(bytes).toString('base64'),
});

/** What a refused file's audit record keeps: its hash, and its first errors with their count. */
const refusedFile = (y: number, sha256: string, errors: readonly unknown[]) => ({
  year: y,
  sha256,
  errors: errors.slice(0, 20),
  errorCount: errors.length,
});

/** Units in the caller's subtree: an import names only units the caller may act on. */
async function unitsInScope(db: Kysely<Database>, scopeRootId: number): Promise<UnitRef[]> {
  return db
    .selectFrom('org_unit as u')
    .innerJoin('org_closure as c', 'c.descendant_id', 'u.id')
    .select(['u.id', 'u.code', 'u.name'])
    .where('c.ancestor_id', '=', scopeRootId)
    .execute();
}

/** The scheme a template follows: the year's own, else the next later one, else the latest. */
async function nearestScheme(db: Kysely<Database>, y: number) {
  const later = await db
    .selectFrom('scoring_scheme')
    .select(['id', 'year'])
    .where('year', '>=', y)
    .orderBy('year')
    .limit(1)
    .executeTakeFirst();
  return (
    later ??
    (await db
      .selectFrom('scoring_scheme')
      .select(['id', 'year'])
      .orderBy('year', 'desc')
      .limit(1)
      .executeTakeFirst())
  );
}

/** A past year's results file, read against the caller's units (dry run and import alike). */
async function readHistoryFile(
  ctx: { tx: Kysely<Database>; principal: { scopeRootId: number }; locale: Locale },
  base64: string,
) {
  const bytes = bytesOf(base64);
  const units = await unitsInScope(ctx.tx, ctx.principal.scopeRootId);
  return { sha256: sha256Hex(bytes), parsed: await parseHistoryXlsx(bytes, units, ctx.locale) };
}

const historyRouter = router({
  /** The template of a past year's results: aspects and subjects of the nearest scheme, scores blank. */
  template: permissionProcedure('scoring.manage')
    .input(z.object({ year }))
    .query(async ({ ctx, input }) => {
      const near = await nearestScheme(ctx.db, input.year);
      const aspects = near
        ? await ctx.db
            .selectFrom('scoring_node')
            .select('name')
            .where('scheme_id', '=', near.id)
            .where('level', '=', 'aspect')
            .orderBy('sort_order')
            .execute()
        : [];
      const subjects = near
        ? await ctx.db
            .selectFrom('scoring_subject as s')
            .innerJoin('org_unit as u', 'u.id', 's.org_unit_id')
            .innerJoin('org_closure as c', 'c.descendant_id', 'u.id')
            .select(['u.code', 'u.name', 's.category'])
            .where('s.year', '=', near.year)
            .where('c.ancestor_id', '=', ctx.principal.scopeRootId)
            .orderBy('s.category')
            .orderBy('u.sort_order')
            .execute()
        : [];
      const bytes = await historyTemplateXlsx({ aspects: aspects.map((a) => a.name), subjects });
      return xlsxFile(`历年考核结果-${input.year}.xlsx`, bytes);
    }),

  /**
   * Checks a past year's results file without saving: every error with sheet, row, column and
   * reason, or the counts of new / changed / unchanged / removed subjects.
   */
  dryRun: writeProcedure('scoring.manage')
    .input(file)
    .mutation(async ({ ctx, input }) => {
      const { sha256, parsed } = await readHistoryFile(ctx, input.base64);
      if (!parsed.ok) {
        await ctx.audit({
          action: 'scoring.history.dryRun',
          objectType: 'scoring_scheme',
          result: 'failed',
          after: refusedFile(input.year, sha256, parsed.errors),
        });
        return { ok: false as const, errors: parsed.errors };
      }
      const plan = await planHistoryImport(ctx.tx, input.year, parsed.history);
      await ctx.audit({
        action: 'scoring.history.dryRun',
        objectType: 'scoring_scheme',
        after: { sha256, ...plan },
      });
      return { ok: true as const, plan, aspects: parsed.history.aspects };
    }),

  /**
   * Imports a past year's official results as a published, closed year (all or nothing; the
   * same file twice changes nothing the second time). Its bottom two feed the next year's
   * key adjustment, whose results are refreshed at once.
   */
  import: writeProcedure('scoring.manage')
    .input(file)
    .mutation(async ({ ctx, input }) => {
      const { sha256, parsed } = await readHistoryFile(ctx, input.base64);
      if (!parsed.ok) {
        await ctx.audit({
          action: 'scoring.history.import',
          objectType: 'scoring_scheme',
          result: 'failed',
          after: refusedFile(input.year, sha256, parsed.errors),
        });
        return { ok: false as const, errors: parsed.errors };
      }
      const before = await ctx.tx
        .selectFrom('scoring_scheme')
        .select(['id', 'current_version_id'])
        .where('year', '=', input.year)
        .executeTakeFirst();
      const res = await importHistory(ctx.tx, input.year, parsed.history, { userId: ctx.principal.userId });
      const scheme = await getScheme(ctx.tx, input.year);
      await ctx.audit({
        action: 'scoring.history.import',
        objectType: 'scoring_scheme',
        objectId: scheme.id,
        before: before ? { versionId: before.current_version_id } : null,
        after: { sha256, rows: parsed.history.rows.length, ...res },
      });
      return { ok: true as const, result: res };
    }),
});

const reportsRouter = router({
  /** Every subject × indicator of the year (in the caller's area), with values already reported. */
  template: permissionProcedure('scoring.manage')
    .input(z.object({ year }))
    .query(async ({ ctx, input }) => {
      const scheme = await getScheme(ctx.db, input.year);
      const subjects = await ctx.db
        .selectFrom('scoring_subject as s')
        .innerJoin('org_unit as u', 'u.id', 's.org_unit_id')
        .innerJoin('org_closure as c', 'c.descendant_id', 'u.id')
        .select(['s.id', 'u.code', 'u.name'])
        .where('s.year', '=', input.year)
        .where('c.ancestor_id', '=', ctx.principal.scopeRootId)
        .orderBy('s.category')
        .orderBy('u.sort_order')
        .execute();
      const indicators = await ctx.db
        .selectFrom('scoring_node')
        .select(['id', 'code', 'name'])
        .where('scheme_id', '=', scheme.id)
        .where('level', '=', 'indicator')
        .orderBy('id')
        .execute();
      const reports = await ctx.db
        .selectFrom('scoring_report')
        .select(['subject_id', 'indicator_id', 'value', 'note'])
        .where('year', '=', input.year)
        .execute();
      const byKey = new Map(reports.map((r) => [`${r.subject_id}:${r.indicator_id}`, r]));
      const rows = subjects.flatMap((s) =>
        indicators.map((ind) => {
          const r = byKey.get(`${s.id}:${ind.id}`);
          return {
            unitCode: s.code,
            unitName: s.name,
            indicatorCode: ind.code,
            indicatorName: ind.name,
            value: r?.value,
            note: r?.note,
          };
        }),
      );
      return xlsxFile(`指标上报-${input.year}.xlsx`, await reportsTemplateXlsx(rows));
    }),

  /** Checks a reports file: every error by sheet/row/column, or counts of new / changed / unchanged. */
  dryRun: writeProcedure('scoring.manage')
    .input(file)
    .mutation(async ({ ctx, input }) => {
      const bytes = bytesOf(input.base64);
      const plan = await planReports(ctx.tx, input.year, bytes, ctx.principal.scopeRootId, ctx.locale);
      await ctx.audit({
        action: 'scoring.reports.dryRun',
        objectType: 'scoring_report',
        result: plan.ok ? 'ok' : 'failed',
        after: plan.ok
          ? { year: input.year, sha256: sha256Hex(bytes), counts: plan.plan.counts }
          : refusedFile(input.year, sha256Hex(bytes), plan.errors),
      });
      return plan.ok ? { ok: true as const, counts: plan.plan.counts } : plan;
    }),

  /**
   * Imports a year's reports, all or nothing: new and changed rows become reports awaiting
   * review, each audited (before and after); the same file twice changes nothing.
   */
  import: writeProcedure('scoring.manage')
    .input(file)
    .mutation(async ({ ctx, input }) => {
      const bytes = bytesOf(input.base64);
      const sha256 = sha256Hex(bytes);
      const plan = await planReports(ctx.tx, input.year, bytes, ctx.principal.scopeRootId, ctx.locale);
      if (!plan.ok) {
        await ctx.audit({
          action: 'scoring.reports.import',
          objectType: 'scoring_report',
          result: 'failed',
          after: refusedFile(input.year, sha256, plan.errors),
        });
        return plan;
      }
      const written = await applyReportsImport(ctx.tx, input.year, plan.plan, plan.indicators);
      // One record per report (its history reads like a reporter's submissions), and one for the batch.
      await ctx.auditMany(
        written.map((w) => ({
          action: 'scoring.report.import',
          objectType: 'scoring_report',
          objectId: w.after.id,
          orgUnitId: w.orgUnitId,
          before: w.before,
          after: w.after,
        })),
      );
      await ctx.audit({
        action: 'scoring.reports.import',
        objectType: 'scoring_report',
        after: {
          year: input.year,
          sha256,
          counts: plan.plan.counts,
          reportIds: written.map((w) => w.after.id),
        },
      });
      return { ok: true as const, counts: plan.plan.counts };
    }),

  /**
   * Approves or returns the selected reports in one request, all or nothing: if any cannot be
   * reviewed by the caller, nothing changes and each such report comes back with its reason.
   * Each report reviewed is audited as a single review would be.
   */
  reviewMany: writeProcedure('scoring.review')
    .input(
      z.discriminatedUnion('approve', [
        z.object({ reportIds: z.array(id).min(1).max(5000), approve: z.literal(true) }),
        z.object({
          reportIds: z.array(id).min(1).max(5000),
          approve: z.literal(false),
          reason: z.string().trim().min(1, msg('scoring.reasonRequired')).max(500),
        }),
      ]),
    )
    .mutation(async ({ ctx, input }) => {
      const p = ctx.principal;
      const res = await reviewReports(ctx.tx, {
        reportIds: input.reportIds,
        approve: input.approve,
        reason: input.approve ? undefined : input.reason,
        userId: p.userId,
        // The assessment office reviews every indicator; a department only those it assesses.
        assessingUnitId: p.permissions.has('scoring.manage') ? null : p.orgUnitId,
        scopeRootId: p.scopeRootId,
        locale: ctx.locale,
      });
      if (!res.ok) {
        await ctx.audit({
          action: 'scoring.review.many',
          objectType: 'scoring_report',
          result: res.errors.some((e) => e.kind === 'FORBIDDEN') ? 'denied' : 'failed',
          after: {
            count: input.reportIds.length,
            errors: res.errors.slice(0, 50),
            errorCount: res.errors.length,
          },
        });
        return { ok: false as const, errors: res.errors };
      }
      // Approved values change results: the worker recomputes each year (outbox, same transaction).
      if (input.approve)
        for (const y of res.years)
          await enqueueInTx(ctx.tx, 'scoring.recompute', { year: y }, `year:${y}`, p.username);
      await ctx.auditMany(
        res.reviewed.map((r) => ({
          action: input.approve ? 'scoring.review.approve' : 'scoring.review.return',
          objectType: 'scoring_report',
          objectId: r.after.id,
          orgUnitId: r.orgUnitId,
          before: r.before,
          after: r.after,
        })),
      );
      return { ok: true as const, count: res.reviewed.length };
    }),
});

async function planReports(
  db: Kysely<Database>,
  y: number,
  bytes: Uint8Array,
  scopeRootId: number,
  locale: 'zh-CN' | 'en',
) {
  const context = await reportImportContext(db, y);
  const inScope = new Set((await unitsInScope(db, scopeRootId)).map((u) => u.id));
  const parsed = await parseReportsXlsx(
    bytes,
    { ...context, units: context.units.filter((u) => inScope.has(u.id)) },
    locale,
  );
  if (!parsed.ok) return { ok: false as const, errors: parsed.errors };
  const plan = await planReportsImport(db, y, parsed.rows, locale);
  if (plan.errors.length) return { ok: false as const, errors: plan.errors };
  const indicators = new Map([...context.indicators.values()].map((i) => [i.id, i]));
  return { ok: true as const, plan, indicators };
}

export { historyRouter, reportsRouter };
