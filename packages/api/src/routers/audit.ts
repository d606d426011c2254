import { auditCsv, exportAudit, listAudit, SECURITY_ACTIONS, verifyAuditChain } from '@zhanqian/audit';
import { shanghaiDate } from '@zhanqian/core';
import { z } from 'zod';
import { permissionProcedure, router, writeProcedure } from '../trpc/init.ts';
import { dateOrInstant } from '../trpc/inputs.ts';

const when = dateOrInstant().optional();

const filter = z.object({
  action: z.string().trim().max(64).optional(),
  result: z.enum(['ok', 'denied', 'failed']).optional(),
  from: when,
  to: when,
});

export const auditRouter = router({
  /** The audit administrator reads everything; everyone else only their own actions. */
  list: permissionProcedure(['audit.read', 'audit.readOwn'])
    .input(
      filter.extend({
        page: z.number().int().min(1).default(1),
        pageSize: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(({ ctx, input }) =>
      listAudit(ctx.db, {
        ...input,
        actorId: ctx.principal.permissions.has('audit.read') ? undefined : ctx.principal.userId,
      }),
    ),

  verify: permissionProcedure('audit.read').query(({ ctx }) => verifyAuditChain(ctx.db)),

  /** The action names of security events (for the auditor's filters). */
  securityActions: permissionProcedure('audit.read').query(() => [...SECURITY_ACTIONS]),

  /**
   * The audit administrator's export: CSV (UTF-8 with BOM, opens in Excel) of the filtered
   * records with their hashes. The export is itself audited and rate-limited.
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
});
