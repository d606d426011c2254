import type { Kysely } from 'kysely';
import { type Migration, type MigrationResult, Migrator } from 'kysely/migration';
import * as foundation from './migrations/2026112801_foundation.ts';

/**
 * Every migration, by timestamped name. Listed statically (not read from disk) so the
 * same set runs from source, from tests and from a bundled server.
 */
export const migrations: Record<string, Migration> = {
  '2026112801_foundation': foundation,
};

/** Brings the schema to the latest migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResult[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
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
