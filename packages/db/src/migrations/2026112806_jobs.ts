import { type Kysely, PostgresAdapter, sql } from 'kysely';

/** the worker: job runs, outbox and snapshots: frozen once landed; a change is a new migration. */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const bigId = (name: string) =>
    pg ? sql.raw(`${name} bigserial primary key`) : sql.raw(`${name} integer primary key autoincrement`);

  await sql`create table job_outbox (
    ${bigId('id')},
    job_name text not null,
    coalesce_key text not null,
    payload_json text not null,
    requested_by text not null,
    created_at text not null,
    relayed_at text,
    consumed_at text,
    consumed_by_run integer
  )`.execute(db);
  await sql`create index job_outbox_unrelayed on job_outbox(id) where relayed_at is null`.execute(db);
  await sql`create index job_outbox_pending on job_outbox(job_name, coalesce_key, id) where consumed_at is null`.execute(
    db,
  );

  await sql`create table job_run (
    ${bigId('id')},
    job_name text not null,
    singleton_key text not null,
    source text not null,
    status text not null,
    attempt integer not null default 1,
    queue_job_id text,
    worker text,
    payload_json text not null,
    queued_at text,
    started_at text,
    heartbeat_at text,
    finished_at text,
    duration_ms integer,
    rows integer,
    changes integer,
    error text
  )`.execute(db);
  await sql`create index job_run_by_job on job_run(job_name, id)`.execute(db);
  await sql`create index job_run_by_status on job_run(status, id)`.execute(db);
  await sql`create index job_run_by_queue_job on job_run(queue_job_id)`.execute(db);

  await sql`create table snapshot_version (
    domain text not null,
    scope text not null,
    version integer not null,
    status text not null,
    run_id integer,
    created_at text not null,
    completed_at text,
    primary key (domain, scope, version)
  )`.execute(db);

  await sql`create table job_tally (
    scope text not null,
    version integer not null,
    unit integer not null,
    total integer not null,
    primary key (scope, version, unit)
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['job_tally', 'snapshot_version', 'job_run', 'job_outbox']) {
    await db.schema.dropTable(table).execute();
  }
}
