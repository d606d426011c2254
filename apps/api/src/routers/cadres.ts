import { router } from '../trpc/init.ts';

/** `cadres.*`: filled in by its issue. */
export const cadresRouter = router({});
