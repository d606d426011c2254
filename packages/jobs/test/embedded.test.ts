import { describeEachDialect } from '@zhanqian/db/testing';
import { afterEach, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJob, type JobDefinition } from '../src/definition.ts';
import { type EmbeddedWorker, startEmbeddedWorker } from '../src/embedded.ts';
import { jobDefinitions } from '../src/jobs/index.ts';
import { enqueueInTx, enqueueJobInTx, pruneJobTables } from '../src/outbox.ts';
import { beginVersion, completeVersion, currentVersion } from '../src/snapshot.ts';
import { burst, burstSum, readTally, silent, sleep } from '../src/testing.ts';

let worker: EmbeddedWorker | undefined;
afterEach(async () => {
  await worker?.stop(2000);
  worker = undefined;
});

describeEachDialect('embedded worker', (t) => {
  it('moves committed outbox changes into one coalesced run per scope; each change counts once', async () => {
    await burst(t.db, 'a', 30, 7);
    await burst(t.db, 'b', 12, 3);
    // A business write that rolls back enqueues nothing.
    await expect(
      t.db.transaction().execute(async (trx) => {
        await enqueueInTx(trx, 'worker.tally', { scope: 'a', units: 7, unit: 0, delta: 1000 }, 'scope:a');
        throw new Error('business rule refused');
      }),
    ).rejects.toThrow('business rule refused');
    worker = await startEmbeddedWorker(t.db, silent, { singleProcess: true, relayIntervalMs: 50 });
    await worker.idle();
    expect(await readTally(t.db, 'a')).toEqual({ version: 1, rows: 7, sum: burstSum(30) });
    expect(await readTally(t.db, 'b')).toEqual({ version: 1, rows: 3, sum: burstSum(12) });
    const runs = await t.db.selectFrom('job_run').selectAll().orderBy('id').execute();
    expect(runs.map((r) => [r.singleton_key, r.status, Number(r.changes)])).toEqual([
      ['scope:a', 'completed', 30],
      ['scope:b', 'completed', 12],
    ]);
    expect(runs.every((r) => r.duration_ms !== null && Number(r.rows) > 0)).toBe(true);
    const pending = await t.db
      .selectFrom('job_outbox')
      .select('id')
      .where('consumed_at', 'is', null)
      .execute();
    expect(pending).toEqual([]);

    // More changes while the worker runs: new versions on top of the last (one or more runs,
    // depending on where the relay passes), each change counted once.
    await burst(t.db, 'a', 5, 7);
    await worker.idle();
    const later = await readTally(t.db, 'a');
    expect(later).toEqual({ version: expect.any(Number), rows: 7, sum: burstSum(30) + burstSum(5) });
    expect(later.version).toBeGreaterThanOrEqual(2);
  });

  it('retries a failing run with backoff; half-written versions are discarded, never read', async () => {
    let calls = 0;
    const flaky = defineJob({
      name: 'test.flaky',
      description: 'fails half-way through its first two attempts',
      payload: z.object({ n: z.number().int().default(1) }),
      handler: async (db, p, ctx) => {
        calls++;
        const { version } = await beginVersion(db, 'flaky', 'all', ctx.runId);
        await db.insertInto('job_tally').values({ scope: 'flaky', version, unit: 0, total: p.n }).execute();
        if (calls <= 2) throw new Error(`boom ${calls}`);
        await db.insertInto('job_tally').values({ scope: 'flaky', version, unit: 1, total: p.n }).execute();
        await completeVersion(db, 'flaky', 'all', version);
        return { rows: 2 };
      },
    });
    worker = await startEmbeddedWorker(t.db, silent, {
      singleProcess: true,
      definitions: [flaky as unknown as JobDefinition],
      retryDelayMs: 20,
    });
    await worker.enqueue('test.flaky', { n: 4 });
    await worker.idle();
    expect(calls).toBe(3);
    expect(await currentVersion(t.db, 'flaky', 'all')).toBe(3);
    const runs = await t.db
      .selectFrom('job_run')
      .select(['status', 'attempt', 'error'])
      .orderBy('id')
      .execute();
    expect(runs.map((r) => [r.status, r.attempt])).toEqual([
      ['failed', 1],
      ['failed', 2],
      ['completed', 3],
    ]);
    expect(runs[0]!.error).toContain('boom 1');
    const versions = await t.db
      .selectFrom('snapshot_version')
      .select(['version', 'status'])
      .orderBy('version')
      .execute();
    expect(versions.map((v) => v.status)).toEqual(['discarded', 'discarded', 'complete']);
  });

  it('one waiting run per scope: an enqueue while one waits coalesces into it', async () => {
    let running = 0;
    let maxRunning = 0;
    const slow = defineJob({
      name: 'test.slow',
      description: 'sleeps',
      payload: z.object({ scope: z.string() }),
      singletonKey: (p) => p.scope,
      handler: async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await sleep(300);
        running--;
      },
    });
    worker = await startEmbeddedWorker(t.db, silent, {
      singleProcess: true,
      definitions: [slow as unknown as JobDefinition],
    });
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await worker.enqueue('test.slow', { scope: 'x' }));
    results.push(await worker.enqueue('test.slow', { scope: 'y' }));
    await worker.idle();
    // The first starts at once; the second waits; the next three coalesce into the waiting one.
    expect(results.map((r) => r.queued)).toEqual([true, true, false, false, false, true]);
    expect(maxRunning).toBe(1);
    const runs = await t.db.selectFrom('job_run').select(['singleton_key', 'status']).execute();
    expect(runs.filter((r) => r.status === 'completed')).toHaveLength(3);
  });

  it('queues again, on start, the changes a dead process had taken but not finished', async () => {
    await burst(t.db, 'c', 6, 2);
    // As if the previous process had relayed them and died mid-run.
    await t.db.updateTable('job_outbox').set({ relayed_at: '2026-01-01T00:00:00.000Z' }).execute();
    await t.db
      .insertInto('job_run')
      .values({
        job_name: 'worker.tally',
        singleton_key: 'scope:c',
        source: 'outbox',
        status: 'running',
        attempt: 1,
        queue_job_id: 'x',
        worker: 'dead:1',
        payload_json: '{}',
        queued_at: null,
        started_at: '2026-01-01T00:00:00.000Z',
        heartbeat_at: null,
        finished_at: null,
        duration_ms: null,
        rows: null,
        changes: null,
        error: null,
      })
      .execute();
    worker = await startEmbeddedWorker(t.db, silent, { singleProcess: true });
    await worker.idle();
    expect(await readTally(t.db, 'c')).toEqual({ version: 1, rows: 2, sum: burstSum(6) });
    const statuses = await t.db.selectFrom('job_run').select(['status', 'error']).orderBy('id').execute();
    expect(statuses[0]).toEqual({ status: 'failed', error: 'abandoned: the process stopped' });
    expect(statuses[1]!.status).toBe('completed');
  });

  it('moves past outbox rows of a job it does not know (they stay pending, never block)', async () => {
    await t.db
      .insertInto('job_outbox')
      .values({
        job_name: 'gone.job',
        coalesce_key: 'all',
        payload_json: '{}',
        requested_by: 'x',
        created_at: 'x',
      })
      .execute();
    await burst(t.db, 'k', 2, 2);
    worker = await startEmbeddedWorker(t.db, silent, { singleProcess: true, relayIntervalMs: 50 });
    await worker.idle();
    await t.db
      .insertInto('job_outbox')
      .values({
        job_name: 'gone.job',
        coalesce_key: 'all',
        payload_json: '{}',
        requested_by: 'x',
        created_at: 'x',
      })
      .execute();
    await worker.idle();
    expect(await readTally(t.db, 'k')).toMatchObject({ rows: 2, sum: burstSum(2) });
    const pending = await t.db
      .selectFrom('job_outbox')
      .select('job_name')
      .where('consumed_at', 'is', null)
      .execute();
    expect(pending).toEqual([{ job_name: 'gone.job' }, { job_name: 'gone.job' }]);
  });

  it('refuses unknown jobs, bad payloads and a coalesce key that is not the job key, writing nothing', async () => {
    await expect(
      t.db.transaction().execute((trx) => enqueueInTx(trx, 'nope', {}, 'all')),
    ).rejects.toMatchObject({ kind: 'NOT_FOUND' });
    await expect(
      t.db.transaction().execute((trx) => enqueueInTx(trx, 'worker.tally', { scope: '' }, 'scope:')),
    ).rejects.toMatchObject({ kind: 'BAD_INPUT' });
    await expect(
      t.db.transaction().execute((trx) => enqueueInTx(trx, 'worker.tally', { scope: 'a' }, 'scope:b')),
    ).rejects.toThrow(/differs/);
    const tally = jobDefinitions.find((d) => d.name === 'worker.tally')!;
    const r = await t.db
      .transaction()
      .execute((trx) => enqueueJobInTx(trx, tally, { scope: 'q' }, 'someone'));
    expect(r.singletonKey).toBe('scope:q');
    const rows = await t.db
      .selectFrom('job_outbox')
      .select(['job_name', 'coalesce_key', 'requested_by'])
      .execute();
    expect(rows).toEqual([{ job_name: 'worker.tally', coalesce_key: 'scope:q', requested_by: 'someone' }]);
  });

  it('fires cron schedules in Asia/Shanghai', async () => {
    let fired = 0;
    const every = defineJob({
      name: 'test.cron',
      description: 'every second',
      payload: z.object({}),
      cron: '* * * * * *',
      handler: async () => {
        fired++;
      },
    });
    worker = await startEmbeddedWorker(t.db, silent, {
      singleProcess: true,
      definitions: [every as unknown as JobDefinition],
    });
    await sleep(2300);
    await worker.stop();
    worker = undefined;
    expect(fired).toBeGreaterThanOrEqual(1);
    const runs = await t.db.selectFrom('job_run').select(['source', 'status']).execute();
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs.every((r) => r.source === 'cron')).toBe(true);
  });
});

