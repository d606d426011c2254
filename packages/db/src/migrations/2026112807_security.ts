import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * Security baseline (等保 2.0 level 3): sign-in challenges for the second factor, TOTP replay
 * protection, a keyed-hash index for exact ID-card search, and the audit log's append-only
 * and 180-day retention rules enforced by the database itself on both dialects.
 * Frozen once landed: a change is a new migration. Uses Kysely<any> on purpose.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);

  // A half-finished sign-in (password accepted, second factor or password renewal pending).
  await sql`create table login_challenge (
    id text primary key,
    user_id integer not null,
    stage text not null,
    secret_enc text,
    attempts integer not null default 0,
    password_expired integer not null default 0,
    created_at text not null,
    expires_at text not null
  )`.execute(db);
  await sql`create index login_challenge_user on login_challenge(user_id)`.execute(db);

  // The last TOTP time step accepted for the account: a code is never accepted twice.
  await sql`alter table app_user add column totp_last_step integer`.execute(db);
  await sql`alter table member add column id_card_hash text`.execute(db);
  await sql`create index member_id_card_hash on member(id_card_hash)`.execute(db);

  if (pg) {
    await sql
      .raw(`create function zq_audit_log_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' then
    raise exception 'audit_log is append-only: record % cannot be changed', old.id;
  end if;
  if tg_op = 'TRUNCATE' then
    raise exception 'audit_log is append-only: it cannot be truncated';
  end if;
  if old.at > to_char((now() at time zone 'UTC') - interval '180 days', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') then
    raise exception 'audit_log records are kept at least 180 days: record % is younger', old.id;
  end if;
  return old;
end
$$`)
      .execute(db);
    await sql`create trigger audit_log_guard before update or delete on audit_log
      for each row execute function zq_audit_log_guard()`.execute(db);
    await sql`create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function zq_audit_log_guard()`.execute(db);
  } else {
    await sql`create trigger audit_log_no_update before update on audit_log
      begin select raise(abort, 'audit_log is append-only: records cannot be changed'); end`.execute(db);
    await sql`create trigger audit_log_retention before delete on audit_log
      when old.at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-180 days')
      begin select raise(abort, 'audit_log records are kept at least 180 days'); end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop trigger audit_log_no_truncate on audit_log`.execute(db);
    await sql`drop trigger audit_log_guard on audit_log`.execute(db);
    await sql`drop function zq_audit_log_guard()`.execute(db);
  } else {
    await sql`drop trigger audit_log_retention`.execute(db);
    await sql`drop trigger audit_log_no_update`.execute(db);
  }
  await sql`drop index member_id_card_hash`.execute(db);
  await sql`alter table member drop column id_card_hash`.execute(db);
  await sql`alter table app_user drop column totp_last_step`.execute(db);
  await db.schema.dropTable('login_challenge').execute();
}

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
