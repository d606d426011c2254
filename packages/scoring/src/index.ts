// @zhanqian/scoring: the thousand-point appraisal (千分制) — pure rules and their queries.
import './messages.ts';

export * from './evidence.ts';
export * from './ranking.ts';
export * from './recompute.ts';
export * from './repo.ts';
export * from './results.ts';
export * from './rules.ts';
export * from './sample.ts';
export * from './scheme.ts';
export * from './xlsx.ts';
