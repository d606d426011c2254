import { type ChildProcess, spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createTestDb, DIALECTS, type TestDb } from '@zhanqian/db/testing';
import { burst, burstSum, readTally, sleep } from '@zhanqian/jobs/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

/** A worker process: `node apps/worker/src/main.ts`, as infra/ runs it. */
function startWorker(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      LOG_LEVEL: 'info',
      ZQ_WORKER_CONCURRENCY: '2',
      ZQ_WORKER_SUPERVISE_SECONDS: '1',
      ZQ_WORKER_POLL_SECONDS: '0.5',
      ZQ_WORKER_RETRY_DELAY_SECONDS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d) => {
    err += d;
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d;
      if (out.includes('"worker.ready"')) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`worker exited (${code}) before ready: ${err}${out}`)));
  });
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((r) => child.once('exit', () => r()));

describe.runIf(DIALECTS.includes('postgres'))('many worker processes on one PostgreSQL', () => {
  let t: TestDb;
  const children: ChildProcess[] = [];
  beforeEach(async () => {
    t = await createTestDb('postgres');
  });
  afterEach(async () => {
    for (const c of children.splice(0)) {
      c.kill('SIGKILL');
      await exited(c);
    }
    await t.destroy();
  });

  it('two workers, bursts of changes, one SIGKILLed mid-job: every change counted once, no overlapping singleton runs, no partial snapshot read', async () => {
    const scopes = ['s1', 's2', 's3'];
    const units = 12;
    const slow = { slowMs: 120, batch: 2 }; // 6 batches: ≈ 0.7 s per run
    const [w1, w2] = await Promise.all([startWorker(t.url), startWorker(t.url)]);
    children.push(w1!, w2!);

    // Readers poll all along: a version they see must be whole (every unit present).
    let reading = true;
    const seen: { scope: string; version: number; rows: number; sum: number }[] = [];
    const reader = (async () => {
      while (reading) {
        for (const scope of scopes) {
          const r = await readTally(t.db, scope);
          if (r.version !== null) seen.push({ scope, version: r.version, rows: r.rows, sum: r.sum });
        }
        await sleep(20);
      }
    })();

    let sent = 0;
    const round = async (n: number) => {
      await Promise.all(scopes.map((scope) => burst(t.db, scope, n, units, slow)));
      sent += n;
    };
    await round(15);
    // Kill the worker that holds a run which has written part of its new version.
    let victim: ChildProcess | undefined;
    const deadline = Date.now() + 20_000;
    while (!victim && Date.now() < deadline) {
      const running = await t.db
        .selectFrom('job_run')
        .select(['worker', 'rows'])
        .where('status', '=', 'running')
        .where('rows', '>=', 2)
        .execute();
      for (const r of running) {
        victim = [w1!, w2!].find((c) => r.worker === `${hostname()}:${c.pid}`);
        if (victim) break;
      }
      if (!victim) await sleep(20);
    }
    expect(victim, 'a worker caught mid-job').toBeDefined();
    victim!.kill('SIGKILL');
    await exited(victim!);
    const killedPid = victim!.pid;
    await round(10);
    await sleep(300);
    await round(5);

    // The survivor finishes everything, including the dead worker's job (after its heartbeat lapses).
    const end = Date.now() + 90_000;
    for (;;) {
      const pending = await t.db
        .selectFrom('job_outbox')
        .select('id')
        .where('consumed_at', 'is', null)
        .execute();
      const active = await t.db
        .selectFrom('job_run')
        .select('id')
        .where('status', '=', 'running')
        .where('worker', '!=', `${hostname()}:${killedPid}`)
        .execute();
      if (!pending.length && !active.length) break;
      if (Date.now() > end) throw new Error(`not done: ${pending.length} changes pending`);
      await sleep(200);
    }
    reading = false;
    await reader;

    // 1. Every change reflected exactly once: totals equal the deltas sent, per scope.
    const expected = burstSum(15) + burstSum(10) + burstSum(5);
    for (const scope of scopes) {
      expect(await readTally(t.db, scope)).toMatchObject({ rows: units, sum: expected });
    }
    // …and each change was consumed by exactly one completed run.
    const consumed = await t.db
      .selectFrom('job_outbox')
      .innerJoin('job_run', 'job_run.id', 'job_outbox.consumed_by_run')
      .select(['job_run.status'])
      .execute();
    expect(consumed).toHaveLength(sent * scopes.length);
    expect(consumed.every((c) => c.status === 'completed')).toBe(true);

    // 2. No two runs of one scope overlapped (a killed run ends at its last heartbeat).
    const runs = await t.db
      .selectFrom('job_run')
      .selectAll()
      .where('status', '!=', 'queued')
      .orderBy('started_at')
      .execute();
    if (process.env.ZQ_DEBUG_CLUSTER)
      console.table(
        runs.map((r) => [
          r.id,
          r.singleton_key,
          r.status,
          r.attempt,
          r.worker,
          r.started_at,
          r.finished_at ?? r.heartbeat_at,
          r.changes,
          r.error,
        ]),
      );
    const killedRuns = runs.filter(
      (r) => r.worker === `${hostname()}:${killedPid}` && r.status !== 'completed' && r.status !== 'skipped',
    );
    expect(killedRuns.length).toBeGreaterThanOrEqual(1);
    for (const scope of scopes) {
      const mine = runs.filter((r) => r.singleton_key === `scope:${scope}`);
      for (let i = 1; i < mine.length; i++) {
        const prev = mine[i - 1]!;
        const prevEnd = prev.finished_at ?? prev.heartbeat_at!;
        expect(
          mine[i]!.started_at! >= prevEnd,
          `${scope}: run ${mine[i]!.id} began before run ${prev.id} ended`,
        ).toBe(true);
      }
    }
    // Both workers took jobs from the shared queues.
    expect(new Set(runs.map((r) => r.worker)).size).toBe(2);

    // 3. Readers never saw a partial snapshot, and totals only grew.
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.every((s) => s.rows === units)).toBe(true);
    for (const scope of scopes) {
      const mine = seen.filter((s) => s.scope === scope);
      for (let i = 1; i < mine.length; i++) expect(mine[i]!.sum).toBeGreaterThanOrEqual(mine[i - 1]!.sum);
    }
  }, 150_000);

  it('stops gracefully on SIGTERM: the running job finishes first', async () => {
    const w = await startWorker(t.url);
    children.push(w);
    await burst(t.db, 'g', 3, 6, { slowMs: 200, batch: 1 }); // ≈ 1.2 s
    await (async () => {
      const end = Date.now() + 15_000;
      while (Date.now() < end) {
        const r = await t.db.selectFrom('job_run').select('id').where('status', '=', 'running').execute();
        if (r.length) return;
        await sleep(20);
      }
      throw new Error('no run started');
    })();
    w.kill('SIGTERM');
    await exited(w);
    expect(w.exitCode).toBe(0);
    const runs = await t.db.selectFrom('job_run').select(['status']).execute();
    expect(runs.map((r) => r.status)).toEqual(['completed']);
    expect(await readTally(t.db, 'g')).toMatchObject({ rows: 6, sum: burstSum(3) });
  }, 30_000);
});
