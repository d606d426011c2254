import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * talent, the special fund, subsidies and awards (人才): frozen once landed; a change is a new migration.
 * The fund ledger is append-only: triggers on both dialects refuse UPDATE and DELETE.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const id = (name: string) =>
    pg ? sql.raw(`${name} serial primary key`) : sql.raw(`${name} integer primary key autoincrement`);
  const bigId = (name: string) =>
    pg ? sql.raw(`${name} bigserial primary key`) : sql.raw(`${name} integer primary key autoincrement`);
  const bigint = sql.raw(pg ? 'bigint' : 'integer');

  await sql`create table talent_tier (
    ${id('id')},
    code text not null unique,
    name text not null,
    rank integer not null,
    settling_fen ${bigint} not null check (settling_fen >= 0),
    housing_fen ${bigint} not null check (housing_fen >= 0),
    created_at text not null
  )`.execute(db);

  await sql`create table talent_catalogue (
    ${id('id')},
    year integer not null,
    field_code text not null,
    field_name text not null,
    created_at text not null,
    unique (year, field_code)
  )`.execute(db);

  await sql`create table talent_person (
    ${id('id')},
    name text not null,
    gender text not null check (gender in ('M', 'F')),
    birth_date text,
    field_code text not null,
    field_name text not null,
    employer text not null,
    introduced_on text not null,
    introduced_via text not null check (introduced_via in ('public_selection', 'introduction', 'local')),
    tier_id integer not null references talent_tier(id),
    org_unit_id integer not null references org_unit(id),
    member_id integer unique references member(id),
    user_id integer unique references app_user(id),
    created_at text not null,
    updated_at text not null
  )`.execute(db);
  await sql`create index talent_person_unit on talent_person(org_unit_id, id)`.execute(db);
  await sql`create index talent_person_via on talent_person(introduced_via)`.execute(db);

  await sql`create table talent_fund (
    ${id('id')},
    code text not null unique,
    name text not null,
    org_unit_id integer not null references org_unit(id),
    lock_seq integer not null default 0,
    created_at text not null
  )`.execute(db);

  await sql`create table talent_fund_entry (
    ${bigId('id')},
    fund_id integer not null references talent_fund(id),
    kind text not null check (kind in ('budget', 'commitment', 'disbursement', 'reversal')),
    amount_fen ${bigint} not null check (amount_fen > 0),
    d_available_fen ${bigint} not null,
    d_committed_fen ${bigint} not null,
    d_disbursed_fen ${bigint} not null,
    reverses_entry_id ${bigint} unique references talent_fund_entry(id),
    ref_type text check (ref_type in ('subsidy', 'award')),
    ref_id integer,
    entry_date text not null,
    reason text not null check (length(reason) > 0),
    approved_by integer references app_user(id),
    approved_by_name text not null,
    created_at text not null,
    check ((kind = 'reversal') = (reverses_entry_id is not null))
  )`.execute(db);
  await sql`create index talent_fund_entry_fund on talent_fund_entry(fund_id, entry_date)`.execute(db);
  await sql`create index talent_fund_entry_ref on talent_fund_entry(ref_type, ref_id)`.execute(db);

  const refusal = 'talent_fund_entry is append-only: corrections are new entries';
  if (pg) {
    await sql
      .raw(
        `create function talent_fund_entry_append_only() returns trigger language plpgsql as $$
         begin raise exception '${refusal}'; end $$`,
      )
      .execute(db);
    await sql`create trigger talent_fund_entry_no_change before update or delete on talent_fund_entry
      for each row execute function talent_fund_entry_append_only()`.execute(db);
    await sql`create trigger talent_fund_entry_no_truncate before truncate on talent_fund_entry
      for each statement execute function talent_fund_entry_append_only()`.execute(db);
  } else {
    await sql
      .raw(
        `create trigger talent_fund_entry_no_update before update on talent_fund_entry
         begin select raise(abort, '${refusal}'); end`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger talent_fund_entry_no_delete before delete on talent_fund_entry
         begin select raise(abort, '${refusal}'); end`,
      )
      .execute(db);
  }

  await sql`create table talent_subsidy_application (
    ${id('id')},
    talent_id integer not null references talent_person(id),
    kind text not null check (kind in ('settling', 'housing')),
    status text not null check (status in ('submitted', 'reviewed', 'approved', 'disbursed', 'rejected', 'withdrawn', 'cancelled')),
    amount_fen ${bigint} not null check (amount_fen > 0),
    catalogue_year integer not null,
    eligibility_json text not null,
    applied_via text not null check (applied_via in ('member_app', 'staff')),
    applied_by integer references app_user(id),
    applied_at text not null,
    note text,
    reviewed_by integer references app_user(id),
    reviewed_at text,
    decided_by integer references app_user(id),
    decided_at text,
    decision_reason text,
    commitment_entry_id ${bigint} references talent_fund_entry(id),
    disbursement_entry_id ${bigint} references talent_fund_entry(id),
    disbursed_on text,
    updated_at text not null
  )`.execute(db);
  // At most one live (not refused, withdrawn or cancelled) application per talent and kind,
  // so a subsidy is paid at most once whatever the concurrency.
  await sql`create unique index talent_subsidy_once on talent_subsidy_application(talent_id, kind)
    where status in ('submitted', 'reviewed', 'approved', 'disbursed')`.execute(db);
  await sql`create index talent_subsidy_status on talent_subsidy_application(status, id)`.execute(db);

  await sql`create table talent_award_cycle (
    ${id('id')},
    year integer not null unique,
    name text not null,
    status text not null check (status in ('nominating', 'scoring', 'shortlisted', 'publicity', 'awarded')),
    publicity_start text,
    publicity_end text,
    awarded_on text,
    created_at text not null,
    updated_at text not null
  )`.execute(db);

  await sql`create table talent_award_quota (
    cycle_id integer not null references talent_award_cycle(id),
    title text not null check (title in ('leading', 'entrepreneur', 'expert', 'top_professional')),
    quota integer not null check (quota >= 0),
    amount_fen ${bigint} not null check (amount_fen >= 0),
    primary key (cycle_id, title)
  )`.execute(db);

  await sql`create table talent_award_expert (
    ${id('id')},
    cycle_id integer not null references talent_award_cycle(id),
    name text not null,
    user_id integer references app_user(id),
    unique (cycle_id, name)
  )`.execute(db);

  await sql`create table talent_nomination (
    ${id('id')},
    cycle_id integer not null references talent_award_cycle(id),
    talent_id integer not null references talent_person(id),
    title text not null check (title in ('leading', 'entrepreneur', 'expert', 'top_professional')),
    nominated_by text not null,
    reason text not null,
    status text not null check (status in ('nominated', 'shortlisted', 'not_shortlisted', 'withdrawn', 'awarded')),
    combined_score integer,
    rank integer,
    award_fen ${bigint},
    award_entry_id ${bigint} references talent_fund_entry(id),
    status_reason text,
    created_at text not null,
    updated_at text not null,
    unique (cycle_id, talent_id)
  )`.execute(db);
  await sql`create index talent_nomination_cycle on talent_nomination(cycle_id, title)`.execute(db);

  await sql`create table talent_award_score (
    ${id('id')},
    nomination_id integer not null references talent_nomination(id),
    expert_id integer not null references talent_award_expert(id),
    score integer not null check (score >= 0 and score <= 10000),
    entered_by integer references app_user(id),
    created_at text not null,
    unique (nomination_id, expert_id)
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'talent_award_score',
    'talent_nomination',
    'talent_award_expert',
    'talent_award_quota',
    'talent_award_cycle',
    'talent_subsidy_application',
    'talent_fund_entry',
    'talent_fund',
    'talent_person',
    'talent_catalogue',
    'talent_tier',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  if (isPostgres(db)) await sql`drop function if exists talent_fund_entry_append_only()`.execute(db);
}

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
