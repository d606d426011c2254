import type { Kysely } from 'kysely';

/** the worker: job runs, outbox and snapshots: frozen once landed; a change is a new migration. */
export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(_db: Kysely<any>): Promise<void> {}
