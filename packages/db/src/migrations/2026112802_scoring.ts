import { type Kysely, PostgresAdapter, sql } from 'kysely';

/** the thousand-point appraisal (千分制): frozen once landed; a change is a new migration. */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = (name: string) =>
    pg ? sql.raw(`${name} serial primary key`) : sql.raw(`${name} integer primary key autoincrement`);

  await sql`create table scoring_scheme (
    ${id('id')},
    year integer not null unique,
    name text not null,
    status text not null,
    bonus_cap integer not null,
    tiebreak_json text not null,
    awards_json text not null,
    priority_top_n integer not null,
    objection_until text,
    current_version_id integer,
    created_at text not null,
    updated_at text not null
  )`.execute(db);

  await sql`create table scoring_node (
    ${id('id')},
    scheme_id integer not null references scoring_scheme(id),
    parent_id integer references scoring_node(id),
    level text not null,
    code text not null,
    name text not null,
    sort_order integer not null,
    points integer not null,
    kind text,
    rule_json text,
    assessing_unit_id integer references org_unit(id),
    responsible_json text,
    value_unit text,
    aspect_index integer,
    unique (scheme_id, code)
  )`.execute(db);
  await sql`create index scoring_node_tree on scoring_node(scheme_id, parent_id, sort_order)`.execute(db);

  await sql`create table scoring_subject (
    ${id('id')},
    year integer not null,
    org_unit_id integer not null references org_unit(id),
    category text not null,
    unique (year, org_unit_id)
  )`.execute(db);
  await sql`create index scoring_subject_cat on scoring_subject(year, category)`.execute(db);

  await sql`create table evidence_file (
    id text primary key,
    org_unit_id integer not null references org_unit(id),
    uploaded_by integer not null references app_user(id),
    name text not null,
    mime text not null,
    size integer not null,
    sha256 text not null,
    storage_key text not null,
    created_at text not null
  )`.execute(db);

  await sql`create table scoring_report (
    ${id('id')},
    year integer not null,
    subject_id integer not null references scoring_subject(id),
    indicator_id integer not null references scoring_node(id),
    kind text not null,
    aspect_index integer not null,
    value integer not null,
    evidence_id text references evidence_file(id),
    note text,
    status text not null,
    return_reason text,
    score integer not null default 0,
    lost integer not null default 0,
    veto integer not null default 0,
    reported_by integer references app_user(id),
    reported_at text not null,
    reviewed_by integer references app_user(id),
    reviewed_at text,
    unique (subject_id, indicator_id)
  )`.execute(db);
  await sql`create index scoring_report_year on scoring_report(year, status, subject_id, aspect_index)`.execute(
    db,
  );
  await sql`create index scoring_report_indicator on scoring_report(indicator_id, status)`.execute(db);

  await sql`create table scoring_result_version (
    ${id('id')},
    year integer not null,
    created_at text not null,
    created_by integer
  )`.execute(db);

  await sql`create table scoring_result (
    version_id integer not null references scoring_result_version(id),
    subject_id integer not null references scoring_subject(id),
    org_unit_id integer not null,
    category text not null,
    base_total integer not null,
    bonus integer not null,
    total integer not null,
    deduction_lost integer not null,
    vetoed integer not null,
    rank integer not null,
    bottom_two integer not null,
    key_adjustment integer not null,
    aspects text not null default '',
    primary key (version_id, subject_id)
  )`.execute(db);
  await sql`create index scoring_result_unit on scoring_result(version_id, org_unit_id, category)`.execute(
    db,
  );

  await sql`create table scoring_objection (
    ${id('id')},
    year integer not null,
    subject_id integer not null references scoring_subject(id),
    raised_by integer not null references app_user(id),
    reason text not null,
    status text not null,
    response text,
    resolved_by integer references app_user(id),
    created_at text not null,
    resolved_at text
  )`.execute(db);
  await sql`create index scoring_objection_year on scoring_objection(year, status)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'scoring_objection',
    'scoring_result',
    'scoring_result_version',
    'scoring_report',
    'evidence_file',
    'scoring_subject',
    'scoring_node',
    'scoring_scheme',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
