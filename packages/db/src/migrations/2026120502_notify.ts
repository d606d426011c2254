import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * Notifications for every workflow, and the Party-representative direct line as a thread
 * (issue #18, items 1 and 7).
 *
 * - `notice.params_json`: the values a notice's title and body are written from, so each
 *   reader sees it in their own language (the kind names the message pair).
 * - `notice.outbox_id`: the `job_outbox` row a notice was delivered from. Unique with the
 *   recipient, so a delivery repeated (retry, two workers) inserts nothing the second time.
 * - Notices are per user from now on: the few addressed to a whole org unit (the old direct
 *   line wrote to the department) are fanned out to that unit's accounts, each with its own
 *   read mark, and the org-addressed rows removed.
 * - `inbox_counter`: each user's unread and total notices, kept in the transaction that adds
 *   or reads a notice (an inbox badge never counts rows per request).
 * - `direct_line_thread` / `direct_line_message`: a member's thread with the organization
 *   department (党代表直通车), its status, due date (working days) and the member's rating.
 *
 * Frozen once landed; a change is a new migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const bigId = (name: string) =>
    pg ? sql.raw(`${name} bigserial primary key`) : sql.raw(`${name} integer primary key autoincrement`);

  await sql`alter table notice add column outbox_id bigint`.execute(db);
  await sql`alter table notice add column link_m text`.execute(db);
  await sql`alter table notice add column params_json text`.execute(db);
  await sql`create unique index notice_delivery on notice(outbox_id, recipient_user_id)`.execute(db);
  await sql`create index notice_unread on notice(recipient_user_id, id) where read_at is null`.execute(db);

  await sql`insert into notice (recipient_user_id, recipient_org_id, sender_user_id, kind, title, body, link, created_at, read_at)
    select u.id, null, n.sender_user_id, n.kind, n.title, n.body, n.link, n.created_at, n.read_at
    from notice n join app_user u on u.org_unit_id = n.recipient_org_id
    where n.recipient_user_id is null`.execute(db);
  await sql`delete from notice where recipient_user_id is null`.execute(db);

  await sql`create table inbox_counter (
    user_id integer primary key references app_user(id),
    unread integer not null default 0 check (unread >= 0),
    total integer not null default 0 check (total >= 0)
  )`.execute(db);
  await sql`insert into inbox_counter (user_id, unread, total)
    select recipient_user_id, sum(case when read_at is null then 1 else 0 end), count(*)
    from notice group by recipient_user_id`.execute(db);

  const statuses = sql.raw(`('received', 'assigned', 'answered', 'closed')`);
  await sql`create table direct_line_thread (
    ${bigId('id')},
    member_user_id integer not null references app_user(id),
    department_org_id integer not null references org_unit(id),
    title text not null,
    status text not null check (status in ${statuses}),
    assignee_user_id integer references app_user(id),
    received_on text not null,
    due_on text not null,
    created_at text not null,
    assigned_at text,
    answered_at text,
    closed_at text,
    closed_by integer references app_user(id),
    rating integer check (rating between 1 and 5),
    rating_comment text,
    rated_at text,
    reminded_on text
  )`.execute(db);
  await sql`create index direct_line_member on direct_line_thread(member_user_id, id)`.execute(db);
  await sql`create index direct_line_open on direct_line_thread(status, due_on)`.execute(db);
  await sql`create table direct_line_message (
    ${bigId('id')},
    thread_id bigint not null references direct_line_thread(id),
    author_user_id integer not null references app_user(id),
    side text not null check (side in ('member', 'department')),
    body text not null,
    created_at text not null
  )`.execute(db);
  await sql`create index direct_line_message_thread on direct_line_message(thread_id, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('direct_line_message').execute();
  await db.schema.dropTable('direct_line_thread').execute();
  await db.schema.dropTable('inbox_counter').execute();
  await sql`drop index notice_unread`.execute(db);
  await sql`drop index notice_delivery`.execute(db);
  await sql`alter table notice drop column params_json`.execute(db);
  await sql`alter table notice drop column link_m`.execute(db);
  await sql`alter table notice drop column outbox_id`.execute(db);
}
