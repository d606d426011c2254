import type { Kysely } from 'kysely';

/** cadres, nominations, selections and rotation (干部): frozen once landed; a change is a new migration. */
export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(_db: Kysely<any>): Promise<void> {}
