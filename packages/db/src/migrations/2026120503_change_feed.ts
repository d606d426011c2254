import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * The change feed (issue #20): every write that can change a cached answer of the API says so,
 * from the database itself, whichever code path (API, worker, CLI, import) made it.
 *
 * - PostgreSQL: triggers call `pg_notify('zq_change', topic)`; the notifications reach every
 *   process LISTENing on `zq_change` when (and only if) the transaction commits, in commit order.
 * - SQLite: triggers call `zq_notify(topic)`, a function every connection opened by `createDb`
 *   registers (it tells that process's caches; other processes notice through `data_version`).
 *
 * Topics (see packages/db/src/changes.ts): `session:<token hash>` (a session ended),
 * `user:<id>` (an account changed), `inbox:u:<user id>` / `inbox:o:<org unit id>` (a notice
 * sent, read or removed), and whole areas — `org` (units, closure), `member` (the roll),
 * `scoring` (schemes, their nodes, the current result version) and `stars` (current snapshot,
 * criteria, policy, ratings, households, zones). Area topics fire once per statement on
 * PostgreSQL; SQLite has only row triggers (a function call in process, no I/O).
 *
 * Frozen once landed; a change is a new migration.
 */

/** Area topics: table → topic. */
const AREAS: [table: string, topic: string][] = [
  ['org_unit', 'org'],
  ['org_closure', 'org'],
  ['member', 'member'],
  ['scoring_scheme', 'scoring'],
  ['scoring_node', 'scoring'],
  ['star_current', 'stars'],
  ['star_criterion', 'stars'],
  ['star_config', 'stars'],
  ['star_rating', 'stars'],
  ['household', 'stars'],
  ['zone', 'stars'],
];

const OPS = ['insert', 'update', 'delete'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql
      .raw(
        `create function zq_change_area() returns trigger language plpgsql as $$
         begin perform pg_notify('zq_change', tg_argv[0]); return null; end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create function zq_change_session() returns trigger language plpgsql as $$
         begin perform pg_notify('zq_change', 'session:' || old.id); return null; end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create function zq_change_user() returns trigger language plpgsql as $$
         begin perform pg_notify('zq_change', 'user:' || old.id); return null; end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create function zq_change_notice() returns trigger language plpgsql as $$
         declare r record;
         begin
           if tg_op = 'DELETE' then r := old; else r := new; end if;
           if r.recipient_user_id is not null then perform pg_notify('zq_change', 'inbox:u:' || r.recipient_user_id); end if;
           if r.recipient_org_id is not null then perform pg_notify('zq_change', 'inbox:o:' || r.recipient_org_id); end if;
           return null;
         end $$`,
      )
      .execute(db);
    for (const [table, topic] of AREAS)
      await sql
        .raw(
          `create trigger zq_change_${table} after insert or update or delete or truncate on ${table}
           for each statement execute function zq_change_area('${topic}')`,
        )
        .execute(db);
    await sql
      .raw(
        `create trigger zq_change_user_session after delete on user_session
         for each row execute function zq_change_session()`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger zq_change_app_user after update or delete on app_user
         for each row execute function zq_change_user()`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger zq_change_notice after insert or update or delete on notice
         for each row execute function zq_change_notice()`,
      )
      .execute(db);
    return;
  }
  for (const [table, topic] of AREAS)
    for (const op of OPS)
      await sql
        .raw(
          `create trigger zq_change_${table}_${op} after ${op} on ${table} begin select zq_notify('${topic}'); end`,
        )
        .execute(db);
  await sql
    .raw(
      `create trigger zq_change_user_session_delete after delete on user_session
       begin select zq_notify('session:' || old.id); end`,
    )
    .execute(db);
  for (const op of ['update', 'delete'])
    await sql
      .raw(
        `create trigger zq_change_app_user_${op} after ${op} on app_user
         begin select zq_notify('user:' || old.id); end`,
      )
      .execute(db);
  for (const [op, row] of [
    ['insert', 'new'],
    ['update', 'new'],
    ['delete', 'old'],
  ] as const)
    await sql
      .raw(
        `create trigger zq_change_notice_${op} after ${op} on notice begin
           select zq_notify('inbox:u:' || ${row}.recipient_user_id) where ${row}.recipient_user_id is not null;
           select zq_notify('inbox:o:' || ${row}.recipient_org_id) where ${row}.recipient_org_id is not null;
         end`,
      )
      .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    for (const [table] of AREAS)
      await sql.raw(`drop trigger if exists zq_change_${table} on ${table}`).execute(db);
    await sql`drop trigger if exists zq_change_user_session on user_session`.execute(db);
    await sql`drop trigger if exists zq_change_app_user on app_user`.execute(db);
    await sql`drop trigger if exists zq_change_notice on notice`.execute(db);
    for (const f of ['area', 'session', 'user', 'notice'])
      await sql.raw(`drop function if exists zq_change_${f}()`).execute(db);
    return;
  }
  const names = await sql<{
    name: string;
  }>`select name from sqlite_master where type = 'trigger' and name like 'zq_change_%'`.execute(db);
  for (const { name } of names.rows) await sql.raw(`drop trigger ${name}`).execute(db);
}

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;
