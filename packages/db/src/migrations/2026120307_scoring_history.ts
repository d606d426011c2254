import { type Kysely, sql } from 'kysely';

/**
 * A past year's official results imported from xlsx (issue #14, item 7).
 *
 * `scoring_result_version.source`: 'computed' (written by recomputeScoring from approved reports)
 * or 'imported' (the official results of a year before the platform, typed in by the office).
 * An imported year has a published scheme with its aspects only and its results under an
 * 'imported' version; recomputeScoring refuses it (there are no reports to compute from), and
 * the next year's key adjustment reads its bottom two like any other year's.
 *
 * Frozen once landed; a change is a new migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table scoring_result_version add column source text not null default 'computed'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table scoring_result_version drop column source`.execute(db);
}
