export * from './crypto.ts';
export * from './errors.ts';
export * from './i18n.ts';
export * from './time.ts';
export * from './units.ts';
