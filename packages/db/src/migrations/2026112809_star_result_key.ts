import { type Kysely, PostgresAdapter, sql } from 'kysely';

const columns = (pg: boolean) =>
  sql.raw(`snapshot_id integer not null,
    level text${pg ? ' collate "C"' : ''} not null,
    entity_id integer not null,
    parent_id integer not null,
    own_stars integer not null,
    own_mask integer not null,
    children_total integer not null,
    children_ten integer not null,
    ten_star integer not null,
    reason text`);

/**
 * star_result, rebuilt for the full recomputation's sake (frozen once landed; a change is a
 * new migration):
 * - One key, (snapshot, level, entity). The second key, ordered by parent, cost every result
 *   row a second B-tree insert; the incremental path now finds a parent's children through
 *   the org tables (member.branch_id, org_unit.parent_id, both indexed).
 * - On PostgreSQL the table is partitioned by snapshot: a full recomputation writes a new
 *   partition without indexes, builds its key once and attaches it, and drops the replaced
 *   snapshot's partition instead of deleting its rows (packages/stars/src/recompute.ts).
 *   Snapshots present now each get their partition.
 * - level compares bytewise (collate "C", as SQLite does): under the database's C.UTF-8 the
 *   key's text column went through strcoll, and building a partition's key took 14× longer.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  if (pg) {
    await sql`create table star_result_next (${columns(pg)},
      constraint star_result_key primary key (snapshot_id, level, entity_id)
    ) partition by list (snapshot_id)`.execute(db);
    const { rows } = await sql<{ id: number }>`select distinct snapshot_id as id from star_result`.execute(
      db,
    );
    for (const { id } of rows) {
      const part = sql.id(`star_result_s${Math.trunc(id)}`);
      await sql`create table ${part} partition of star_result_next for values in (${sql.lit(Math.trunc(id))})`.execute(
        db,
      );
    }
  } else {
    await sql`create table star_result_next (${columns(pg)},
      constraint star_result_key primary key (snapshot_id, level, entity_id)
    ) without rowid`.execute(db);
  }
  await sql`insert into star_result_next
    (snapshot_id, level, entity_id, parent_id, own_stars, own_mask, children_total, children_ten, ten_star, reason)
    select snapshot_id, level, entity_id, parent_id, own_stars, own_mask, children_total, children_ten, ten_star, reason
    from star_result`.execute(db);
  await sql`drop table star_result`.execute(db);
  await sql`alter table star_result_next rename to star_result`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await sql`create table star_result_prev (${columns(pg)},
    primary key (snapshot_id, level, parent_id, entity_id)
  )${sql.raw(pg ? '' : ' without rowid')}`.execute(db);
  await sql`insert into star_result_prev select * from star_result`.execute(db);
  await sql`drop table star_result`.execute(db);
  await sql`alter table star_result_prev rename to star_result`.execute(db);
  await sql`create unique index star_result_entity on star_result(snapshot_id, level, entity_id)`.execute(db);
}
