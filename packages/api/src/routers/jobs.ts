import type { JobRunStatus } from '@zhanqian/db';
import { enqueueJobInTx, getJob, jobDefinitions, jobsOverview, listRuns, runSeries } from '@zhanqian/jobs';
import { z } from 'zod';
import { permissionProcedure, router, writeProcedure } from '../trpc/init.ts';

const jobName = z.string().trim().min(1).max(100);
const STATUSES = [
  'queued',
  'running',
  'completed',
  'failed',
  'skipped',
] as const satisfies readonly JobRunStatus[];

/**
 * `jobs.*`: the background worker seen from the admin app. Jobs are district-wide
 * (recomputations of whole years), so they carry no department scope: the permission is
 * the gate (jobs.read: district and system admins and the assessment office; jobs.run:
 * district and system admins).
 */
export const jobsRouter = router({
  /** Every job with queued / running / failed (24 h) counts, pending changes and its last run. */
  overview: permissionProcedure('jobs.read')
    .input(z.object({}).optional())
    .query(({ ctx }) => jobsOverview(ctx.db)),

  /** Runs, newest first, filtered by job and status, with the total. */
  runs: permissionProcedure('jobs.read')
    .input(
      z.object({
        name: jobName.optional(),
        status: z.enum(STATUSES).optional(),
        page: z.number().int().min(1).default(1),
        pageSize: z.number().int().min(1).max(200).default(20),
      }),
    )
    .query(({ ctx, input }) => {
      if (input.name) getJob(input.name);
      return listRuns(ctx.db, input);
    }),

  /** The last runs of one job as a chart series (duration and rows per run, oldest first). */
  series: permissionProcedure('jobs.read')
    .input(z.object({ name: jobName, limit: z.number().int().min(1).max(500).default(30) }))
    .query(({ ctx, input }) => {
      getJob(input.name);
      return runSeries(ctx.db, input.name, input.limit);
    }),

  /** The job catalogue: names, descriptions and schedules (for the run-now form). */
  definitions: permissionProcedure('jobs.read')
    .input(z.object({}).optional())
    .query(() =>
      jobDefinitions.map((d) => ({ name: d.name, description: d.description, cron: d.cron ?? null })),
    ),

  /**
   * Runs a job now. The request goes through the outbox in this transaction, so it is
   * audited with the request and reaches whichever worker is running (pg-boss or embedded).
   */
  run: writeProcedure('jobs.run')
    .input(z.object({ name: jobName, payload: z.record(z.string(), z.unknown()).default({}) }))
    .mutation(async ({ ctx, input }) => {
      const def = getJob(input.name);
      const { outboxId, singletonKey } = await enqueueJobInTx(
        ctx.tx,
        def,
        input.payload,
        ctx.principal.username,
      );
      await ctx.audit({
        action: 'jobs.run',
        objectType: 'job',
        objectId: input.name,
        after: { payload: input.payload, singletonKey, outboxId },
      });
      return { name: def.name, outboxId, singletonKey };
    }),
});
