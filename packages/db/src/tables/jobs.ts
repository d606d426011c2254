// Tables of the worker: job runs, outbox and snapshots. Column conventions: see ../schema.ts.
// biome-ignore lint/complexity/noBannedTypes: filled in as the domain lands
export type JobsTables = {};
