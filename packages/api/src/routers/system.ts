import { publicProcedure, router } from '../trpc/init.ts';

/** `system.*`: the transport's floor — a query that does no work (benchmarks, probes) — and the platform's name. */
export const systemRouter = router({
  ping: publicProcedure.query(() => ({ ok: true })),

  /**
   * What the sign-in page and the console's header show before anyone signs in: the name of
   * the district the platform serves (its org tree's root), so the title is the district's own
   * (#14). `district` is null on an empty platform (before the first-run page).
   */
  info: publicProcedure.query(async ({ ctx }) => {
    const root = await ctx.db
      .selectFrom('org_unit')
      .select(['name', 'code'])
      .where('parent_id', 'is', null)
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    return { district: root ? { name: root.name, code: root.code } : null };
  }),
});
