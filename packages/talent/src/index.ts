// @zhanqian/talent: talent registry, the special fund's ledger, one-time subsidies and the
// biennial excellent-talent selection (人才). Pure rules in rules.ts; repositories take `db` first.
import './messages.ts';

export * from './awards.ts';
export * from './ledger.ts';
export * from './purge.ts';
export * from './registry.ts';
export * from './reports.ts';
export * from './rules.ts';
export * from './subsidies.ts';
