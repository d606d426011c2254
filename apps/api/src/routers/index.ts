import { router } from '../trpc/init.ts';
import { auditRouter } from './audit.ts';
import { authRouter } from './auth.ts';
import { orgRouter } from './org.ts';

/** The whole API. Domain routers (scoring, stars, talent, cadres, jobs) join as they land. */
export const appRouter = router({
  auth: authRouter,
  org: orgRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
