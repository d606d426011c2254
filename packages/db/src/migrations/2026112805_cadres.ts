import { type Kysely, PostgresAdapter, sql } from 'kysely';

const TABLES = [
  'cadre_rotation',
  'cadre_objection',
  'cadre_campaign_event',
  'cadre_candidate',
  'cadre_campaign',
  'cadre_nomination',
  'cadre_vacancy',
  'cadre_evaluation',
  'cadre_eval_weight',
  'cadre_post',
  'cadre',
];

/** cadres, nominations, selections and rotation (干部): frozen once landed; a change is a new migration. */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = (name: string) =>
    pg ? sql.raw(`${name} serial primary key`) : sql.raw(`${name} integer primary key autoincrement`);

  await sql`create table cadre (
    ${id('id')},
    member_id integer references member(id),
    name text not null,
    gender text not null,
    birth_date text not null,
    id_card_enc text,
    id_card_masked text,
    org_unit_id integer not null references org_unit(id),
    post_title text not null,
    post_is_key integer not null default 0,
    post_since text not null,
    rank text not null,
    rank_since text not null,
    education text not null,
    party_joined_at text,
    status text not null default 'active',
    created_at text not null,
    updated_at text not null
  )`.execute(db);
  await sql`create index cadre_unit on cadre(org_unit_id)`.execute(db);
  await sql`create index cadre_member on cadre(member_id)`.execute(db);

  await sql`create table cadre_post (
    ${id('id')},
    cadre_id integer not null references cadre(id),
    org_unit_id integer not null references org_unit(id),
    title text not null,
    rank text not null,
    is_key integer not null default 0,
    start_date text not null,
    end_date text,
    source text not null,
    source_id integer
  )`.execute(db);
  await sql`create index cadre_post_cadre on cadre_post(cadre_id, start_date)`.execute(db);

  await sql`create table cadre_eval_weight (
    year integer primary key,
    morality integer not null,
    ability integer not null,
    passion integer not null,
    performance integer not null,
    image integer not null,
    updated_at text not null
  )`.execute(db);

  await sql`create table cadre_evaluation (
    ${id('id')},
    cadre_id integer not null references cadre(id),
    year integer not null,
    rater text not null,
    morality integer not null,
    ability integer not null,
    passion integer not null,
    performance integer not null,
    image integer not null,
    created_by integer,
    created_at text not null,
    unique (cadre_id, year, rater)
  )`.execute(db);

  await sql`create table cadre_vacancy (
    ${id('id')},
    org_unit_id integer not null references org_unit(id),
    title text not null,
    rank text not null,
    is_key integer not null default 0,
    min_years_lower integer not null,
    max_age integer not null,
    mass_threshold_pct integer not null,
    status text not null default 'open',
    opened_on text not null,
    created_at text not null
  )`.execute(db);
  await sql`create index cadre_vacancy_unit on cadre_vacancy(org_unit_id)`.execute(db);

  await sql`create table cadre_nomination (
    ${id('id')},
    vacancy_id integer not null references cadre_vacancy(id),
    cadre_id integer not null references cadre(id),
    source text not null,
    recommender_user_id integer,
    recommender_name text,
    recommender_title text,
    reason text not null,
    votes_for integer,
    votes_cast integer,
    eligible integer not null,
    reasons_json text not null,
    priority integer not null default 0,
    created_at text not null,
    unique (vacancy_id, cadre_id, source)
  )`.execute(db);
  await sql`create index cadre_nomination_cadre on cadre_nomination(cadre_id)`.execute(db);

  await sql`create table cadre_campaign (
    ${id('id')},
    vacancy_id integer not null references cadre_vacancy(id),
    kind text not null,
    title text not null,
    stage text not null,
    slots integer not null,
    w_exam integer not null,
    w_interview integer not null,
    w_inspection integer not null,
    publicity_days integer not null,
    publicity_start text,
    publicity_end text,
    last_on text not null,
    created_at text not null,
    updated_at text not null
  )`.execute(db);
  await sql`create index cadre_campaign_vacancy on cadre_campaign(vacancy_id)`.execute(db);

  await sql`create table cadre_candidate (
    ${id('id')},
    campaign_id integer not null references cadre_campaign(id),
    cadre_id integer not null references cadre(id),
    nomination_id integer references cadre_nomination(id),
    qualified integer,
    qualification_note text,
    exam_score integer,
    interview_score integer,
    inspection_score integer,
    decided integer not null default 0,
    appointed integer not null default 0,
    created_at text not null,
    unique (campaign_id, cadre_id)
  )`.execute(db);
  await sql`create index cadre_candidate_cadre on cadre_candidate(cadre_id)`.execute(db);

  await sql`create table cadre_campaign_event (
    ${id('id')},
    campaign_id integer not null references cadre_campaign(id),
    from_stage text not null,
    to_stage text not null,
    on_date text not null,
    at text not null,
    actor_id integer
  )`.execute(db);
  await sql`create index cadre_campaign_event_campaign on cadre_campaign_event(campaign_id, id)`.execute(db);

  await sql`create table cadre_objection (
    ${id('id')},
    campaign_id integer not null references cadre_campaign(id),
    candidate_id integer not null references cadre_candidate(id),
    content text not null,
    submitted_on text not null,
    status text not null default 'open',
    resolution text,
    created_by integer,
    created_at text not null,
    resolved_at text
  )`.execute(db);
  await sql`create index cadre_objection_campaign on cadre_objection(campaign_id, status)`.execute(db);

  await sql`create table cadre_rotation (
    ${id('id')},
    cadre_id integer not null references cadre(id),
    year integer not null,
    on_date text not null,
    kind text not null,
    from_unit_id integer not null references org_unit(id),
    from_title text not null,
    to_unit_id integer not null references org_unit(id),
    to_title text not null,
    to_is_key integer not null default 0,
    note text not null,
    created_by integer,
    created_at text not null
  )`.execute(db);
  await sql`create index cadre_rotation_year on cadre_rotation(year, kind)`.execute(db);
  await sql`create index cadre_rotation_cadre on cadre_rotation(cadre_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) await db.schema.dropTable(table).execute();
}
