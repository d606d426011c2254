// @zhanqian/talent: talent registry, the special fund's ledger, one-time subsidies and the
// biennial excellent-talent selection (人才). Pure rules in rules.ts; repositories take `db` first.
import './messages.ts';

export * from './attachments.ts';
export * from './awards.ts';
export * from './duties.ts';
export * from './duty-config.ts';
export * from './ledger.ts';
export * from './purge.ts';
export * from './registry.ts';
export * from './registry-xlsx.ts';
export * from './reports.ts';
export * from './rules.ts';
export * from './subsidies.ts';
