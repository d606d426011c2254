// @zhanqian/stars: star-level management (星级管理) — the pure rules and the queries.
import './messages.ts';

export * from './bonus.ts';
export * from './certify.ts';
export * from './criteria.ts';
export * from './importing.ts';
export * from './levels.ts';
export { LEVEL_LABELS } from './messages.ts';
export * from './paylist.ts';
export * from './ratings.ts';
export * from './recompute.ts';
export * from './stats.ts';
export * from './views.ts';
export * from './xlsx.ts';
