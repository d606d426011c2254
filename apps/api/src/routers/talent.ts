import { router } from '../trpc/init.ts';

/** `talent.*`: filled in by its issue. */
export const talentRouter = router({});
