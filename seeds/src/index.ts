export * from './cadres.ts';
export * from './district.ts';
export * from './load.ts';
export * from './random.ts';
export * from './redsail.ts';
export * from './scoring.ts';
export * from './stars.ts';
export * from './talent.ts';
