import { initTRPC, TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { appendAudit, appendAuditMany, recordAudit } from '@zhanqian/audit';
import type { Permission, Principal } from '@zhanqian/auth';
import { type DomainErrorKind, isDomainError, t as translate } from '@zhanqian/core';
import type { Database, Transaction } from '@zhanqian/db';
import { ZodError } from 'zod';
import type { Context, WriteContext } from './context.ts';
import { type InputFault, inspectInput, MAX_INPUT_DEPTH, MAX_INPUT_NODES } from './input-guard.ts';
import { localeStore } from './locale.ts';

/** Every procedure says what it needs: a permission, 'authenticated', or 'public'. */
export interface Meta {
  permission: Permission | Permission[] | 'public' | 'authenticated';
}

const CODE: Record<DomainErrorKind, TRPC_ERROR_CODE_KEY> = {
  BAD_INPUT: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTHORIZED: 'UNAUTHORIZED',
  CONFLICT: 'CONFLICT',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  PRECONDITION_FAILED: 'PRECONDITION_FAILED',
};

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    errorFormatter({ shape, error, ctx }) {
      const locale = ctx?.locale ?? 'zh-CN';
      if (error.cause instanceof ZodError) {
        const issues = error.cause.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
        const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('；');
        return {
          ...shape,
          message: `${translate('input.invalid', locale)}：${summary}`,
          data: { ...shape.data, stack: undefined, issues },
        };
      }
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        ctx?.logger.error({ err: error.cause ?? error }, 'internal error');
        return {
          ...shape,
          message: translate('internal.error', locale),
          data: { ...shape.data, stack: undefined },
        };
      }
      return { ...shape, data: { ...shape.data, stack: undefined } };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const FAULT_PARAMS: Record<InputFault, Record<string, number>> = {
  badString: {},
  forbiddenKey: {},
  tooDeep: { max: MAX_INPUT_DEPTH },
  tooLarge: { max: MAX_INPUT_NODES },
};

/**
 * Refuses ill-formed raw input (NUL, lone surrogates, prototype keys, absurd depth or size;
 * see input-guard.ts) before validation, sets the request's locale for zod and turns domain
 * errors into localized tRPC errors.
 */
const base = t.procedure.use(async ({ ctx, next, getRawInput }) => {
  const problem = inspectInput(await getRawInput());
  if (problem) {
    const params = { ...FAULT_PARAMS[problem.fault], path: problem.path || 'input' };
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: translate(`input.${problem.fault}`, ctx.locale, params),
    });
  }
  const result = await localeStore.run(ctx.locale, () => next());
  if (!result.ok && isDomainError(result.error.cause)) {
    const d = result.error.cause;
    throw new TRPCError({
      code: CODE[d.kind],
      message: translate(d.messageKey, ctx.locale, d.params),
      cause: d,
    });
  }
  return result;
});

export const publicProcedure = base.meta({ permission: 'public' });

export const authedProcedure = base.meta({ permission: 'authenticated' }).use(({ ctx, next }) => {
  if (!ctx.principal)
    throw new TRPCError({ code: 'UNAUTHORIZED', message: translate('auth.required', ctx.locale) });
  return next({ ctx: { ...ctx, principal: ctx.principal as Principal } });
});

/**
 * A procedure open to callers holding the permission (or any of a list). A refusal is
 * itself audited, as 等保 asks for failed access attempts.
 */
export function permissionProcedure(permission: Permission | Permission[]) {
  const needed = Array.isArray(permission) ? permission : [permission];
  return authedProcedure.meta({ permission }).use(async ({ ctx, next, path }) => {
    if (!needed.some((p) => ctx.principal.permissions.has(p))) {
      await recordAudit(ctx.db, {
        actorId: ctx.principal.userId,
        actor: ctx.principal.username,
        action: path,
        objectType: 'procedure',
        result: 'denied',
        ip: ctx.ip,
        after: { needed },
      });
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: translate('auth.forbidden', ctx.locale, { permission: needed.join(' | ') }),
      });
    }
    return next();
  });
}

/**
 * A mutation that runs in one transaction with its audit records: if anything fails,
 * nothing (neither the write nor its audit) is kept. A write that forgets to audit is a
 * bug and fails loudly instead of committing silently.
 */
export function writeProcedure(permission: Permission | Permission[] | 'authenticated') {
  const gate = (
    permission === 'authenticated' ? authedProcedure : permissionProcedure(permission)
  ) as ReturnType<typeof permissionProcedure>;
  return gate.use(async ({ ctx, next, path }) => {
    return ctx.db.transaction().execute(async (trx: Transaction<Database>) => {
      let audited = 0;
      const write: WriteContext = {
        tx: trx,
        audit: async (entry) => {
          audited++;
          await appendAudit(trx, {
            ...entry,
            actorId: ctx.principal.userId,
            actor: ctx.principal.username,
            ip: ctx.ip,
          });
        },
        // One record per entry, in order, appended at the cost of one (one chain lock, one head
        // read, multi-row inserts): bulk writes audit each object without 2,000 round trips.
        auditMany: async (entries) => {
          audited += entries.length;
          await appendAuditMany(
            trx,
            entries.map((entry) => ({
              ...entry,
              actorId: ctx.principal.userId,
              actor: ctx.principal.username,
              ip: ctx.ip,
            })),
          );
        },
      };
      const result = await next({ ctx: write });
      if (!result.ok) throw result.error;
      if (audited === 0) throw new Error(`write procedure ${path} committed no audit record`);
      return result;
    });
  });
}
