import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * Red Sail (红帆引航, issue #17): non-public enterprise Party building, the 非公党工委's domain.
 *
 * - `rs_station`: the red area work stations (红色片区工作站), each in a street.
 * - `rs_joint_branch`: a joint Party branch (联合党支部) shared by several enterprises.
 * - `rs_enterprise`: enterprises, social organizations and shops (两新组织) with their unified
 *   social credit code (GB 32100, unique), street, station, trading area, Party organization
 *   status and instructor. Its status columns are the newest row of `rs_enterprise_status`
 *   (kept equal by the repository in the same transaction), so current coverage reads one table.
 * - `rs_enterprise_status`: the history of status changes by date (one row per enterprise and
 *   date): coverage "as of" a past date reads the newest row on or before it.
 * - `rs_enterprise_member`: platform members whose Party relationship (组织关系) is in an enterprise.
 * - `rs_leader`, `rs_contact_point`, `rs_visit`, `rs_visit_minimum`, `rs_visit_reminder`: district
 *   leaders' contact points (联系点), their visits, the yearly minimum and the reminders sent
 *   (unique per leader and year: a retried reminder run sends nothing twice).
 * - `rs_demo_criterion`, `rs_demo_point`, `rs_demo_review`: demonstration points (红色示范点).
 * - `rs_activity`, `rs_activity_signin`: station activities and members' sign-ins (once each).
 * - `rs_competition`, `rs_judge`, `rs_entry`, `rs_score`: the innovation project competition.
 *
 * Frozen once landed; a change is a new migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = sql.raw(pg ? 'id serial primary key' : 'id integer primary key autoincrement');
  const exec = (q: { execute(db: Kysely<any>): Promise<unknown> }) => q.execute(db);

  await exec(sql`create table rs_station (
    ${id},
    code text not null unique,
    name text not null,
    street_id integer not null references org_unit(id),
    address text not null default '',
    created_at text not null
  )`);
  await exec(sql`create table rs_joint_branch (
    ${id},
    name text not null unique,
    created_at text not null
  )`);
  await exec(sql`create table rs_enterprise (
    ${id},
    name text not null,
    credit_code text not null unique,
    kind text not null check (kind in ('enterprise', 'social_org', 'shop')),
    industry text not null default '',
    size text not null check (size in ('micro', 'small', 'medium', 'large')),
    address text not null default '',
    street_id integer not null references org_unit(id),
    trading_area text check (trading_area in ('财富一条街', '盼盼路商铺', '东升商圈')),
    registered_on text not null,
    party_status text not null check (party_status in ('own', 'joint', 'none')),
    joint_branch_id integer references rs_joint_branch(id),
    instructor_name text,
    station_id integer references rs_station(id),
    member_count integer not null default 0 check (member_count >= 0),
    created_at text not null,
    updated_at text not null,
    -- 2 organization-covered (own or joint branch), 1 work-covered only (an instructor or a
    -- station reaches it), 0 neither: kept by the database from the columns it depends on
    cover integer generated always as (case when party_status <> 'none' then 2
      when instructor_name is not null or station_id is not null then 1 else 0 end) stored,
    check ((party_status = 'joint') = (joint_branch_id is not null))
  )`);
  // Coverage counts rows by street, station and cover: with this index it is an index-only
  // count like the bare aggregate (bench/RESULTS.md, 100,000 enterprises); it serves street
  // filters too.
  await exec(sql`create index rs_enterprise_coverage on rs_enterprise(street_id, station_id, cover)`);
  await exec(sql`create index rs_enterprise_station on rs_enterprise(station_id)`);
  await exec(sql`create table rs_enterprise_status (
    ${id},
    enterprise_id integer not null references rs_enterprise(id),
    on_date text not null,
    party_status text not null check (party_status in ('own', 'joint', 'none')),
    joint_branch_id integer references rs_joint_branch(id),
    instructor_name text,
    station_id integer references rs_station(id),
    note text not null default '',
    created_by integer references app_user(id),
    created_at text not null,
    unique (enterprise_id, on_date)
  )`);
  await exec(sql`create table rs_enterprise_member (
    member_id integer primary key references member(id),
    enterprise_id integer not null references rs_enterprise(id),
    created_at text not null
  )`);
  await exec(sql`create index rs_enterprise_member_ent on rs_enterprise_member(enterprise_id)`);

  await exec(sql`create table rs_leader (
    ${id},
    name text not null,
    title text not null,
    user_id integer references app_user(id),
    created_at text not null
  )`);
  await exec(sql`create table rs_contact_point (
    ${id},
    leader_id integer not null references rs_leader(id),
    enterprise_id integer not null references rs_enterprise(id),
    since text not null,
    created_at text not null,
    unique (leader_id, enterprise_id)
  )`);
  await exec(sql`create table rs_visit (
    ${id},
    contact_point_id integer not null references rs_contact_point(id),
    visit_date text not null,
    content text not null,
    problems_raised text not null default '',
    problems_solved text not null default '',
    follow_up_owner text not null default '',
    created_by integer references app_user(id),
    created_at text not null
  )`);
  await exec(sql`create index rs_visit_cp on rs_visit(contact_point_id, visit_date)`);
  await exec(sql`create table rs_visit_minimum (
    year integer primary key,
    min_visits integer not null check (min_visits >= 0),
    remind_from text not null,
    updated_at text not null
  )`);
  await exec(sql`create table rs_visit_reminder (
    leader_id integer not null references rs_leader(id),
    year integer not null,
    visits integer not null,
    min_visits integer not null,
    sent_at text not null,
    primary key (leader_id, year)
  )`);

  await exec(sql`create table rs_demo_criterion (
    ${id},
    code text not null unique,
    name text not null,
    required integer not null default 0 check (required in (0, 1)),
    active integer not null default 1 check (active in (0, 1)),
    created_at text not null
  )`);
  await exec(sql`create table rs_demo_point (
    ${id},
    enterprise_id integer not null references rs_enterprise(id),
    status text not null check (status in ('applied', 'evaluated', 'rejected', 'recognized', 'revoked')),
    applied_on text not null,
    application text not null default '',
    met_criteria text,
    passed integer check (passed in (0, 1)),
    evaluated_on text,
    level text check (level in ('district', 'municipal', 'provincial')),
    recognized_on text,
    revoked_on text,
    revoke_reason text,
    created_at text not null,
    updated_at text not null
  )`);
  await exec(sql`create index rs_demo_point_ent on rs_demo_point(enterprise_id)`);
  await exec(sql`create table rs_demo_review (
    ${id},
    point_id integer not null references rs_demo_point(id),
    year integer not null,
    passed integer not null check (passed in (0, 1)),
    note text not null default '',
    reviewed_on text not null,
    unique (point_id, year)
  )`);

  await exec(sql`create table rs_activity (
    ${id},
    station_id integer not null references rs_station(id),
    title text not null,
    planned_on text not null,
    place text not null default '',
    plan text not null default '',
    status text not null check (status in ('planned', 'held', 'cancelled')),
    report text,
    photo_file_ids text not null default '[]',
    created_at text not null,
    updated_at text not null
  )`);
  await exec(sql`create index rs_activity_station on rs_activity(station_id, planned_on)`);
  await exec(sql`create table rs_activity_signin (
    activity_id integer not null references rs_activity(id),
    member_id integer not null references member(id),
    signed_at text not null,
    primary key (activity_id, member_id)
  )`);

  await exec(sql`create table rs_competition (
    ${id},
    year integer not null unique,
    title text not null,
    call_text text not null default '',
    deadline text not null,
    status text not null check (status in ('open', 'scoring', 'closed')),
    max_points integer not null check (max_points > 0),
    award_plan text not null default '[]',
    created_at text not null,
    updated_at text not null
  )`);
  await exec(sql`create table rs_judge (
    competition_id integer not null references rs_competition(id),
    user_id integer not null references app_user(id),
    primary key (competition_id, user_id)
  )`);
  await exec(sql`create table rs_entry (
    ${id},
    competition_id integer not null references rs_competition(id),
    enterprise_id integer not null references rs_enterprise(id),
    title text not null,
    summary text not null default '',
    document_file_ids text not null default '[]',
    award text,
    rank integer,
    is_case integer not null default 0 check (is_case in (0, 1)),
    created_at text not null,
    unique (competition_id, enterprise_id, title)
  )`);
  await exec(sql`create table rs_score (
    entry_id integer not null references rs_entry(id),
    judge_user_id integer not null references app_user(id),
    points integer not null check (points >= 0),
    submitted_at text not null,
    primary key (entry_id, judge_user_id)
  )`);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'rs_score',
    'rs_entry',
    'rs_judge',
    'rs_competition',
    'rs_activity_signin',
    'rs_activity',
    'rs_demo_review',
    'rs_demo_point',
    'rs_demo_criterion',
    'rs_visit_reminder',
    'rs_visit_minimum',
    'rs_visit',
    'rs_contact_point',
    'rs_leader',
    'rs_enterprise_member',
    'rs_enterprise_status',
    'rs_enterprise',
    'rs_joint_branch',
    'rs_station',
  ])
    await sql`drop table ${sql.raw(t)}`.execute(db);
}