describeEachDialect('embedded worker guard', (t) => {
  it('is refused on PostgreSQL unless the caller is the only process', async () => {
    if (t.dialect === 'postgres') {
      await expect(startEmbeddedWorker(t.db, silent)).rejects.toThrow(/pg-boss worker/);
    } else {
      const w = await startEmbeddedWorker(t.db, silent, { cron: false });
      await w.stop();
    }
  });
});

describeEachDialect('job tables housekeeping', (t) => {
  it('deletes only consumed outbox rows and finished runs older than their retention', async () => {
    await burst(t.db, 'p', 3, 2);
    const ids = (await t.db.selectFrom('job_outbox').select('id').orderBy('id').execute()).map((r) => r.id);
    await t.db
      .updateTable('job_outbox')
      .set({ consumed_at: '2026-01-01T00:00:00.000Z' })
      .where('id', '=', ids[0]!)
      .execute();
    await t.db
      .updateTable('job_outbox')
      .set({ consumed_at: '2026-11-27T00:00:00.000Z' })
      .where('id', '=', ids[1]!)
      .execute();
    const run = (status: 'completed' | 'running', finished: string | null) =>
      t.db
        .insertInto('job_run')
        .values({
          job_name: 'worker.tally',
          singleton_key: 'scope:p',
          source: 'cron',
          status,
          attempt: 1,
          queue_job_id: null,
          worker: null,
          payload_json: '{}',
          queued_at: null,
          started_at: '2026-01-01T00:00:00.000Z',
          heartbeat_at: null,
          finished_at: finished,
          duration_ms: null,
          rows: null,
          changes: null,
          error: null,
        })
        .execute();
    await run('completed', '2026-01-01T00:00:00.000Z');
    await run('completed', '2026-11-27T00:00:00.000Z');
    await run('running', null);
    const res = await pruneJobTables(t.db, { now: new Date('2026-11-28T00:00:00.000Z') });
    expect(res).toEqual({ outbox: 1, runs: 1 });
    expect(await t.db.selectFrom('job_outbox').select('id').execute()).toHaveLength(2);
    expect(await t.db.selectFrom('job_run').select('id').execute()).toHaveLength(2);
  });
});
