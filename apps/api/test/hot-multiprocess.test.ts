import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { createTestDb, DIALECTS, type TestDb } from '@zhanqian/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture } from './fixture.ts';
import { data, eventually, get, over, post, RANKINGS, tokenOf, yearWithResults } from './hot-helpers.ts';

/**
 * Issue #20 item 5: two API processes (the real server, `zq start`) behind a tiny round-robin
 * reverse proxy, on PostgreSQL (the engine several processes share). Each process keeps its own
 * copies; the change feed (LISTEN/NOTIFY) brings them the other's writes within a bounded time.
 */

const root = resolve(import.meta.dirname, '../../..');
/** How long a change may take to reach the other process (the notification's delivery). */
const BOUND_MS = 2000;

async function startApi(url: string): Promise<{ base: string; proc: ChildProcess }> {
  const port = await new Promise<number>((done) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => done(port));
    });
  });
  const proc = spawn(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', 'apps/api/src/cli/main.ts', 'start', '--no-seed'],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    },
  );
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { base, proc };
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill();
  throw new Error('API did not start');
}

/** A round-robin reverse proxy over `bases`: what a load balancer in front of the replicas does. */
async function startProxy(bases: string[]): Promise<{ base: string; server: Server }> {
  let next = 0;
  const server = createServer((req, res) => {
    const target = new URL(req.url ?? '/', bases[next++ % bases.length]);
    const up = httpRequest(target, { method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe.skipIf(!DIALECTS.includes('postgres'))('two API processes behind a proxy [postgres]', () => {
  let t: TestDb;
  const servers: { base: string; proc: ChildProcess }[] = [];
  let proxy: { base: string; server: Server };

  beforeAll(async () => {
    t = await createTestDb('postgres');
    const f = await buildFixture(t.db);
    await yearWithResults(t.db, f);
    for (let i = 0; i < 2; i++) servers.push(await startApi(t.url));
    proxy = await startProxy(servers.map((s) => s.base));
  }, 180_000);

  afterAll(async () => {
    proxy?.server.close();
    for (const s of servers) s.proc.kill('SIGTERM');
    await t?.destroy();
  });

  it('both answer the same before and after a publication made through the proxy', async () => {
    const [a, b] = servers.map((s) => over(s.base)) as [ReturnType<typeof over>, ReturnType<typeof over>];
    const lb = over(proxy.base);
    const kaohe = await tokenOf(t.db, 'kaohe');
    const reporter = await tokenOf(t.db, 'unit_reporter');
    const body = async (app: typeof a) => {
      const res = await get(app, RANKINGS, reporter);
      return { status: res.status, etag: res.headers.get('etag'), text: await res.text() };
    };
    // Before: hidden on both (asked twice each, so both hold a copy).
    for (let i = 0; i < 4; i++) expect(JSON.parse((await body(lb)).text).result.data.access).toBe('hidden');
    const [a0, b0] = [await body(a), await body(b)];
    expect(a0).toEqual(b0);

    expect((await post(lb, 'scoring.scheme.setStatus', kaohe, { year: 2026, to: 'closed' })).status).toBe(
      200,
    );
    const pub = await post(lb, 'scoring.scheme.setStatus', kaohe, {
      year: 2026,
      to: 'published',
      objectionUntil: '2099-12-31',
    });
    expect(pub.status).toBe(200);
    // Every process answers the publication within the bound; the same answer and ETag on both.
    const published = async (app: typeof a) =>
      JSON.parse((await body(app)).text).result.data.access === 'final';
    expect(await eventually(() => published(a), BOUND_MS)).toBe(true);
    expect(await eventually(() => published(b), BOUND_MS)).toBe(true);
    const [a1, b1] = [await body(a), await body(b)];
    expect(a1.status).toBe(200);
    expect(a1).toEqual(b1);
    expect(a1.etag).not.toBe(a0.etag);
    for (let i = 0; i < 4; i++) expect((await body(lb)).text).toBe(a1.text);
    // A client holding the ETag gets 304 from either process.
    for (const app of [a, b, lb, lb])
      expect((await get(app, RANKINGS, reporter, { 'if-none-match': a1.etag! })).status).toBe(304);
  }, 60_000);

  it('a session revoked on one process is refused there at once and on the other within the bound', async () => {
    const [a, b] = servers.map((s) => over(s.base)) as [ReturnType<typeof over>, ReturnType<typeof over>];
    const member = await tokenOf(t.db, 'member');
    expect((await get(a, 'auth.me', member)).status).toBe(200);
    expect((await get(b, 'auth.me', member)).status).toBe(200);
    expect((await get(b, 'auth.me', member)).status).toBe(200); // b holds it in memory
    expect((await post(a, 'auth.logout', member)).status).toBe(200);
    expect((await get(a, 'auth.me', member)).status).toBe(401);
    expect(await eventually(async () => (await get(b, 'auth.me', member)).status === 401, BOUND_MS)).toBe(
      true,
    );
    const me = await data(await get(a, 'auth.me', await tokenOf(t.db, 'member')));
    expect(me.username).toBe('member');
  }, 60_000);
});
