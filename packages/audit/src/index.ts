export * from './chain.ts';
export * from './log.ts';
