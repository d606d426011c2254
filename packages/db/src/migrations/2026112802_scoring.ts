import type { Kysely } from 'kysely';

/** the thousand-point appraisal (千分制): frozen once landed; a change is a new migration. */
export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(_db: Kysely<any>): Promise<void> {}
