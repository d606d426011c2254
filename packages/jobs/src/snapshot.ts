import { nowIso } from '@zhanqian/core';
import { type Database, type Kysely, sql } from '@zhanqian/db';

/**
 * Versioned snapshots of computed results. A recomputation writes its rows under a new
 * version number while readers keep using the highest COMPLETE version; one UPDATE flips the
 * new version to complete, so a reader sees the old result or the new one, never a mix.
 * A run killed half-way leaves a 'building' version that nobody reads; the next run
 * discards it (and the caller deletes its rows).
 */

/**
 * The version readers should use, or null before the first complete one.
 *
 * @example const v = await currentVersion(db, 'stars', '2026'); // then select … where version = v
 */
export async function currentVersion(
  db: Kysely<Database>,
  domain: string,
  scope: string,
): Promise<number | null> {
  const row = await db
    .selectFrom('snapshot_version')
    .select(sql<number | null>`max(version)`.as('v'))
    .where('domain', '=', domain)
    .where('scope', '=', scope)
    .where('status', '=', 'complete')
    .executeTakeFirst();
  return row?.v == null ? null : Number(row.v);
}

/**
 * Starts version n+1 of (domain, scope): earlier 'building' versions (left by a killed run)
 * are marked discarded and returned, so the caller can delete their rows.
 *
 * @example const { version, discarded } = await beginVersion(db, 'stars', '2026', runId);
 */
export async function beginVersion(
  db: Kysely<Database>,
  domain: string,
  scope: string,
  runId: number | null = null,
): Promise<{ version: number; discarded: number[] }> {
  return db.transaction().execute(async (trx) => {
    const stale = await trx
      .selectFrom('snapshot_version')
      .select('version')
      .where('domain', '=', domain)
      .where('scope', '=', scope)
      .where('status', '=', 'building')
      .execute();
    if (stale.length) {
      await trx
        .updateTable('snapshot_version')
        .set({ status: 'discarded' })
        .where('domain', '=', domain)
        .where('scope', '=', scope)
        .where('status', '=', 'building')
        .execute();
    }
    const max = await trx
      .selectFrom('snapshot_version')
      .select(sql<number | null>`max(version)`.as('v'))
      .where('domain', '=', domain)
      .where('scope', '=', scope)
      .executeTakeFirst();
    const version = Number(max?.v ?? 0) + 1;
    // A concurrent begin on the same scope collides on the primary key and fails: one wins.
    await trx
      .insertInto('snapshot_version')
      .values({
        domain,
        scope,
        version,
        status: 'building',
        run_id: runId,
        created_at: nowIso(),
        completed_at: null,
      })
      .execute();
    return { version, discarded: stale.map((s) => Number(s.version)) };
  });
}

/**
 * Switches readers to `version` in one UPDATE. Throws if the version is no longer building
 * (another run discarded it): the caller's transaction then rolls back and the job retries.
 *
 * @example await db.transaction().execute(async (trx) => { await completeVersion(trx, 'stars', '2026', v); await ctx.consume(trx); });
 */
export async function completeVersion(
  trx: Kysely<Database>,
  domain: string,
  scope: string,
  version: number,
): Promise<void> {
  const res = await trx
    .updateTable('snapshot_version')
    .set({ status: 'complete', completed_at: nowIso() })
    .where('domain', '=', domain)
    .where('scope', '=', scope)
    .where('version', '=', version)
    .where('status', '=', 'building')
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) {
    throw new Error(`snapshot ${domain}/${scope} v${version} is no longer building: another run took over`);
  }
}

/**
 * Forgets discarded versions and all complete ones but the newest `keep` (readers that
 * looked up the current version a moment ago still find theirs). `drop` deletes the data
 * rows of the given versions before their bookkeeping rows go.
 *
 * @example await pruneVersions(db, 'tally', scope, 2, (vs) => db.deleteFrom('job_tally').where('version', 'in', vs).execute());
 */
export async function pruneVersions(
  db: Kysely<Database>,
  domain: string,
  scope: string,
  keep: number,
  drop: (versions: number[]) => Promise<unknown>,
): Promise<number[]> {
  const rows = await db
    .selectFrom('snapshot_version')
    .select(['version', 'status'])
    .where('domain', '=', domain)
    .where('scope', '=', scope)
    .orderBy('version', 'desc')
    .execute();
  const complete = rows.filter((r) => r.status === 'complete').map((r) => Number(r.version));
  const keepFrom = complete[keep - 1] ?? 0;
  const gone = rows
    .filter((r) => r.status === 'discarded' || (r.status === 'complete' && Number(r.version) < keepFrom))
    .map((r) => Number(r.version));
  if (!gone.length) return [];
  await drop(gone);
  await db
    .deleteFrom('snapshot_version')
    .where('domain', '=', domain)
    .where('scope', '=', scope)
    .where('version', 'in', gone)
    .execute();
  return gone;
}
