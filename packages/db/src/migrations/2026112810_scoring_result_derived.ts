import { type Kysely, sql } from 'kysely';

/** Every column after the key (version_id, subject_id). */
const results = sql.raw(`org_unit_id integer not null,
    category text not null,
    base_total integer not null,
    bonus integer not null,
    total integer not null,
    deduction_lost integer not null,
    vetoed integer not null,
    rank integer not null,
    bottom_two integer not null,
    key_adjustment integer not null,
    aspects text not null default ''`);

/**
 * scoring_result without foreign keys. It is derived data: only recomputeScoring writes it,
 * set-based, from the year's subjects and the version it creates in the same transaction, and
 * it deletes a version's rows before the version. The two per-row referential checks (4,000
 * trigger calls for 2,000 subjects) were half the cost of the ranked insert on PostgreSQL.
 * Nothing deletes subjects. Frozen once landed; a change is a new migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table scoring_result_next (
    version_id integer not null,
    subject_id integer not null,
    ${results},
    primary key (version_id, subject_id)
  )`.execute(db);
  await sql`insert into scoring_result_next select * from scoring_result`.execute(db);
  await sql`drop table scoring_result`.execute(db);
  await sql`alter table scoring_result_next rename to scoring_result`.execute(db);
  await sql`create index scoring_result_unit on scoring_result(version_id, org_unit_id, category)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create table scoring_result_prev (
    version_id integer not null references scoring_result_version(id),
    subject_id integer not null references scoring_subject(id),
    ${results},
    primary key (version_id, subject_id)
  )`.execute(db);
  await sql`insert into scoring_result_prev select * from scoring_result`.execute(db);
  await sql`drop table scoring_result`.execute(db);
  await sql`alter table scoring_result_prev rename to scoring_result`.execute(db);
  await sql`create index scoring_result_unit on scoring_result(version_id, org_unit_id, category)`.execute(
    db,
  );
}
