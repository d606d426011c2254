import { listAudit, verifyAuditChain } from '@zhanqian/audit';
import { z } from 'zod';
import { permissionProcedure, router } from '../trpc/init.ts';

export const auditRouter = router({
  /** The audit administrator reads everything; everyone else only their own actions. */
  list: permissionProcedure(['audit.read', 'audit.readOwn'])
    .input(
      z.object({
        action: z.string().trim().max(64).optional(),
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
});
