import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * The audit chain keyed and anchored (issue #15).
 *
 * - `audit_log.chain_version`: 1 = the record's hash is plain SM3 over its fields (every record
 *   written before this migration), 2 = HMAC-SM3 under `ZQ_AUDIT_KEY`, a key kept outside the
 *   database. A version 2 record is never followed by a version 1 one.
 * - `audit_checkpoint`: the signed head of the chain (row id 1), rewritten in the transaction of
 *   every append: the last record's id and hash, the number of records, and an HMAC-SM3 over
 *   them. Deleting the newest records leaves the head pointing past the end of the chain.
 *
 * Frozen once landed: a change is a new migration. Uses Kysely<any> on purpose.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const big = sql.raw(pg ? 'bigint' : 'integer');
  await sql`alter table audit_log add column chain_version integer not null default 1`.execute(db);
  await sql`create table audit_checkpoint (
    id integer primary key,
    at text not null,
    last_id ${big} not null,
    head_hash text not null,
    record_count ${big} not null,
    signature text not null
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table audit_checkpoint`.execute(db);
  await sql`alter table audit_log drop column chain_version`.execute(db);
}
