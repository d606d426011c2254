export type { Kysely, Transaction } from 'kysely';
export { sql } from 'kysely';
export * from './connect.ts';
export * from './migrate.ts';
export * from './schema.ts';
