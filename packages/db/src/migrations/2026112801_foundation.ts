import { type Kysely, PostgresAdapter, sql } from 'kysely';

/** Frozen once landed: a change is a new migration. Uses Kysely<any> on purpose. */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const id = (name: string) =>
    pg ? sql.raw(`${name} serial primary key`) : sql.raw(`${name} integer primary key autoincrement`);
  const bigId = (name: string) =>
    pg ? sql.raw(`${name} bigserial primary key`) : sql.raw(`${name} integer primary key autoincrement`);

  await sql`create table org_unit (
    ${id('id')},
    parent_id integer references org_unit(id),
    kind text not null,
    name text not null,
    code text not null unique,
    portal text,
    sort_order integer not null default 0,
    created_at text not null
  )`.execute(db);
  await sql`create index org_unit_parent on org_unit(parent_id, sort_order)`.execute(db);

  await sql`create table org_closure (
    ancestor_id integer not null references org_unit(id),
    descendant_id integer not null references org_unit(id),
    depth integer not null,
    primary key (ancestor_id, descendant_id)
  )`.execute(db);
  await sql`create index org_closure_descendant on org_closure(descendant_id, ancestor_id)`.execute(db);

  await sql`create table member (
    ${id('id')},
    branch_id integer not null references org_unit(id),
    name text not null,
    gender text not null,
    birth_date text,
    joined_at text,
    id_card_enc text,
    phone_enc text,
    created_at text not null
  )`.execute(db);
  await sql`create index member_branch on member(branch_id)`.execute(db);

  await sql`create table zone (
    ${id('id')},
    member_id integer not null unique references member(id),
    name text not null
  )`.execute(db);

  await sql`create table household (
    ${id('id')},
    zone_id integer not null references zone(id),
    head_name text not null,
    address text not null
  )`.execute(db);
  await sql`create index household_zone on household(zone_id)`.execute(db);

  await sql`create table app_user (
    ${id('id')},
    username text not null unique,
    display_name text not null,
    password_hash text not null,
    role text not null,
    org_unit_id integer not null references org_unit(id),
    member_id integer references member(id),
    failed_count integer not null default 0,
    locked_until text,
    totp_secret text,
    disabled integer not null default 0,
    password_changed_at text not null,
    created_at text not null
  )`.execute(db);

  await sql`create table user_session (
    id text primary key,
    user_id integer not null references app_user(id),
    created_at text not null,
    last_seen_at text not null,
    expires_at text not null,
    ip text,
    user_agent text
  )`.execute(db);
  await sql`create index user_session_by_user on user_session(user_id)`.execute(db);

  await sql`create table login_attempt (
    ${bigId('id')},
    username text not null,
    ip text,
    at text not null,
    ok integer not null
  )`.execute(db);
  await sql`create index login_attempt_user on login_attempt(username, at)`.execute(db);
  await sql`create index login_attempt_ip on login_attempt(ip, at)`.execute(db);

  await sql`create table audit_log (
    ${bigId('id')},
    at text not null,
    actor_id integer,
    actor text not null,
    action text not null,
    object_type text not null,
    object_id text,
    org_unit_id integer,
    result text not null,
    ip text,
    before_json text,
    after_json text,
    prev_hash text not null,
    hash text not null
  )`.execute(db);
  await sql`create index audit_log_at on audit_log(at)`.execute(db);
  await sql`create index audit_log_actor on audit_log(actor_id, id)`.execute(db);
  await sql`create index audit_log_org on audit_log(org_unit_id, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'audit_log',
    'login_attempt',
    'user_session',
    'app_user',
    'household',
    'zone',
    'member',
    'org_closure',
    'org_unit',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
