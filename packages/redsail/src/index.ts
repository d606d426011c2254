// @zhanqian/redsail: Red Sail (红帆引航), non-public enterprise Party building — the registry and
// its credit-code check, coverage (pure reference + set-based SQL), contact points and visits,
// demonstration points, area work stations and the commercial street, the innovation competition.
import './messages.ts';

export * from './competition.ts';
export * from './coverage.ts';
export * from './coverage-sql.ts';
export * from './credit-code.ts';
export { type Area, parseIds, parseStrings, streetsIn } from './db.ts';
export * from './demo-points.ts';
export * from './overview.ts';
export * from './registry.ts';
export * from './registry-xlsx.ts';
export * from './stations.ts';
export * from './visits.ts';
