import { createTestDb, DIALECTS, type TestDb } from '@zhanqian/db/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJob, type JobDefinition } from '../src/definition.ts';
import { jobDefinitions } from '../src/jobs/index.ts';
import { type PgWorker, pgQueuedCounts, startPgWorker } from '../src/pg.ts';
import { burst, burstSum, readTally, silent, sleep } from '../src/testing.ts';

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.runIf(DIALECTS.includes('postgres'))('pg-boss worker (in-process)', () => {
  let t: TestDb;
  const workers: PgWorker[] = [];
  beforeEach(async () => {
    t = await createTestDb('postgres');
  });
  afterEach(async () => {
    for (const w of workers.splice(0)) await w.stop(2000);
    await t.destroy();
  });

  it('relays committed outbox changes through pg-boss; bursts coalesce; every change counts once', async () => {
    await burst(t.db, 'a', 25, 6);
    const w = await startPgWorker(t.url, silent, { pollingIntervalSeconds: 0.5, relayIntervalMs: 100 });
    workers.push(w);
    await burst(t.db, 'a', 10, 6, {});
    await until(
      async () =>
        (await t.db.selectFrom('job_outbox').select('id').where('consumed_at', 'is', null).execute())
          .length === 0,
      20_000,
      'outbox consumed',
    );
    const tally = await readTally(t.db, 'a');
    expect(tally.rows).toBe(6);
    // 1..25 then 1..10 again
    expect(tally.sum).toBe(burstSum(25) + burstSum(10));
    const runs = await t.db
      .selectFrom('job_run')
      .select(['status', 'changes'])
      .where('status', '=', 'completed')
      .execute();
    expect(runs.reduce((s, r) => s + Number(r.changes), 0)).toBe(35);
    expect(runs.length).toBeLessThan(35);
    expect(await pgQueuedCounts(t.db)).toBeTypeOf('object');
  });

  it('runs cron schedules through pg-boss, keyed when they fire', async () => {
    const seen: number[] = [];
    const cron = defineJob({
      name: 'test.cron-pg',
      description: 'every minute',
      payload: z.object({
        year: z
          .number()
          .int()
          .default(() => 2026),
      }),
      cron: '* * * * *',
      singletonKey: (p) => `year:${p.year}`,
      handler: async (_db, p) => {
        seen.push(p.year);
      },
    });
    const w = await startPgWorker(t.url, silent, {
      definitions: [cron as unknown as JobDefinition],
      cronIntervalSeconds: 1,
      pollingIntervalSeconds: 0.5,
    });
    workers.push(w);
    // pg-boss fires a '* * * * *' schedule at the next minute boundary (≤ 60 s away), or at once if it just passed.
    await until(async () => seen.length > 0, 75_000, 'the cron run');
    const runs = await t.db.selectFrom('job_run').select(['source', 'singleton_key', 'status']).execute();
    expect(runs[0]).toEqual({ source: 'cron', singleton_key: 'year:2026', status: 'completed' });
  }, 90_000);

  it('creates a dead-letter queue per job and leaves a job that keeps failing there', async () => {
    const bad = defineJob({
      name: 'test.always-fails',
      description: 'fails',
      payload: z.object({}),
      retryLimit: 1,
      handler: async () => {
        throw new Error('never works');
      },
    });
    const w = await startPgWorker(t.url, silent, {
      definitions: [bad as unknown as JobDefinition],
      pollingIntervalSeconds: 0.5,
      retryDelaySeconds: 0,
    });
    workers.push(w);
    await w.enqueue('test.always-fails', {});
    await until(
      async () => (await w.boss.findJobs('test.always-fails.dead')).length > 0,
      20_000,
      'the dead letter',
    );
    const runs = await t.db.selectFrom('job_run').select(['status', 'attempt']).orderBy('id').execute();
    expect(runs.map((r) => [r.status, r.attempt])).toEqual([
      ['failed', 1],
      ['failed', 2],
    ]);
  }, 30_000);

  it('counts what waits in pg-boss for jobs.overview, and relays past rows of unknown jobs', async () => {
    const w = await startPgWorker(t.url, silent, {
      pollingIntervalSeconds: 0.5,
      relayIntervalMs: 100,
      schedule: false,
    });
    workers.push(w);
    await w.boss.sendAfter(
      'worker.tally',
      { payload: { scope: 'later' }, source: 'direct' },
      { singletonKey: 'scope:later' },
      3600,
    );
    expect(await pgQueuedCounts(t.db)).toMatchObject({ 'worker.tally': 1 });
    // A row for a job this worker does not know (say, from a newer release) must not block the others.
    await t.db
      .insertInto('job_outbox')
      .values({
        job_name: 'gone.job',
        coalesce_key: 'all',
        payload_json: '{}',
        requested_by: 'x',
        created_at: new Date().toISOString(),
      })
      .execute();
    await burst(t.db, 'after', 2, 2);
    await until(
      async () =>
        (await t.db.selectFrom('job_outbox').select('id').where('consumed_at', 'is', null).execute())
          .length === 1,
      20_000,
      'the known changes consumed',
    );
    expect(await readTally(t.db, 'after')).toMatchObject({ rows: 2, sum: burstSum(2) });
  });

  it('knows every registered job', () => {
    expect(jobDefinitions.map((d) => d.name)).toContain('worker.tally');
  });
});
