// @zhanqian/jobs: job definitions, the outbox and their schedulers (pg-boss on PostgreSQL, croner in-process on SQLite).
import './messages.ts';

export * from './definition.ts';
export * from './embedded.ts';
export { findJob, getJob, jobDefinitions } from './jobs/index.ts';
export { notifyDeliverJob } from './jobs/notify.ts';
export { tallyJob } from './jobs/tally.ts';
export * from './outbox.ts';
export * from './pg.ts';
export * from './runner.ts';
export * from './snapshot.ts';
export * from './status.ts';
