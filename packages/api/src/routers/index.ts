import { router } from '../trpc/init.ts';
import { accountsRouter } from './accounts.ts';
import { auditRouter } from './audit.ts';
import { authRouter } from './auth.ts';
import { cadresRouter } from './cadres.ts';
import { directLineRouter } from './direct-line.ts';
import { exportsRouter } from './exports.ts';
import { importsRouter } from './imports.ts';
import { inboxRouter } from './inbox.ts';
import { jobsRouter } from './jobs.ts';
import { orgRouter } from './org.ts';
import { redsailRouter } from './redsail.ts';
import { scoringRouter } from './scoring.ts';
import { setupRouter } from './setup.ts';
import { starsRouter } from './stars.ts';
import { systemRouter } from './system.ts';
import { talentRouter } from './talent.ts';

/** The whole API, one router per domain (each in its own file). */
export const appRouter = router({
  auth: authRouter,
  accounts: accountsRouter,
  setup: setupRouter,
  org: orgRouter,
  audit: auditRouter,
  inbox: inboxRouter,
  directLine: directLineRouter,
  scoring: scoringRouter,
  stars: starsRouter,
  talent: talentRouter,
  cadres: cadresRouter,
  redsail: redsailRouter,
  jobs: jobsRouter,
  imports: importsRouter,
  exports: exportsRouter,
  system: systemRouter,
});

export type AppRouter = typeof appRouter;
