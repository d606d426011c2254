// @zhanqian/cadres: cadre files, five-quality evaluations, four-source nominations,
// selection campaigns, rotation and the appraisal link: pure rules and their queries.
import './messages.ts';

export * from './appraisal.ts';
export * from './campaign.ts';
export * from './crypto.ts';
export * from './files.ts';
export * from './holidays.ts';
export * from './rotation.ts';
export * from './rules.ts';
export * from './selection.ts';
export * from './vote.ts';
export * from './voting.ts';
