import type { Kysely } from 'kysely';

/** star-level management (星级管理): frozen once landed; a change is a new migration. */
export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(_db: Kysely<any>): Promise<void> {}
