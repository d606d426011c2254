import { type Kysely, sql } from 'kysely';

/**
 * Large list exports (issue #19, item 3): an export above the direct-download threshold runs
 * as a job; this row is the request, its progress (rows written of the total, for the
 * browser's progress bar) and, once written, the file's key in the file store. Only the
 * account that asked reads it.
 *
 * Frozen once landed; a change is a new migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table export_file (
    id text primary key,
    user_id integer not null references app_user(id),
    list text not null,
    input_json text not null,
    scope_root_id integer not null references org_unit(id),
    locale text not null,
    file_name text not null,
    status text not null,
    total integer not null,
    done integer not null default 0,
    storage_key text,
    error text,
    created_at text not null,
    finished_at text
  )`.execute(db);
  await sql`create index export_file_user on export_file (user_id, created_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table export_file`.execute(db);
}
