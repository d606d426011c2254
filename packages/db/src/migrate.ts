import type { Kysely } from 'kysely';
import { type Migration, type MigrationResult, Migrator } from 'kysely/migration';
import * as foundation from './migrations/2026112801_foundation.ts';
import * as scoring from './migrations/2026112802_scoring.ts';
import * as stars from './migrations/2026112803_stars.ts';
import * as talent from './migrations/2026112804_talent.ts';
import * as cadres from './migrations/2026112805_cadres.ts';
import * as jobs from './migrations/2026112806_jobs.ts';
import * as security from './migrations/2026112807_security.ts';
import * as inbox from './migrations/2026112808_inbox.ts';
import * as starResultKey from './migrations/2026112809_star_result_key.ts';
import * as scoringResultDerived from './migrations/2026112810_scoring_result_derived.ts';
import * as scoringReportPenalties from './migrations/2026112811_scoring_report_penalties.ts';
import * as auditKeyed from './migrations/2026120301_audit_keyed.ts';
import * as authHardening from './migrations/2026120302_auth_hardening.ts';
import * as activation from './migrations/2026120303_activation.ts';
import * as roster from './migrations/2026120304_roster.ts';
import * as households from './migrations/2026120305_households.ts';
import * as orgHistory from './migrations/2026120306_org_history.ts';
import * as scoringHistory from './migrations/2026120307_scoring_history.ts';
import * as cadreVotes from './migrations/2026120401_cadre_votes.ts';
import * as talentDuties from './migrations/2026120402_talent_duties.ts';
import * as accountsTour from './migrations/2026120404_accounts_tour.ts';
import * as redsail from './migrations/2026120501_redsail.ts';
import * as notify from './migrations/2026120502_notify.ts';
import * as changeFeed from './migrations/2026120503_change_feed.ts';
import * as exportFiles from './migrations/2026120504_exports.ts';

/**
 * Every migration, by timestamped name. Listed statically (not read from disk) so the
 * same set runs from source, from tests and from a bundled server.
 */
export const migrations: Record<string, Migration> = {
  '2026112801_foundation': foundation,
  '2026112802_scoring': scoring,
  '2026112803_stars': stars,
  '2026112804_talent': talent,
  '2026112805_cadres': cadres,
  '2026112806_jobs': jobs,
  '2026112807_security': security,
  '2026112808_inbox': inbox,
  '2026112809_star_result_key': starResultKey,
  '2026112810_scoring_result_derived': scoringResultDerived,
  '2026112811_scoring_report_penalties': scoringReportPenalties,
  '2026120301_audit_keyed': auditKeyed,
  '2026120302_auth_hardening': authHardening,
  '2026120303_activation': activation,
  '2026120304_roster': roster,
  '2026120305_households': households,
  '2026120306_org_history': orgHistory,
  '2026120307_scoring_history': scoringHistory,
  '2026120401_cadre_votes': cadreVotes,
  '2026120402_talent_duties': talentDuties,
  '2026120404_accounts_tour': accountsTour,
  '2026120502_notify': notify,
  '2026120503_change_feed': changeFeed,
  '2026120501_redsail': redsail,
  '2026120504_exports': exportFiles,
};

/** Brings the schema to the latest migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResult[]> {
  // Unordered: migrations of work done in parallel are named when the work starts, so one may
  // land after a later-named one was already applied (each adds its own tables or columns).
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    allowUnorderedMigrations: true,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error');
    throw new Error(
      `migration ${failed?.migrationName ?? '?'} failed: ${String((error as Error).message ?? error)}`,
      {
        cause: error,
      },
    );
  }
  return results;
}
