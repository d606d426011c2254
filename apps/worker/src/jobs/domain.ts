import type { JobDefinition } from '../definition.ts';

/** The domain recomputations (scoring, stars, cadres, talent), plugged in as they land. */
export const domainJobs: JobDefinition[] = [];
