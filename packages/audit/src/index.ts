import './messages.ts';

export * from './chain.ts';
export * from './log.ts';
