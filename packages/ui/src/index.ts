export * from './format.ts';
export * from './modules.ts';
