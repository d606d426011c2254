// @zhanqian/exports: every filtered list of the console as xlsx (Chinese headers and file
// names, yuan and points as numbers), written with ExcelJS's streaming writer; large ones as jobs.
import './messages.ts';

export * from './lists.ts';
export * from './run.ts';
export * from './xlsx.ts';
