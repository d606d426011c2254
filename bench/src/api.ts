import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { createSession, DEFAULT_AUTH_CONFIG, enrollNewTotp, requiresTotp } from '@zhanqian/auth';
import type { Database, Kysely } from '@zhanqian/db';
import { createTestDb } from '@zhanqian/db/testing';
import { loadDistrict, planDistrict, seedDemoUsers } from '@zhanqian/seeds';
import autocannon from 'autocannon';
import type { BenchRow } from './types.ts';

const root = resolve(import.meta.dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

async function startApi(url: string): Promise<{ base: string; proc: ChildProcess }> {
  const port = await freePort();
  const proc = spawn(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', 'apps/api/src/cli/main.ts', 'start', '--no-seed'],
    {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: url,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        ZQ_DB_POOL_SIZE: '10',
      },
      stdio: 'ignore',
    },
  );
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { base, proc };
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill();
  throw new Error('API did not start');
}

interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** One bounded autocannon run per server, all at once; requests/s summed, latencies of the first. */
async function load(
  bases: string[],
  path: string,
  headers: Record<string, string>,
  seconds: number,
): Promise<Load> {
  const results = await Promise.all(
    bases.map((base) => autocannon({ url: `${base}${path}`, connections: 32, duration: seconds, headers })),
  );
  return {
    rps: results.reduce((s, r) => s + r.requests.average, 0),
    p50: results[0]!.latency.p50,
    p99: results[0]!.latency.p99,
    errors: results.reduce((s, r) => s + r.errors + r.non2xx, 0),
  };
}

async function seed(db: Kysely<Database>, year: number): Promise<{ member: string; staff: string }> {
  await loadDistrict(db, planDistrict(1));
  await seedDemoUsers(db);
  const { seedScoring } = await import('../../seeds/src/scoring.ts');
  await seedScoring(db, { scale: 1, year });
  const token = async (username: string) => {
    const u = await db
      .selectFrom('app_user')
      .select(['id', 'role'])
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    // Administrators hold sessions only with a second factor enrolled.
    if (requiresTotp(u.role)) await enrollNewTotp(db, u.id);
    // Sessions made directly: the benchmark measures queries, not the (deliberately slow) sign-in.
    return (await createSession(db, u.id, { ...DEFAULT_AUTH_CONFIG, idleMinutes: 600 })).token;
  };
  return { member: await token('dangyuan'), staff: await token('kaohe') };
}

/**
 * The API under load on PostgreSQL, with one and with two API processes: the rankings query
 * and a member's home query (authenticated) against the transport's floor (a trivial tRPC
 * query) and a bare Hono JSON route, in the same servers and run.
 */
export async function runApiBench(opts: { seconds: number }): Promise<BenchRow[]> {
  const year = 2026;
  const t = await createTestDb('postgres', { poolSize: 4 });
  const rows: BenchRow[] = [];
  const procs: ChildProcess[] = [];
  try {
    const tokens = await seed(t.db, year);
    for (const processes of [1, 2]) {
      const servers = [];
      for (let i = 0; i < processes; i++) servers.push(await startApi(t.url));
      procs.push(...servers.map((s) => s.proc));
      const bases = servers.map((s) => s.base);
      const input = (v: unknown) => `?input=${encodeURIComponent(JSON.stringify(v))}`;
      const bare = await load(bases, '/ping', {}, opts.seconds);
      const trivial = await load(bases, '/trpc/system.ping', {}, opts.seconds);
      const cases: [string, string, string][] = [
        [
          'rankings (scoring.results.rankings)',
          `/trpc/scoring.results.rankings${input({ year })}`,
          tokens.staff,
        ],
        ["member's home (auth.me)", '/trpc/auth.me', tokens.member],
        ["member's inbox (inbox.list)", `/trpc/inbox.list${input({})}`, tokens.member],
      ];
      const note = (l: Load) =>
        `${Math.round(l.rps)} req/s, p50 ${l.p50} ms, p99 ${l.p99} ms${l.errors ? `, ${l.errors} errors` : ''}`;
      rows.push({
        name: `API: trivial tRPC query vs bare Hono route (${processes} process${processes > 1 ? 'es' : ''})`,
        dialect: 'postgres',
        medianMs: 1000 / trivial.rps,
        runs: 1,
        baselineName: 'bare Hono JSON route',
        baselineMedianMs: 1000 / bare.rps,
        ratio: bare.rps / trivial.rps,
        notes: `trivial ${note(trivial)}; bare ${note(bare)}`,
      });
      for (const [name, path, token] of cases) {
        const l = await load(bases, path, { authorization: `Bearer ${token}` }, opts.seconds);
        rows.push({
          name: `API: ${name} (${processes} process${processes > 1 ? 'es' : ''})`,
          dialect: 'postgres',
          medianMs: 1000 / l.rps,
          runs: 1,
          baselineName: 'trivial tRPC query',
          baselineMedianMs: 1000 / trivial.rps,
          ratio: trivial.rps / l.rps,
          notes: note(l),
        });
      }
      for (const s of servers) s.proc.kill('SIGTERM');
    }
  } finally {
    for (const p of procs) p.kill('SIGKILL');
    await t.destroy();
  }
  return rows;
}
