// @zhanqian/scoring: the thousand-point appraisal (千分制) — pure rules and their queries.
import './messages.ts';

export * from './evidence.ts';
export * from './history.ts';
export * from './history-store.ts';
export * from './import-common.ts';
export * from './publication.ts';
export * from './ranking.ts';
export * from './recompute.ts';
export * from './repo.ts';
export * from './report-import.ts';
export * from './results.ts';
export * from './review-many.ts';
export * from './rules.ts';
export * from './sample.ts';
export * from './scheme.ts';
export * from './visibility.ts';
export * from './xlsx.ts';
