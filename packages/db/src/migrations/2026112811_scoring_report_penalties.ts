import { type Kysely, sql } from 'kysely';

/**
 * The year's penalties in one small index: only deduction reports lose points and only veto
 * reports veto (packages/scoring/src/rules.ts), one report in ten in the district's scheme. A
 * recomputation reads lost points and vetoes from this index (covering on SQLite) instead of
 * carrying two more aggregates through the scan of every report.
 * Frozen once landed; a change is a new migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index scoring_report_penalty on scoring_report(year, status, kind, subject_id, lost, veto)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index scoring_report_penalty`.execute(db);
}
