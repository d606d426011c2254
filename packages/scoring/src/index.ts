// @zhanqian/scoring: the thousand-point appraisal (千分制) — pure rules and their queries.
import './messages.ts';

export * from './ranking.ts';
export * from './rules.ts';
export * from './sample.ts';
export * from './scheme.ts';
