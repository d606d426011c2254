import './messages.ts';

export * from './closure.ts';
export * from './dates.ts';
export * from './display.ts';
export * from './history.ts';
export * from './kinds.ts';
export * from './lifecycle.ts';
export * from './maintain.ts';
export * from './members.ts';
export * from './overview.ts';
export * from './tree.ts';
