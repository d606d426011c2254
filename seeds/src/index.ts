export * from './district.ts';
export * from './load.ts';
export * from './random.ts';
