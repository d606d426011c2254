import './messages.ts';

export * from './catalogue.ts';
export * from './chain.ts';
export * from './key.ts';
export * from './log.ts';
export * from './names.ts';
export * from './view.ts';
export * from './xlsx.ts';
