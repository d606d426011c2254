import type { Kysely } from 'kysely';

/** talent, the special fund, subsidies and awards (人才): frozen once landed; a change is a new migration. */
export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(_db: Kysely<any>): Promise<void> {}
