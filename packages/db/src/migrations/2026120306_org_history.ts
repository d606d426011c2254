import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * The org tree as an office maintains it, and the member lifecycle (issue #14, items 2–3).
 *
 * - `org_unit.dissolved_on` / `merged_into_id`: a dissolved unit stays (with its closure rows)
 *   so that its past ratings, scores and members remain readable and scoped.
 * - `org_unit_history`: the closed periods of a unit's name and parent. The current period is
 *   the row in `org_unit` itself; it began at the latest `valid_to` of the unit's history
 *   (or at its creation when it has none). `valid_from` null: since the unit existed.
 * - `member.status` / `left_on` / `left_to`: transferred out of the district (kept, no longer
 *   counted) or deceased. `category` (正式/预备) and `confirmed_at` (转正日期) are added
 *   only when missing, because the roster import (2026120304_roster) may bring the same
 *   columns: whichever lands first defines them, the other leaves them alone.
 * - `member_branch_history`: the closed periods of a member's branch, so that a year's
 *   ratings stay with that year's branch; `member_event`: the lifecycle timeline.
 *
 * Frozen once landed; a change is a new migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = sql.raw(pg ? 'id serial primary key' : 'id integer primary key autoincrement');

  await sql`alter table org_unit add column dissolved_on text`.execute(db);
  await sql`alter table org_unit add column merged_into_id integer references org_unit(id)`.execute(db);

  await sql`create table org_unit_history (
    ${id},
    unit_id integer not null references org_unit(id),
    name text not null,
    parent_id integer references org_unit(id),
    valid_from text,
    valid_to text not null,
    change text not null,
    created_at text not null
  )`.execute(db);
  await sql`create index org_unit_history_unit on org_unit_history(unit_id, valid_to)`.execute(db);

  await sql`alter table member add column status text not null default 'active'`.execute(db);
  await sql`alter table member add column left_on text`.execute(db);
  await sql`alter table member add column left_to text`.execute(db);
  const tables = await db.introspection.getTables();
  const columns = new Set(tables.find((t) => t.name === 'member')?.columns.map((c) => c.name));
  if (!columns.has('category')) {
    await sql`alter table member add column category text not null default 'full'`.execute(db);
  }
  if (!columns.has('confirmed_at')) {
    await sql`alter table member add column confirmed_at text`.execute(db);
  }
  await sql`create index member_status on member(branch_id, status)`.execute(db);

  await sql`create table member_branch_history (
    ${id},
    member_id integer not null references member(id),
    branch_id integer not null references org_unit(id),
    valid_from text,
    valid_to text not null,
    reason text not null,
    created_at text not null
  )`.execute(db);
  await sql`create index member_branch_history_member on member_branch_history(member_id, valid_to)`.execute(
    db,
  );
  await sql`create index member_branch_history_branch on member_branch_history(branch_id)`.execute(db);

  await sql`create table member_event (
    ${id},
    member_id integer not null references member(id),
    kind text not null,
    on_date text not null,
    from_branch_id integer references org_unit(id),
    to_branch_id integer references org_unit(id),
    detail text,
    actor_id integer references app_user(id),
    created_at text not null
  )`.execute(db);
  await sql`create index member_event_member on member_event(member_id, on_date)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('member_event').execute();
  await db.schema.dropTable('member_branch_history').execute();
  // category and confirmed_at stay: the roster migration may own them (see up).
  await sql`drop index member_status`.execute(db);
  for (const c of ['left_to', 'left_on', 'status']) {
    await sql`alter table member drop column ${sql.id(c)}`.execute(db);
  }
  await db.schema.dropTable('org_unit_history').execute();
  await sql`alter table org_unit drop column merged_into_id`.execute(db);
  await sql`alter table org_unit drop column dissolved_on`.execute(db);
}
