// Test helpers for the jobs package and the worker process's cluster test (`@zhanqian/jobs/testing`).
import type { Database, Kysely } from '@zhanqian/db';
import { sql } from '@zhanqian/db';
import pino from 'pino';
import { enqueueInTx } from './outbox.ts';

export const silent = pino({ level: 'silent' });

/** Commits `n` tally changes (unit i % units, delta i + 1), each in its own business transaction. */
export async function burst(
  db: Kysely<Database>,
  scope: string,
  n: number,
  units: number,
  extra: object = {},
) {
  for (let i = 0; i < n; i++) {
    await db.transaction().execute(async (trx) => {
      await enqueueInTx(
        trx,
        'worker.tally',
        { scope, units, unit: i % units, delta: i + 1, ...extra },
        `scope:${scope}`,
      );
    });
  }
}

/** Per-unit totals of the version readers use, and that version's row count. */
export async function readTally(db: Kysely<Database>, scope: string) {
  const v = await db
    .selectFrom('snapshot_version')
    .select(sql<number | null>`max(version)`.as('v'))
    .where('domain', '=', 'tally')
    .where('scope', '=', scope)
    .where('status', '=', 'complete')
    .executeTakeFirst();
  if (v?.v == null) return { version: null, rows: 0, sum: 0 };
  const rows = await db
    .selectFrom('job_tally')
    .select(['unit', 'total'])
    .where('scope', '=', scope)
    .where('version', '=', Number(v.v))
    .execute();
  return { version: Number(v.v), rows: rows.length, sum: rows.reduce((s, r) => s + Number(r.total), 0) };
}

/** The expected sum of `burst(…, n, …)`. */
export const burstSum = (n: number) => (n * (n + 1)) / 2;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
