// @zhanqian/imports: units, members and households from the office's own files (issue #14).
import './messages.ts';

export * from './batch.ts';
export * from './grid.ts';
export * from './households.ts';
export * from './idcard.ts';
export * from './members.ts';
export * from './messages.ts';
export * from './read.ts';
export * from './run.ts';
export * from './scope.ts';
export * from './sheets.ts';
export * from './store.ts';
export * from './units.ts';
export * from './values.ts';
