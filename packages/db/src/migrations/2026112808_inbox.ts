import { type Kysely, PostgresAdapter, sql } from 'kysely';

/** Notices (the inbox of both apps). Frozen once landed; a change is a new migration. */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await sql`create table notice (
    ${sql.raw(pg ? 'id bigserial primary key' : 'id integer primary key autoincrement')},
    recipient_user_id integer references app_user(id),
    recipient_org_id integer references org_unit(id),
    sender_user_id integer references app_user(id),
    kind text not null,
    title text not null,
    body text not null,
    link text,
    created_at text not null,
    read_at text
  )`.execute(db);
  await sql`create index notice_user on notice(recipient_user_id, id)`.execute(db);
  await sql`create index notice_org on notice(recipient_org_id, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notice').execute();
}
