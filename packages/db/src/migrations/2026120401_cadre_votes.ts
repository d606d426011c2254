import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * 公推直选 votes (issue #21, item 4): a round of the direct election of a campaign, its roll
 * of electors, and its ballots, kept apart so that nothing links a ballot to its voter.
 *
 * - `cadre_vote`: one round (open, then counted), its seats, the candidates on its ballot,
 *   the electorate fixed when it opened, an optional quorum, and the count once closed.
 *   At most one open round per campaign (partial unique index, both engines).
 * - `cadre_vote_roll`: who may vote in a round and whether they have (0/1). Primary key
 *   (vote_id, member_id): a member is on a roll once, and a vote is cast by a conditional
 *   update 0 → 1, so each elector is counted once. No time of voting is kept.
 * - `cadre_ballot`: what was chosen, with no voter, no time and no sequence: a random id
 *   (UUID) as the key. On SQLite the table is WITHOUT ROWID, so rows are stored in key order,
 *   not in the order they were cast; on PostgreSQL the count rewrites the round's ballots in
 *   key order (see closeVote) so their physical order does not follow the roll either.
 *
 * Frozen once landed; a change is a new migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = sql.raw(pg ? 'id serial primary key' : 'id integer primary key autoincrement');
  const withoutRowid = sql.raw(pg ? '' : ' without rowid');

  await sql`create table cadre_vote (
    ${id},
    campaign_id integer not null references cadre_campaign(id),
    round integer not null,
    status text not null,
    seats integer not null,
    candidates_json text not null,
    electorate integer not null,
    quorum_pct integer,
    opened_on text not null,
    opened_at text not null,
    opened_by integer references app_user(id),
    closed_at text,
    closed_by integer references app_user(id),
    result_json text,
    unique (campaign_id, round)
  )`.execute(db);
  await sql`create unique index cadre_vote_one_open on cadre_vote(campaign_id) where status = 'open'`.execute(
    db,
  );

  await sql`create table cadre_vote_roll (
    vote_id integer not null references cadre_vote(id),
    member_id integer not null references member(id),
    voted integer not null default 0,
    primary key (vote_id, member_id)
  )${withoutRowid}`.execute(db);
  await sql`create index cadre_vote_roll_member on cadre_vote_roll(member_id)`.execute(db);

  await sql`create table cadre_ballot (
    vote_id integer not null references cadre_vote(id),
    id text not null,
    choices text not null,
    primary key (vote_id, id)
  )${withoutRowid}`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('cadre_ballot').execute();
  await db.schema.dropTable('cadre_vote_roll').execute();
  await db.schema.dropTable('cadre_vote').execute();
}
