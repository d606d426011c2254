import './messages.ts';

export * from './chain.ts';
export * from './key.ts';
export * from './log.ts';
