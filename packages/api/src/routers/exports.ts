import { assertInScope, type Permission, type Principal } from '@zhanqian/auth';
import { RANKS } from '@zhanqian/cadres';
import { DomainError } from '@zhanqian/core';
import type { Database, Kysely, StarLevel } from '@zhanqian/db';
import {
  createExportRequest,
  DIRECT_EXPORT_MAX_ROWS,
  type ExportInputs,
  type ExportListName,
  exportView,
  listXlsxBytes,
  openList,
  ownExport,
  XLSX_MIME,
} from '@zhanqian/exports';
import { enqueueJobInTx, getJob } from '@zhanqian/jobs';
import { getScheme, resultsAccess } from '@zhanqian/scoring';
import { STAR_LEVELS } from '@zhanqian/stars';
import { z } from 'zod';
import type { Context, WriteContext } from '../trpc/context.ts';
import { authedProcedure, router, writeProcedure } from '../trpc/init.ts';
import { id } from '../trpc/inputs.ts';
import { msg } from '../trpc/locale.ts';
import { appraisalFlagsSource } from './cadres.ts';

/**
 * The exports of the console's lists (issue #19, item 3): one procedure per list, with the
 * list's own permission and filters, that checks the caller's scope as the list does and then
 * reads the list's own query function (via @zhanqian/exports), so the file holds the rows of
 * the screen in the screen's order. At most `directMaxRows` rows download at once; a larger
 * list is queued as the job `exports.xlsx` (progress in `exports.status`, the file at
 * `GET /exports/:id`). Every export is audited (`exports.<list>`: its filters and row count).
 */
export const exportSettings = { directMaxRows: DIRECT_EXPORT_MAX_ROWS };

type Authed = Context & { principal: Principal } & WriteContext;

/** The answer of an export: the file itself, or the queued job's state. */
type ExportAnswer =
  | { mode: 'file'; fileName: string; mime: string; base64: string; rows: number }
  | { mode: 'job'; export: ReturnType<typeof exportView> };

async function exportList<N extends ExportListName>(
  ctx: Authed,
  list: N,
  input: ExportInputs[N],
): Promise<ExportAnswer> {
  const scope = { scopeRootId: ctx.principal.scopeRootId, appraisalFlags: appraisalFlagsSource() };
  // the write's transaction: SQLite has one connection
  const opened = await openList(ctx.tx, list, scope, input, ctx.locale);
  const audit = (rows: number, mode: 'file' | 'job', objectId?: string) =>
    ctx.audit({
      action: `exports.${list}`,
      objectType: 'export_file',
      objectId,
      orgUnitId: ctx.principal.scopeRootId,
      after: { list, filter: input, rows, mode, fileName: opened.fileName },
    });
  if (opened.total > exportSettings.directMaxRows) {
    const req = await createExportRequest(ctx.tx, {
      userId: ctx.principal.userId,
      list,
      input,
      scopeRootId: ctx.principal.scopeRootId,
      locale: ctx.locale,
      fileName: opened.fileName,
      total: opened.total,
    });
    await enqueueJobInTx(ctx.tx, getJob('exports.xlsx'), { exportId: req.id }, ctx.principal.username);
    await audit(opened.total, 'job', req.id);
    return { mode: 'job', export: exportView(req) };
  }
  const { bytes, rows } = await listXlsxBytes(opened.sheet, opened.batches(), ctx.locale);
  await audit(rows, 'file');
  return { mode: 'file', fileName: opened.fileName, mime: XLSX_MIME, base64: bytes.toString('base64'), rows };
}

/** Results not yet visible to the caller are not exported either (结果尚未公布). */
async function assertResultsVisible(db: Kysely<Database>, p: Principal, year: number) {
  const scheme = await getScheme(db, year);
  if (resultsAccess(scheme.status, p) === 'hidden')
    throw new DomainError('FORBIDDEN', 'exports.hidden', { year });
}

const year = z.number().int().min(2000).max(2100);
const text = z.string().trim().max(20).optional();
const level = z.enum(STAR_LEVELS as [StarLevel, ...StarLevel[]], msg('stars.badLevel'));

/** An export procedure: the list's permission, its filters, the list's scope checks first. */
const exportOf = (permission: Permission | Permission[]) => writeProcedure(permission);

export const exportsRouter = router({
  /** 千分制考核排名: a year's rankings, one category (the screen's tab) or all. */
  rankings: exportOf('scoring.read')
    .input(z.object({ year, category: z.string().max(40).optional() }))
    .mutation(async ({ ctx, input }) => {
      await assertResultsVisible(ctx.tx, ctx.principal, input.year);
      return exportList(ctx, 'scoring.rankings', input);
    }),

  /** 排名后两位: each category's bottom two. */
  bottomTwo: exportOf('scoring.read')
    .input(z.object({ year }))
    .mutation(async ({ ctx, input }) => {
      await assertResultsVisible(ctx.tx, ctx.principal, input.year);
      return exportList(ctx, 'scoring.bottomTwo', input);
    }),

  /** 星级评定: the entities of a level under a unit (households, members, branches, committees). */
  stars: exportOf('stars.read')
    .input(z.object({ year, level, unitId: id.optional(), memberId: id.optional() }))
    .mutation(async ({ ctx, input }) => {
      const p = ctx.principal;
      if (
        p.role === 'member' &&
        (input.level !== 'household' || input.memberId !== p.memberId || p.memberId === null)
      )
        throw new DomainError('FORBIDDEN', 'auth.outOfScope');
      const unitId = input.unitId ?? p.scopeRootId;
      await assertInScope(ctx.tx, p, unitId);
      return exportList(ctx, 'stars.entities', { ...input, unitId });
    }),

  /** 人才名册: the registry with the page's filters. */
  talents: exportOf('talent.read')
    .input(
      z.object({
        q: text,
        introducedVia: z.enum(['public_selection', 'introduction', 'local']).optional(),
        tierId: id.optional(),
        fieldCode: z.string().trim().max(40).optional(),
      }),
    )
    .mutation(({ ctx, input }) => exportList(ctx, 'talent.registry', input)),

  /** 党员名册: the roll of the unit picked in the tree, with the search and status filters. */
  members: exportOf('member.read')
    .input(
      z.object({
        unitId: id.optional(),
        branchId: id.optional(),
        q: text,
        status: z.enum(['active', 'left', 'all']).default('active'),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (input.unitId !== undefined) await assertInScope(ctx.tx, ctx.principal, input.unitId);
      if (input.branchId !== undefined) await assertInScope(ctx.tx, ctx.principal, input.branchId);
      return exportList(ctx, 'org.members', input);
    }),

  /** 干部名册: cadre files with the page's filters (ID numbers masked, as on the screen). */
  cadres: exportOf('cadres.read')
    .input(z.object({ orgUnitId: id.optional(), rank: z.enum(RANKS).optional(), q: text }))
    .mutation(async ({ ctx, input }) => {
      if (input.orgUnitId !== undefined) await assertInScope(ctx.tx, ctx.principal, input.orgUnitId);
      return exportList(ctx, 'cadres.files', input);
    }),

  /** A queued export of the caller's own: state and rows written, for the progress bar. */
  status: authedProcedure
    .input(z.object({ id: z.string().uuid() }))
    .query(async ({ ctx, input }) => exportView(await ownExport(ctx.db, input.id, ctx.principal.userId))),
});
