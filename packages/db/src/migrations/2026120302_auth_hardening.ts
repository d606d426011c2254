import { type Kysely, sql } from 'kysely';

/**
 * 三员分立 at creation: an account made by the system administrator carries an initial
 * password it must replace at its first sign-in (`password_must_change`), and no business
 * role until the security administrator assigns one (role `pending`, a text value: no schema
 * change). Frozen once landed; a change is a new migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table app_user add column password_must_change integer not null default 0`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table app_user drop column password_must_change`.execute(db);
}
