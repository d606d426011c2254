import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createSession, DEFAULT_AUTH_CONFIG, enrollNewTotp, requiresTotp } from '@zhanqian/auth';
import { createDb, type Database, type Kysely, migrateToLatest } from '@zhanqian/db';
import { createTestDb } from '@zhanqian/db/testing';
import { loadDistrict, planDistrict, seedDemoUsers, seedStars } from '@zhanqian/seeds';
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
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-2000);
  });
  const base = `http://127.0.0.1:${port}`;
  // Up to two minutes: on a loaded machine the start (migrations check, embedded worker) is slow.
  for (let i = 0; i < 1200; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { base, proc };
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill();
  throw new Error(`API did not start: ${stderr}`);
}

interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** One bounded autocannon run per server, all at once; requests/s summed, latencies of the worst. */
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
    p50: Math.max(...results.map((r) => r.latency.p50)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    errors: results.reduce((s, r) => s + r.errors + r.non2xx, 0),
  };
}

interface Seeded {
  member: string;
  staff: string;
  /** The member's own member id (their certification view). */
  memberId: number;
}

async function seed(db: Kysely<Database>, year: number): Promise<Seeded> {
  await loadDistrict(db, planDistrict(1));
  await seedDemoUsers(db);
  const { seedScoring } = await import('../../seeds/src/scoring.ts');
  await seedScoring(db, { scale: 1, year });
  await seedStars(db, { scale: 1, year });
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
  const member = await db
    .selectFrom('app_user')
    .select('member_id')
    .where('username', '=', 'dangyuan')
    .executeTakeFirstOrThrow();
  return { member: await token('dangyuan'), staff: await token('kaohe'), memberId: member.member_id! };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const load1 = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');

/**
 * The API under load (issue #20), on both engines with one and with two API processes (the same
 * servers for every case of a run): the published rankings, a member's home (`auth.me`), their
 * inbox and their certification view (`stars.explain`) against the transport's floor (a trivial
 * tRPC query) and a bare Hono route. Each case runs `runs` times, interleaved (trivial, bare, then
 * the cases, round after round), so a busy machine weighs on all alike; the figure is the median
 * of the rounds' requests/s, with their range and the worst p99. The shared reads are answered from
 * the API's memory (apps/api hot.ts) after their first request in each process.
 */
export async function runApiBench(opts: {
  seconds: number;
  runs?: number;
  dialects?: ('sqlite' | 'postgres')[];
}): Promise<BenchRow[]> {
  const year = 2026;
  const runs = opts.runs ?? 3;
  const rows: BenchRow[] = [];
  for (const dialect of opts.dialects ?? ['sqlite', 'postgres']) {
    const db = await benchDb(dialect);
    const procs: ChildProcess[] = [];
    try {
      const tokens = await seed(db.db, year);
      for (const processes of [1, 2]) {
        const servers = [];
        for (let i = 0; i < processes; i++) servers.push(await startApi(db.url));
        procs.push(...servers.map((s) => s.proc));
        const bases = servers.map((s) => s.base);
        const input = (v: unknown) => `?input=${encodeURIComponent(JSON.stringify(v))}`;
        const cases: [string, string, Record<string, string>][] = [
          ['bare Hono JSON route', '/ping', {}],
          ['trivial tRPC query', '/trpc/system.ping', {}],
          [
            'rankings (scoring.results.rankings)',
            `/trpc/scoring.results.rankings${input({ year })}`,
            { authorization: `Bearer ${tokens.staff}` },
          ],
          ["member's home (auth.me)", '/trpc/auth.me', { authorization: `Bearer ${tokens.member}` }],
          [
            "member's inbox (inbox.list)",
            `/trpc/inbox.list${input({})}`,
            { authorization: `Bearer ${tokens.member}` },
          ],
          [
            "member's certification view (stars.explain)",
            `/trpc/stars.explain${input({ year, level: 'member', id: tokens.memberId })}`,
            { authorization: `Bearer ${tokens.member}` },
          ],
        ];
        const loadBefore = load1();
        const measured = new Map<string, Load[]>(cases.map(([name]) => [name, []]));
        for (let r = 0; r < runs; r++)
          for (const [name, path, headers] of cases)
            measured.get(name)!.push(await load(bases, path, headers, opts.seconds));
        const loadAfter = load1();
        const summary = (ls: Load[]) => {
          const rps = ls.map((l) => l.rps);
          return {
            rps: median(rps),
            min: Math.min(...rps),
            max: Math.max(...rps),
            p50: median(ls.map((l) => l.p50)),
            p99: Math.max(...ls.map((l) => l.p99)),
            errors: ls.reduce((s, l) => s + l.errors, 0),
          };
        };
        const note = (s: ReturnType<typeof summary>) =>
          `${Math.round(s.rps)} req/s (${Math.round(s.min)}–${Math.round(s.max)}), p50 ${s.p50} ms, worst p99 ${s.p99} ms${s.errors ? `, ${s.errors} errors` : ''}`;
        const label = `${processes} process${processes > 1 ? 'es' : ''}`;
        const bare = summary(measured.get('bare Hono JSON route')!);
        const trivial = summary(measured.get('trivial tRPC query')!);
        rows.push({
          name: `API: trivial tRPC query vs bare Hono route (${label})`,
          dialect,
          medianMs: 1000 / trivial.rps,
          runs,
          baselineName: 'bare Hono JSON route',
          baselineMedianMs: 1000 / bare.rps,
          ratio: bare.rps / trivial.rps,
          notes: `trivial ${note(trivial)}; bare ${note(bare)}; load average (1/5/15 min) ${loadBefore} before, ${loadAfter} after: other helpers' builds and tests shared the 2 cores`,
        });
        for (const [name] of cases.slice(2)) {
          const s = summary(measured.get(name)!);
          rows.push({
            name: `API: ${name} (${label})`,
            dialect,
            medianMs: 1000 / s.rps,
            runs,
            baselineName: 'trivial tRPC query',
            baselineMedianMs: 1000 / trivial.rps,
            ratio: trivial.rps / s.rps,
            target: '≤ 1.43× (≥ 0.7× its req/s)',
            notes: `${(s.rps / trivial.rps).toFixed(2)}× the trivial query's req/s; ${note(s)}`,
          });
        }
        for (const s of servers) s.proc.kill('SIGTERM');
        await new Promise((r) => setTimeout(r, 500));
      }
    } finally {
      for (const p of procs) p.kill('SIGKILL');
      await db.destroy();
    }
  }
  return rows;
}

/** A database the API processes open too: PostgreSQL's test database, or an SQLite file (WAL). */
async function benchDb(dialect: 'sqlite' | 'postgres') {
  if (dialect === 'postgres') return createTestDb('postgres', { poolSize: 4 });
  const dir = mkdtempSync(join(tmpdir(), 'zq-bench-api-'));
  const path = join(dir, 'bench.sqlite');
  const db = createDb({ dialect: 'sqlite', path });
  await migrateToLatest(db);
  return {
    db,
    url: path,
    destroy: async () => {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
