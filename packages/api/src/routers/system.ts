import { publicProcedure, router } from '../trpc/init.ts';

/** `system.*`: the transport's floor — a query that does no work (benchmarks, probes). */
export const systemRouter = router({
  ping: publicProcedure.query(() => ({ ok: true })),
});
