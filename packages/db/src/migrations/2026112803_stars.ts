import { type Kysely, PostgresAdapter, sql } from 'kysely';

/** star-level management (星级管理): frozen once landed; a change is a new migration. */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = (name: string) =>
    pg ? sql.raw(`${name} serial primary key`) : sql.raw(`${name} integer primary key autoincrement`);
  // Ratings are looked up by their primary key millions of times per recomputation: on SQLite
  // a WITHOUT ROWID table makes that key the (covering) storage order.
  const withoutRowid = sql.raw(pg ? '' : ' without rowid');

  await sql`create table star_config (
    year integer primary key,
    threshold_num integer not null default 4,
    threshold_den integer not null default 5,
    empty_passes integer not null default 0,
    bonus_household_fen bigint not null default 0,
    bonus_member_fen bigint not null default 0,
    bonus_branch_fen bigint not null default 0,
    bonus_committee_fen bigint not null default 0,
    budget_fen bigint not null default 0,
    updated_at text not null
  )`.execute(db);

  await sql`create table star_criterion (
    year integer not null,
    level text not null,
    position integer not null,
    name text not null,
    description text,
    primary key (year, level, position)
  )`.execute(db);

  await sql`create table star_rating (
    year integer not null,
    level text not null,
    entity_id integer not null,
    met_mask integer not null,
    stars integer not null,
    rated_by integer,
    rated_at text not null,
    primary key (year, level, entity_id)
  )${withoutRowid}`.execute(db);

  await sql`create table star_snapshot (
    ${id('id')},
    year integer not null,
    threshold_num integer not null,
    threshold_den integer not null,
    empty_passes integer not null,
    created_at text not null
  )`.execute(db);

  await sql`create table star_current (
    year integer primary key,
    snapshot_id integer,
    revision integer not null default 0,
    computed_at text not null
  )`.execute(db);

  await sql`create table star_result (
    snapshot_id integer not null,
    level text not null,
    entity_id integer not null,
    parent_id integer not null,
    own_stars integer not null,
    own_mask integer not null,
    children_total integer not null,
    children_ten integer not null,
    ten_star integer not null,
    reason text,
    primary key (snapshot_id, level, parent_id, entity_id)
  )${withoutRowid}`.execute(db);
  // The key is ordered by parent so that each level's aggregate over its children (full: in
  // key order; incremental: one parent) is a range scan; entities are unique within a snapshot.
  await sql`create unique index star_result_entity on star_result(snapshot_id, level, entity_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'star_result',
    'star_current',
    'star_snapshot',
    'star_rating',
    'star_criterion',
    'star_config',
  ])
    await db.schema.dropTable(table).execute();
}
