export * from './kinds.ts';
export * from './members.ts';
export * from './tree.ts';
