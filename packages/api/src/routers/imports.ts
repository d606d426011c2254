import { TRPCError } from '@trpc/server';
import { recordAudit } from '@zhanqian/audit';
import { assertInScope, type Permission } from '@zhanqian/auth';
import { type Locale, t } from '@zhanqian/core';
import type { Database, ImportKind, Kysely } from '@zhanqian/db';
import {
  type BatchView,
  batchView,
  defaultImportStore,
  dryRunBatch,
  errorMessage,
  errorsXlsx,
  getBatch,
  gridOf,
  type ImportBatch,
  listBatches,
  queueCommit,
  templateXlsx,
} from '@zhanqian/imports';
import { enqueueJobInTx, getJob } from '@zhanqian/jobs';
import { z } from 'zod';
import type { Context } from '../trpc/context.ts';
import { permissionProcedure, router, writeProcedure } from '../trpc/init.ts';
import { id } from '../trpc/inputs.ts';

/** Who may import what: units need org.write, members and households member.write. */
export const IMPORT_PERMISSION: Record<ImportKind, Permission> = {
  units: 'org.write',
  members: 'member.write',
  households: 'member.write',
};

const kind = z.enum(['units', 'members', 'households']);
const batchId = z.object({ batchId: z.string().uuid() });
const ANY_IMPORT = ['org.write', 'member.write'] as const;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const xlsxFile = (fileName: string, bytes: Uint8Array) => ({
  fileName,
  mime: XLSX,
  base64: Buffer.from(bytes).toString('base64'),
});
const KIND_NAMES: Record<ImportKind, string> = { units: '组织', members: '党员', households: '住户' };

/** Each error with its reason in the caller's language, for the import screen's table. */
const withMessages = (v: BatchView, locale: Locale) => ({
  ...v,
  errors: v.errors.map((e) => ({ ...e, message: errorMessage(e, locale) })),
});

type Authed = Context & { principal: NonNullable<Context['principal']> };

/**
 * A batch the caller may act on: its unit in their scope, and the permission of its kind.
 * `db` is the write's transaction inside a write procedure (SQLite has one connection).
 */
async function ownBatch(ctx: Authed, db: Kysely<Database>, id: string, path: string): Promise<ImportBatch> {
  const b = await getBatch(db, id);
  await assertInScope(db, ctx.principal, b.scope_unit_id);
  await needKind(ctx, b.kind, path, db !== ctx.db);
  return b;
}

/**
 * The permission of the kind (units: org.write; members, households: member.write). The
 * refusal is audited; inside a write's transaction it is recorded once that transaction has
 * ended (rolled back by the refusal itself), so it neither waits for it nor dies with it.
 */
async function needKind(ctx: Authed, k: ImportKind, path: string, inTransaction = false): Promise<void> {
  const needed = IMPORT_PERMISSION[k];
  if (ctx.principal.permissions.has(needed)) return;
  const denial = recordAudit(ctx.db, {
    actorId: ctx.principal.userId,
    actor: ctx.principal.username,
    action: path,
    objectType: 'procedure',
    result: 'denied',
    ip: ctx.ip,
    after: { needed: [needed], kind: k },
  });
  if (inTransaction) denial.catch((err) => ctx.logger.error({ err }, 'imports: denial not audited'));
  else await denial;
  throw new TRPCError({
    code: 'FORBIDDEN',
    message: t('auth.forbidden', ctx.locale, { permission: needed }),
  });
}

/**
 * `imports.*` (issue #14, item 6): the file is uploaded to `POST /imports/upload` (streamed,
 * up to ZQ_UPLOAD_MAX_MB, default 256 MB); here it is checked (dryRun: counts and every
 * error), committed as a worker job (commit; status polls its progress), its errors
 * downloaded as xlsx, and templates made for any unit of the caller's tree. `grid` is the
 * community → building branch → zone → backbone view of what the household import built.
 */
