// @zhanqian/directline: the Party-representative direct line (党代表直通车) — a member's thread
// with the district organization department, its status, working-day time limit and rating.
import './messages.ts';

export * from './messages.ts';
export * from './rules.ts';
export * from './threads.ts';
