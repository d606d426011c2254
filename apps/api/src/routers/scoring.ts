import { router } from '../trpc/init.ts';

/** `scoring.*`: filled in by its issue. */
export const scoringRouter = router({});
