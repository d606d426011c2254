import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * First run and accounts for real people (issue #14, items 1 and 5).
 *
 * - `setup_code`: the one-time code `zq start --no-seed` prints on an empty database, which
 *   guards the first-run page. Only its keyed hash is stored (HMAC-SM3 with the data key, kept
 *   outside the database); it expires, is spent by one use, and dies after too many wrong
 *   guesses (`attempts`).
 * - `account_activation`: one-time activation codes of accounts created in bulk from the
 *   member roster, stored as keyed hashes too, with their expiry and use, and the role the
 *   system administrator proposes (`member` or `branch_secretary`) for the security
 *   administrator to grant (三员分立: the account itself is created with role `pending`).
 *
 * Frozen once landed; a change is a new migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = sql.raw(pg ? 'id serial primary key' : 'id integer primary key autoincrement');

  await sql`create table setup_code (
    ${id},
    code_hash text not null unique,
    attempts integer not null default 0,
    created_at text not null,
    expires_at text not null,
    used_at text
  )`.execute(db);

  await sql`create table account_activation (
    ${id},
    user_id integer not null references app_user(id),
    code_hash text not null,
    proposed_role text not null,
    created_by integer references app_user(id),
    created_at text not null,
    expires_at text not null,
    used_at text
  )`.execute(db);
  await sql`create index account_activation_user on account_activation(user_id, used_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table account_activation`.execute(db);
  await sql`drop table setup_code`.execute(db);
}
