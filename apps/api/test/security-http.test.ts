import { DEFAULT_AUTH_CONFIG } from '@zhanqian/auth';
import { describeEachDialect, tableCounts } from '@zhanqian/db/testing';
import { expect, it, vi } from 'vitest';
import { createApp } from '../src/app.ts';
import { MAX_TRPC_BODY_BYTES } from '../src/security.ts';
import { buildFixture, httpApp, httpSignIn, logger, PASSWORD } from './fixture.ts';

// Sign-ins hash passwords (argon2id): give each test room when the whole suite runs at once.
vi.setConfig({ testTimeout: 30_000 });

const createUnit = (f: Awaited<ReturnType<typeof buildFixture>>, code: string) =>
  JSON.stringify({ parentId: f.streets[0]!.committee.id, kind: 'branch', name: '新支部', code });

describeEachDialect('security: transport and browser', (t) => {
  it('sends the security headers on every response; HSTS and Secure cookies behind TLS', async () => {
    await buildFixture(t.db);
    const app = httpApp(t.db);
    for (const res of [await app.request('/healthz'), await app.request('/trpc/auth.me')]) {
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('strict-transport-security')).toBeNull();
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
    const tls = createApp({ db: t.db, authConfig: DEFAULT_AUTH_CONFIG, logger, cookieSecure: true });
    expect((await tls.request('/healthz')).headers.get('strict-transport-security')).toMatch(
      /max-age=31536000/,
    );
    const login = await httpSignIn(tls, t.db, 'member');
    expect(login.headers.get('set-cookie')).toMatch(/; HttpOnly; SameSite=Lax.*; Secure/);
  });

  it('refuses a cookie-authenticated mutation without proof of origin (CSRF) and changes nothing', async () => {
    const f = await buildFixture(t.db);
    const app = httpApp(t.db);
    const cookie = (await httpSignIn(app, t.db, 'street1')).headers.get('set-cookie')!.split(';')[0]!;
    const before = await tableCounts(t.db);
    const attempts: Record<string, string>[] = [
      { cookie }, // a plain form post or script without the client header
      { cookie, origin: 'https://evil.example' },
      { cookie, origin: 'https://evil.example', 'x-zq-client': 'web' },
      { cookie, referer: 'https://evil.example/page' },
      { cookie, 'x-zq-client': 'web', 'sec-fetch-site': 'cross-site' },
      { cookie, origin: 'null' },
    ];
    let n = 0;
    for (const headers of attempts) {
      const res = await app.request('/trpc/org.createUnit', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: createUnit(f, `CSRF${++n}`),
      });
      expect([headers, res.status]).toEqual([headers, 403]);
      expect(((await res.json()) as { error: { data: { code: string } } }).error.data.code).toBe('FORBIDDEN');
    }
    expect(await tableCounts(t.db)).toEqual(before);
    // logging out by a forged request does not end the session either
    await app.request('/trpc/auth.logout', {
      method: 'POST',
      headers: { cookie, origin: 'https://evil.example' },
    });
    expect((await app.request('/trpc/auth.me', { headers: { cookie } })).status).toBe(200);

    // the platform's own pages pass: same origin, or the web client's header
    const same = await app.request('/trpc/org.createUnit', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, origin: 'http://localhost' },
      body: createUnit(f, 'OK1'),
    });
    expect(same.status).toBe(200);
    const client = await app.request('/trpc/org.createUnit', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie,
        'x-zq-client': 'web',
        'sec-fetch-site': 'same-origin',
      },
      body: createUnit(f, 'OK2'),
    });
    expect(client.status).toBe(200);
  });

  it('lets scripts with a bearer token through and refuses a cross-site sign-in', async () => {
    const f = await buildFixture(t.db);
    const app = httpApp(t.db);
    const plain = await app.request('/trpc/auth.login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'branch_secretary', password: PASSWORD }),
    });
    const { token } = ((await plain.json()) as { result: { data: { token: string } } }).result.data;
    const dist = await httpSignIn(app, t.db, 'district_admin');
    const bearer = ((await dist.json()) as { result: { data: { token: string } } }).result.data.token;
    const res = await app.request('/trpc/org.createUnit', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: createUnit(f, 'BEARER1'),
    });
    expect(res.status).toBe(200);
    expect(token).toBeTruthy();
    const forged = await app.request('/trpc/auth.login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ username: 'branch_secretary', password: PASSWORD }),
    });
    expect(forged.status).toBe(403);
  });

  it('keeps CORS closed', async () => {
    await buildFixture(t.db);
    const app = httpApp(t.db);
    const preflight = await app.request('/trpc/auth.login', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, x-zq-client',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-headers')).toBeNull();
    const get = await app.request('/trpc/auth.me', { headers: { origin: 'https://evil.example' } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses an oversized request body', async () => {
    await buildFixture(t.db);
    const app = httpApp(t.db);
    const res = await app.request('/trpc/auth.login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-zq-client': 'test' },
      body: JSON.stringify({ username: 'member', password: 'x'.repeat(MAX_TRPC_BODY_BYTES + 10) }),
    });
    expect(res.status).toBe(413);
    expect(await t.db.selectFrom('login_attempt').selectAll().execute()).toEqual([]);
  });
});
