import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectInput, MAX_INPUT_DEPTH, MAX_INPUT_NODES } from '@zhanqian/api-router';
import { verifyAuditChain } from '@zhanqian/audit';
import { createSession, DEFAULT_AUTH_CONFIG } from '@zhanqian/auth';
import type { Database, Kysely } from '@zhanqian/db';
import { describeEachDialect, tableCounts } from '@zhanqian/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TRPC_BATCH } from '../src/security.ts';
import { buildFixture, httpApp, PASSWORD } from './fixture.ts';

// Issue #15: ill-formed input at the edge, batches, caching of answers, oversized uploads.

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zq-upload-limit-'));
  process.env.ZQ_UPLOAD_DIR = dir;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type App = ReturnType<typeof httpApp>;
interface ErrorBody {
  error: { message: string; data: { code: string; httpStatus: number } };
}

async function tokenFor(db: Kysely<Database>, username: string) {
  const u = await db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return (await createSession(db, u.id, DEFAULT_AUTH_CONFIG)).token;
}

/** A query as GET (input in the URL) or a mutation as POST (JSON body), raw JSON text. */
function call(
  app: App,
  kind: 'query' | 'mutation',
  path: string,
  json: string,
  headers: Record<string, string>,
) {
  if (kind === 'query') return app.request(`/trpc/${path}?input=${encodeURIComponent(json)}`, { headers });
  return app.request(`/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: json,
  });
}

/** Everything a refused call must leave as it was, the sign-in records included. */
async function fingerprint(db: Kysely<Database>) {
  const out: Record<string, number> = await tableCounts(db);
  for (const t of ['login_attempt', 'notice', 'talent_tier', 'talent_catalogue', 'user_session'] as const)
    out[t] = Number((await db.selectFrom(t).select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return out;
}

const NUL = 'a\u0000b';
const LONE = '\ud800x';

/** The procedures the probe of issue #15 answered 500 on PostgreSQL, with one string field each. */
const PROBED: [kind: 'query' | 'mutation', path: string, input: (s: string) => unknown][] = [
  ['mutation', 'auth.login', (s) => ({ username: `member${s}`, password: PASSWORD })],
  ['query', 'org.members', (s) => ({ q: s })],
  ['mutation', 'inbox.directLine', (s) => ({ title: `标题${s}`, body: `正文内容${s}` })],
  ['query', 'scoring.subjects.list', (s) => ({ year: 2026, category: s })],
  ['query', 'scoring.results.rankings', (s) => ({ year: 2026, category: s })],
  ['query', 'scoring.results.yearOverYear', (s) => ({ years: [2026], category: s })],
  [
    'mutation',
    'talent.registry.createTier',
    (s) => ({ code: `T${s}`, name: `层次${s}`, rank: 9, settlingFen: 1, housingFen: 1 }),
  ],
  [
    'mutation',
    'talent.registry.addCatalogueField',
    (s) => ({ year: 2026, fieldCode: `F${s}`, fieldName: s }),
  ],
];

describe('inspectInput', () => {
  it('finds NUL, ill-formed Unicode, prototype keys, depth and size; passes ordinary input', () => {
    expect(inspectInput({ a: [1, 'x', { b: null, c: true }], 名称: '站前区' })).toBeNull();
    expect(inspectInput(undefined)).toBeNull();
    expect(inspectInput({ a: [0, NUL] })).toEqual({ fault: 'badString', path: 'a.1' });
    expect(inspectInput({ a: { b: LONE } })).toEqual({ fault: 'badString', path: 'a.b' });
    expect(inspectInput({ a: 'ok\udc00' })?.fault).toBe('badString');
    expect(inspectInput({ [`k${NUL}`]: 1 })?.fault).toBe('badString');
    expect(inspectInput({ [LONE]: 1 })?.fault).toBe('badString');
    expect(inspectInput('😀 emoji is well formed')).toBeNull();
    for (const key of ['__proto__', 'constructor', 'prototype'])
      expect(inspectInput(JSON.parse(`{"x":[{"${key}":{"polluted":1}}]}`))).toEqual({
        fault: 'forbiddenKey',
        path: `x.0.${key}`,
      });
    const nest = (n: number) => JSON.parse(`${'{"a":'.repeat(n)}1${'}'.repeat(n)}`);
    expect(inspectInput(nest(MAX_INPUT_DEPTH))).toBeNull();
    expect(inspectInput(nest(MAX_INPUT_DEPTH + 1))?.fault).toBe('tooDeep');
    expect(inspectInput(new Array(MAX_INPUT_NODES).fill(0))?.fault).toBe('tooLarge');
    expect(inspectInput(new Array(1000).fill({ a: [1, 2, 3] }))).toBeNull();
  });

  it('walks without recursion: a million levels do not overflow the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 1_000_000; i++) deep = [deep];
    expect(inspectInput(deep)?.fault).toBe('tooDeep');
    // JSON.parse itself takes deep nesting; nothing else walks the body before the guard
    const text = `${'['.repeat(500_000)}${']'.repeat(500_000)}`;
    expect(inspectInput(JSON.parse(text))?.fault).toBe('tooDeep');
  });
});

describeEachDialect('security: ill-formed input at the edge', (t) => {
  it('refuses NUL and ill-formed Unicode (400, zh-CN and English) and changes nothing', async () => {
    await buildFixture(t.db);
    const app = httpApp(t.db);
    const bearer = { authorization: `Bearer ${await tokenFor(t.db, 'district_admin')}` };
    const before = await fingerprint(t.db);
    for (const [kind, path, input] of PROBED)
      for (const bad of [NUL, LONE])
        for (const [lang, words] of [
          ['zh-CN', '空字符'],
          ['en', 'NUL character'],
        ] as const) {
          const headers = { ...(path === 'auth.login' ? {} : bearer), 'accept-language': lang };
          const res = await call(app, kind, path, JSON.stringify(input(bad)), headers);
          const body = (await res.json()) as ErrorBody;
          expect([path, bad, res.status, body.error.data.code]).toEqual([path, bad, 400, 'BAD_REQUEST']);
          expect(body.error.message).toContain(words);
        }
    expect(await fingerprint(t.db)).toEqual(before);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
    // ordinary input still goes through
    const ok = await call(app, 'query', 'org.members', JSON.stringify({ q: '党员' }), bearer);
    expect(ok.status).toBe(200);
  });

  it('refuses prototype keys, deep nesting and absurd sizes before the procedure runs', async () => {
    await buildFixture(t.db);
    const app = httpApp(t.db);
    const bearer = { authorization: `Bearer ${await tokenFor(t.db, 'district_admin')}` };
    const before = await fingerprint(t.db);
    const refused = async (kind: 'query' | 'mutation', path: string, json: string, code = 'BAD_REQUEST') => {
      const res = await call(app, kind, path, json, bearer);
      expect([path, json.slice(0, 60), res.status]).toEqual([path, json.slice(0, 60), 400]);
      const body = (await res.json()) as ErrorBody;
      expect(body.error.data.code).toBe(code);
      return body.error.message;
    };
    for (const key of ['__proto__', 'constructor', 'prototype'])
      expect(
        await refused(
          'mutation',
          'jobs.run',
          `{"name":"stars.recompute","payload":{"${key}":{"isAdmin":true}}}`,
        ),
      ).toContain(key);
    // the probe's 6,000-level job payload answered 500
    const deep = `{"name":"stars.recompute","payload":${'{"a":'.repeat(6000)}1${'}'.repeat(6000)}}`;
    expect(await refused('mutation', 'jobs.run', deep)).toContain(`${MAX_INPUT_DEPTH}`);
    const wide = `{"q":"x","pad":[${new Array(MAX_INPUT_NODES).fill('0').join(',')}]}`;
    expect(await refused('mutation', 'jobs.run', wide)).toContain(`${MAX_INPUT_NODES}`);
    expect(await fingerprint(t.db)).toEqual(before);
  });
});

describeEachDialect('security: inputs the database cannot hold are refused, not failed', (t) => {
  it('refuses dates that do not exist and ids beyond an integer column (found by generated-inputs)', async () => {
    await buildFixture(t.db);
    const app = httpApp(t.db);
    const bearer = { authorization: `Bearer ${await tokenFor(t.db, 'district_admin')}` };
    const cases: [kind: 'query' | 'mutation', path: string, input: unknown][] = [
      ['query', 'audit.list', { from: '2026-02-30' }],
      ['query', 'audit.list', { to: '5042-54-05' }],
      ['query', 'audit.list', { from: '2026-01-01T99:99Z' }],
      ['query', 'talent.reports.flow', { from: '0324-25-58', to: '2026-01-01' }],
      ['query', 'org.unit', { id: 2 ** 31 }],
      ['query', 'org.members', { branchId: 9007199254740991 }],
      ['query', 'stars.stats', { year: 2026, rootId: 2 ** 40 }],
      ['query', 'talent.registry.get', { id: 2 ** 31 }],
    ];
    for (const [kind, path, input] of cases) {
      const res = await call(app, kind, path, JSON.stringify(input), bearer);
      expect([path, input, res.status]).toEqual([path, input, 400]);
    }
    const fine = await call(
      app,
      'query',
      'audit.list',
      JSON.stringify({ from: '2024-02-29', to: '2026-12-31T15:59:59.999Z' }),
      bearer,
    );
    expect(fine.status).toBe(200);
  });
});

describeEachDialect('security: batches and caching', (t) => {
  it(`caps a batch at ${MAX_TRPC_BATCH} calls and refuses auth.* in any batch, before anything runs`, async () => {
    await buildFixture(t.db);
    const app = httpApp(t.db);
    const bearer = { authorization: `Bearer ${await tokenFor(t.db, 'district_admin')}` };
    const batch = (paths: string[], input: unknown[], lang = 'zh-CN') =>
      app.request(
        `/trpc/${paths.join(',')}?batch=1&input=${encodeURIComponent(JSON.stringify(Object.assign({}, input)))}`,
        { headers: { ...bearer, 'accept-language': lang } },
      );
    const many = Array.from({ length: 40 }, () => 'stars.stats');
    const big = await batch(many, Array(40).fill({ year: 2026 }), 'en');
    expect(big.status).toBe(400);
    expect(((await big.json()) as ErrorBody).error.message).toBe(
      `A batch request may hold at most ${MAX_TRPC_BATCH} calls`,
    );
    const max = await batch(many.slice(0, MAX_TRPC_BATCH), Array(MAX_TRPC_BATCH).fill({ year: 2026 }));
    expect(max.status).toBe(200);

    // the lockout bypass: several sign-ins in one request
    const before = await fingerprint(t.db);
    const login = { username: 'member', password: 'wrong-Password1' };
    const post = (url: string, body: unknown) =>
      app.request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    for (const url of [
      '/trpc/auth.login,auth.login?batch=1',
      '/trpc/auth.login%2Cauth.login?batch=1',
      '/trpc/auth.login?batch=1',
      '/trpc/org.tree,auth.login?batch=1',
    ]) {
      const res = await post(url, { 0: login, 1: login });
      expect([url, res.status]).toEqual([url, 400]);
      expect(((await res.json()) as ErrorBody).error.message).toContain('auth.*');
    }
    const me = await app.request('/trpc/org.tree,auth.me?batch=1', { headers: bearer });
    expect(me.status).toBe(400);
    expect(await fingerprint(t.db)).toEqual(before);
    // one sign-in per request is how the platform's client calls it
    expect((await post('/trpc/auth.login', login)).status).toBe(401);
  });

  it('marks every /trpc answer Cache-Control: no-store', async () => {
    await buildFixture(t.db);
    const app = httpApp(t.db);
    const bearer = { authorization: `Bearer ${await tokenFor(t.db, 'district_admin')}` };
    const answers = [
      await app.request('/trpc/org.tree?input=%7B%7D', { headers: bearer }), // 200
      await app.request('/trpc/auth.me', { headers: bearer }), // 200
      await app.request('/trpc/org.tree'), // 401
      await app.request('/trpc/no.such'), // 404
      await app.request(`/trpc/org.members?input=${encodeURIComponent('{"q":"\\u0000"}')}`, {
        headers: bearer,
      }),
      await app.request('/trpc/auth.login', { method: 'POST', headers: { origin: 'https://evil.example' } }), // 403
      await app.request('/trpc/auth.login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: 'x'.repeat(2 * 1024 * 1024),
      }), // 413
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 200, 401, 404, 400, 403, 413]);
    for (const res of answers) expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describeEachDialect('security: evidence upload size', (t) => {
  it('answers 413 with a clear message to a 30 MB upload and stores nothing', async () => {
    const f = await buildFixture(t.db);
    const app = httpApp(t.db);
    const token = await tokenFor(t.db, 'unit_reporter');
    const before = await fingerprint(t.db);
    const big = new Uint8Array(30 * 1024 * 1024);
    big.set([0x25, 0x50, 0x44, 0x46]);
    for (const [lang, words] of [
      ['zh-CN', '上传过大：文件最大 20 MB'],
      ['en', 'Upload too large: a file may be at most 20 MB'],
    ] as const) {
      const form = new FormData();
      form.set('file', new File([big], '台账.pdf', { type: 'application/pdf' }));
      form.set('orgUnitId', String(f.streets[0]!.street.id));
      const res = await app.request('/files', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'accept-language': lang },
        body: form,
      });
      expect(res.status).toBe(413);
      expect(((await res.json()) as { error: { code: string; message: string } }).error).toEqual({
        code: 'PAYLOAD_TOO_LARGE',
        message: words,
      });
    }
    expect(await fingerprint(t.db)).toEqual(before);
    expect(await t.db.selectFrom('evidence_file').selectAll().execute()).toEqual([]);
    expect(await readdir(dir, { recursive: true })).toEqual([]);
  });
});