export const importsRouter = router({
  /** Recent imports under a unit (default: the caller's scope). */
  list: permissionProcedure([...ANY_IMPORT])
    .input(z.object({ unitId: id.optional() }).optional())
    .query(async ({ ctx, input }) => {
      const unitId = input?.unitId ?? ctx.principal.scopeRootId;
      await assertInScope(ctx.db, ctx.principal, unitId);
      return (await listBatches(ctx.db, unitId)).map((b) => batchView(b, 0));
    }),

  /** State, counts, progress (rows done / total) and the first errors of a batch. */
  status: permissionProcedure([...ANY_IMPORT])
    .input(batchId.extend({ errorLimit: z.number().int().min(0).max(1000).default(200) }))
    .query(async ({ ctx, input, path }) =>
      withMessages(batchView(await ownBatch(ctx, ctx.db, input.batchId, path), input.errorLimit), ctx.locale),
    ),

  /** Reads the whole file against the database and records the counts and errors; writes no data. */
  dryRun: writeProcedure([...ANY_IMPORT])
    .input(batchId)
    .mutation(async ({ ctx, input, path }) => {
      await ownBatch(ctx, ctx.tx, input.batchId, path);
      const b = await dryRunBatch(ctx.tx, defaultImportStore(), input.batchId);
      await ctx.audit({
        action: 'imports.dryRun',
        objectType: 'import_batch',
        objectId: b.id,
        orgUnitId: b.scope_unit_id,
        after: {
          kind: b.kind,
          total: b.total_rows,
          new: b.new_rows,
          changed: b.changed_rows,
          unchanged: b.unchanged_rows,
          rejected: b.rejected_rows,
          errors: b.error_count,
        },
      });
      return withMessages(batchView(b), ctx.locale);
    }),

  /** Queues the commit of a checked batch without errors (the job writes all rows or none). */
  commit: writeProcedure([...ANY_IMPORT])
    .input(batchId)
    .mutation(async ({ ctx, input, path }) => {
      await ownBatch(ctx, ctx.tx, input.batchId, path);
      const b = await queueCommit(ctx.tx, input.batchId);
      const { outboxId } = await enqueueJobInTx(
        ctx.tx,
        getJob('imports.commit'),
        { batchId: b.id, lockKey: b.lock_key },
        ctx.principal.username,
      );
      await ctx.audit({
        action: 'imports.commit',
        objectType: 'import_batch',
        objectId: b.id,
        orgUnitId: b.scope_unit_id,
        after: { kind: b.kind, file: b.file_name, sha256: b.sha256, outboxId },
      });
      return batchView(b, 0);
    }),

  /** Every error of a batch (sheet, row, column, reason) as an xlsx file. */
  errorsXlsx: permissionProcedure([...ANY_IMPORT])
    .input(batchId)
    .query(async ({ ctx, input, path }) => {
      const b = await ownBatch(ctx, ctx.db, input.batchId, path);
      const errors = b.errors_json ? JSON.parse(b.errors_json) : [];
      return xlsxFile(
        `导入错误-${b.file_name.replace(/\.(xlsx|csv)$/i, '')}.xlsx`,
        await errorsXlsx(errors, ctx.locale),
      );
    }),

  /** The template of a kind for a unit picked in the tree (any level), with what it holds. */
  template: permissionProcedure([...ANY_IMPORT])
    .input(z.object({ kind, unitId: id.optional() }))
    .query(async ({ ctx, input, path }) => {
      await needKind(ctx, input.kind, path);
      const unitId = input.unitId ?? ctx.principal.scopeRootId;
      await assertInScope(ctx.db, ctx.principal, unitId);
      const unit = await ctx.db
        .selectFrom('org_unit')
        .select('code')
        .where('id', '=', unitId)
        .executeTakeFirstOrThrow();
      return xlsxFile(
        `${KIND_NAMES[input.kind]}导入模板-${unit.code}.xlsx`,
        await templateXlsx(ctx.db, input.kind, unitId),
      );
    }),

  /** The grid under a committee or branch: branches → members' zones → households, backbones. */
  grid: permissionProcedure('org.read')
    .input(z.object({ unitId: id }))
    .query(async ({ ctx, input }) => {
      await assertInScope(ctx.db, ctx.principal, input.unitId);
      return gridOf(ctx.db, input.unitId);
    }),
});
