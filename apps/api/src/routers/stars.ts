import { router } from '../trpc/init.ts';

/** `stars.*`: filled in by its issue. */
export const starsRouter = router({});
