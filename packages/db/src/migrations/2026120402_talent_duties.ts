import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * The special fund's separation of duties and subsidy attachments (issue #21, items 2 and 14).
 *
 * - `talent_duty_pair`: the pairs of steps of a subsidy application (apply, review, approve,
 *   disburse) that must be done by different accounts. The talent office edits the set (each
 *   change audited); it starts with all six pairs, so the four steps are four different
 *   accounts. An empty set is a deliberate choice of the office, not "unset".
 * - `talent_subsidy_application.disbursed_by`: the payer's account (the approver is
 *   `decided_by` of an approved application), filled from the ledger for paid applications.
 * - `talent_attachment`: files of the evidence store (`evidence_file`, uploaded through
 *   `/files`) attached to an application: proof of degree, employment contract, house purchase.
 *
 * Frozen once landed; a change is a new migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const steps = sql.raw(`('apply', 'review', 'approve', 'disburse')`);
  await sql`create table talent_duty_pair (
    step_a text not null check (step_a in ${steps}),
    step_b text not null check (step_b in ${steps}),
    updated_by integer references app_user(id),
    updated_at text not null,
    primary key (step_a, step_b),
    check (step_a <> step_b)
  )`.execute(db);
  const now = new Date().toISOString();
  for (const [a, b] of [
    ['apply', 'review'],
    ['apply', 'approve'],
    ['apply', 'disburse'],
    ['review', 'approve'],
    ['review', 'disburse'],
    ['approve', 'disburse'],
  ])
    await sql`insert into talent_duty_pair (step_a, step_b, updated_by, updated_at) values (${a}, ${b}, null, ${now})`.execute(
      db,
    );

  await sql`alter table talent_subsidy_application add column disbursed_by integer references app_user(id)`.execute(
    db,
  );
  await sql`update talent_subsidy_application
    set disbursed_by = (select e.approved_by from talent_fund_entry e where e.id = talent_subsidy_application.disbursement_entry_id)
    where disbursement_entry_id is not null`.execute(db);

  await sql`create table talent_attachment (
    ${sql.raw(pg ? 'id serial primary key' : 'id integer primary key autoincrement')},
    application_id integer not null references talent_subsidy_application(id),
    file_id text not null references evidence_file(id),
    kind text not null check (kind in ('degree', 'contract', 'house', 'other')),
    added_by integer references app_user(id),
    created_at text not null,
    unique (application_id, file_id)
  )`.execute(db);
  await sql`create index talent_attachment_file on talent_attachment(file_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table talent_attachment`.execute(db);
  await sql`alter table talent_subsidy_application drop column disbursed_by`.execute(db);
  await sql`drop table talent_duty_pair`.execute(db);
}
