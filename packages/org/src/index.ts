export * from './kinds.ts';
export * from './members.ts';
export * from './notices.ts';
export * from './overview.ts';
export * from './tree.ts';
