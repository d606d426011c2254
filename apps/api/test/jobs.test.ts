import { TRPCError } from '@trpc/server';
import { createLogger } from '@zhanqian/api-router';
import { describeEachDialect, tableCounts } from '@zhanqian/db/testing';
import { startEmbeddedWorker } from '@zhanqian/jobs';
import { expect, it } from 'vitest';
import { buildFixture, callerAs } from './fixture.ts';

async function code(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'ok';
  } catch (e) {
    if (e instanceof TRPCError) return e.code;
    throw e;
  }
}

const READERS = ['district_admin', 'sys_admin', 'kaohe'];
const RUNNERS = ['district_admin', 'sys_admin'];
const ACCOUNTS = [
  null,
  'district_admin',
  'kaohe',
  'ganbu',
  'rencai',
  'street1',
  'unit_reporter',
  'branch_secretary',
  'member',
  'sys_admin',
  'sec_admin',
  'audit_admin',
];

describeEachDialect('jobs router', (t) => {
  it('jobs.run goes through the outbox and the audit log; the worker runs it; overview, runs and series show it', async () => {
    await buildFixture(t.db);
    const admin = await callerAs(t.db, 'district_admin');
    const before = await admin.jobs.overview();
    const tally = before.items.find((i) => i.name === 'worker.tally')!;
    expect(tally).toMatchObject({ queued: 0, running: 0, failed24h: 0, pendingChanges: 0, lastRun: null });
    expect(before.totals).toEqual({ queued: 0, running: 0, failed24h: 0, pendingChanges: 0 });

    const res = await admin.jobs.run({
      name: 'worker.tally',
      payload: { scope: 'smoke', units: 4, unit: 1, delta: 7 },
    });
    expect(res).toMatchObject({ name: 'worker.tally', singletonKey: 'scope:smoke' });
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'jobs.run').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: 'district_admin',
      object_type: 'job',
      object_id: 'worker.tally',
      result: 'ok',
    });
    expect((await admin.jobs.overview()).items.find((i) => i.name === 'worker.tally')!.pendingChanges).toBe(
      1,
    );

    // The API's own logger type, as `zq start` will pass it.
    const worker = await startEmbeddedWorker(t.db, createLogger('silent'), {
      singleProcess: true,
      relayIntervalMs: 50,
      cron: false,
    });
    try {
      await worker.idle();
    } finally {
      await worker.stop();
    }
    const after = (await admin.jobs.overview()).items.find((i) => i.name === 'worker.tally')!;
    expect(after.pendingChanges).toBe(0);
    expect(after.lastRun).toMatchObject({
      status: 'completed',
      singletonKey: 'scope:smoke',
      rows: 4,
      changes: 1,
    });
    expect(after.lastRun!.durationMs).toBeGreaterThanOrEqual(0);
    expect(after.lastCompletedAt).not.toBeNull();

    const runs = await admin.jobs.runs({ name: 'worker.tally' });
    expect(runs.total).toBe(1);
    expect(runs.items[0]).toMatchObject({ name: 'worker.tally', status: 'completed' });
    expect((await admin.jobs.runs({ status: 'failed' })).total).toBe(0);
    const series = await admin.jobs.series({ name: 'worker.tally' });
    expect(series).toEqual([
      { at: expect.any(String), durationMs: expect.any(Number), rows: 4, status: 'completed' },
    ]);
    const defs = await admin.jobs.definitions();
    expect(defs.map((d) => d.name)).toContain('worker.tally');
  });

  it('only the permitted roles read or run jobs; refusals change nothing', async () => {
    await buildFixture(t.db);
    const startCounts = await tableCounts(t.db);
    for (const who of ACCOUNTS) {
      const c = await callerAs(t.db, who);
      const read = await code(() => c.jobs.overview());
      const runs = await code(() => c.jobs.runs({}));
      const run = await code(() => c.jobs.run({ name: 'worker.tally', payload: { scope: 'x' } }));
      const denied = who === null ? 'UNAUTHORIZED' : 'FORBIDDEN';
      expect([who, read, runs], 'read').toEqual([
        who,
        ...(READERS.includes(who ?? '') ? ['ok', 'ok'] : [denied, denied]),
      ]);
      expect([who, run], 'run').toEqual([who, RUNNERS.includes(who ?? '') ? 'ok' : denied]);
    }
    const outbox = await t.db.selectFrom('job_outbox').select('requested_by').orderBy('id').execute();
    expect(outbox.map((o) => o.requested_by)).toEqual(RUNNERS);
    const endCounts = await tableCounts(t.db);
    // Only audit rows were added: the two runs and the refusals (等保: denied attempts are audited).
    expect({ ...endCounts, audit_log: 0 }).toEqual({ ...startCounts, audit_log: 0 });
  });

  it('refuses an unknown job and a bad payload, localized, writing nothing', async () => {
    await buildFixture(t.db);
    const admin = await callerAs(t.db, 'district_admin');
    const adminEn = await callerAs(t.db, 'district_admin', 'en');
    const counts = await tableCounts(t.db);
    await expect(admin.jobs.run({ name: 'no.such-job', payload: {} })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: '没有名为“no.such-job”的后台任务',
    });
    await expect(adminEn.jobs.run({ name: 'worker.tally', payload: { scope: '' } })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('Invalid parameters for background job “worker.tally”: scope'),
    });
    await expect(admin.jobs.run({ name: 'worker.tally', payload: { units: -1 } })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(admin.jobs.runs({ name: 'no.such-job' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(admin.jobs.runs({ pageSize: 1000 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await tableCounts(t.db)).toEqual(counts);
    expect(await t.db.selectFrom('job_outbox').selectAll().execute()).toEqual([]);
  });
});
