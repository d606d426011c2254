import { router } from '../trpc/init.ts';

/** `jobs.*`: filled in by its issue. */
export const jobsRouter = router({});
