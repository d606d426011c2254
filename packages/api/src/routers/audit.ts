import {
  type AuditRowView,
  auditCatalogue,
  auditCsv,
  auditDetail,
  exportAudit,
  exportAuditXlsx,
  listAudit,
  SECURITY_ACTIONS,
  verifyAuditChain,
  viewRows,
} from '@zhanqian/audit';
import { containsText } from '@zhanqian/auth';
import { DomainError, shanghaiDate } from '@zhanqian/core';
import type { AuditLogRow } from '@zhanqian/db';
import { z } from 'zod';
import { permissionProcedure, router, writeProcedure } from '../trpc/init.ts';
import { dateOrInstant, id } from '../trpc/inputs.ts';

const when = dateOrInstant().optional();
const code = z
  .string()
  .trim()
  .max(64)
  .regex(/^[A-Za-z0-9_.-]*$/);

/**
 * Who (an account), what (a category: an action prefix such as `auth.`, or exact actions),
 * when (dates in Asia/Shanghai, or instants), and the result.
 */
const filter = z.object({
  action: code.optional(),
  actions: z.array(code.min(1)).max(100).optional(),
  actorId: id.optional(),
  result: z.enum(['ok', 'denied', 'failed']).optional(),
  from: when,
  to: when,
});

const read = ['audit.read', 'audit.readOwn'] as const;

/** A record with its codes and ids in words (the page's names resolved at once). */
const withLabels = (r: AuditLogRow, v: AuditRowView) => ({
  ...r,
  labels: {
    actor: v.actorLabel,
    action: v.actionLabel,
    category: v.categoryLabel,
    objectType: v.objectTypeLabel,
    object: v.objectLabel,
    unit: v.unitLabel,
    result: v.resultLabel,
  },
});

export const auditRouter = router({
  /**
   * The audit administrator reads everything; everyone else only their own actions (an
   * `actorId` of someone else is ignored). Each record carries its labels: the action, the
   * object and the unit by name, the result in words (issue #21, item 12).
   */
  list: permissionProcedure([...read])
    .input(
      filter.extend({
        page: z.number().int().min(1).default(1),
        pageSize: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(async ({ ctx, input }) => {
      const all = ctx.principal.permissions.has('audit.read');
      const page = await listAudit(ctx.db, {
        ...input,
        actorId: all ? input.actorId : ctx.principal.userId,
      });
      const views = await viewRows(ctx.db, page.rows, ctx.locale);
      return { total: page.total, rows: page.rows.map((r, i) => withLabels(r, views[i]!)) };
    }),

  /** One record, with its before and after compared field by field (the detail drawer). */
  get: permissionProcedure([...read])
    .input(z.object({ id }))
    .query(async ({ ctx, input }) => {
      const own = ctx.principal.permissions.has('audit.read') ? undefined : ctx.principal.userId;
      const d = await auditDetail(ctx.db, input.id, ctx.locale, own);
      if (!d) throw new DomainError('NOT_FOUND', 'audit.notFound', { id: input.id });
      return d;
    }),

  /** Categories and actions in words, and the results: the filters' choices. */
  catalogue: permissionProcedure([...read]).query(({ ctx }) => auditCatalogue(ctx.locale)),

  /** Accounts by user name or name, for the "who" filter (the audit administrator's). */
  actors: permissionProcedure('audit.read')
    .input(z.object({ search: z.string().trim().max(64).default('') }))
    .query(async ({ ctx, input }) => {
      let q = ctx.db
        .selectFrom('app_user')
        .select(['id', 'username', 'display_name as displayName', 'role'])
        .orderBy('username')
        .limit(20);
      if (input.search) q = q.where(containsText(['username', 'display_name'], input.search));
      return q.execute();
    }),

  verify: permissionProcedure('audit.read').query(({ ctx }) => verifyAuditChain(ctx.db)),

  /** The action names of security events (for the auditor's filters). */
  securityActions: permissionProcedure('audit.read').query(() => [...SECURITY_ACTIONS]),

  /**
   * The audit administrator's export for scripts and offline re-verification: CSV (UTF-8 with
   * BOM, opens in Excel) of the filtered records with their raw fields and hashes. The export
   * is itself audited and rate-limited.
   */
  export: writeProcedure('audit.read')
    .input(filter)
    .mutation(async ({ ctx, input }) => {
      const rows = await exportAudit(ctx.tx, ctx.principal.userId, input);
      await ctx.audit({
        action: 'audit.export',
        objectType: 'audit_log',
        after: { filter: input, records: rows.length, format: 'csv' },
      });
      return {
        filename: `audit-log-${shanghaiDate()}.csv`,
        contentType: 'text/csv; charset=utf-8',
        records: rows.length,
        csv: auditCsv(rows),
      };
    }),

  /**
   * What the screen downloads (issue #21, item 12): the filtered records as xlsx with Chinese
   * headers and readable columns (who, what, which object by name, result in words) beside the
   * codes and hashes, named 审计日志-YYYYMMDD.xlsx; written with a streaming writer from batches
   * of 2,000. Audited as an export (`audit.export`, format xlsx) and under the same limits: at
   * most 10 exports an hour per auditor, at most 100,000 records (narrow the dates beyond).
   */
  exportXlsx: writeProcedure('audit.read')
    .input(filter)
    .mutation(async ({ ctx, input }) => {
      const file = await exportAuditXlsx(ctx.tx, ctx.principal.userId, input, ctx.locale);
      await ctx.audit({
        action: 'audit.export',
        objectType: 'audit_log',
        after: { filter: input, records: file.records, format: 'xlsx' },
      });
      return file;
    }),
});
