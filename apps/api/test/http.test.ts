import { DEFAULT_AUTH_CONFIG } from '@zhanqian/auth';
import { describeEachDialect } from '@zhanqian/db/testing';
import { expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { buildFixture, httpApp, httpSignIn, logger, PASSWORD } from './fixture.ts';

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-zq-client': 'test', ...headers },
  body: JSON.stringify(body),
});

describeEachDialect('HTTP surface', (t) => {
  it('answers /healthz with the dialect', async () => {
    const res = await httpApp(t.db).request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', db: t.dialect });
  });

  it('signs in with an httpOnly cookie, serves plain JSON, and signs out', async () => {
    await buildFixture(t.db);
    const app = httpApp(t.db);
    const login = await httpSignIn(app, t.db, 'street1');
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/zq_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);
    const session = cookie.split(';')[0]!;

    const me = await app.request('/trpc/auth.me', { headers: { cookie: session } });
    const body = (await me.json()) as { result: { data: { username: string; permissions: string[] } } };
    expect(body.result.data.username).toBe('street1');
    expect(body.result.data.permissions).toContain('stars.rate');

    // plain JSON input on GET, no transformer
    const tree = await app.request(
      `/trpc/org.tree?input=${encodeURIComponent(JSON.stringify({ depth: 1 }))}`,
      { headers: { cookie: session } },
    );
    expect(tree.status).toBe(200);

    const out = await app.request('/trpc/auth.logout', json(undefined, { cookie: session }));
    expect(out.status).toBe(200);
    const after = await app.request('/trpc/auth.me', { headers: { cookie: session } });
    expect(after.status).toBe(401);
  });

  it('accepts a bearer token for scripts', async () => {
    await buildFixture(t.db);
    const app = httpApp(t.db);
    const login = await httpSignIn(app, t.db, 'district_admin');
    const { token } = ((await login.json()) as { result: { data: { token: string } } }).result.data;
    const me = await app.request('/trpc/auth.me', { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
  });

  it('localizes errors by Accept-Language', async () => {
    await buildFixture(t.db);
    const app = httpApp(t.db);
    const zh = await app.request('/trpc/auth.login', json({ username: 'street1', password: 'nope' }));
    expect(zh.status).toBe(401);
    expect(((await zh.json()) as { error: { message: string } }).error.message).toBe('用户名或密码错误');
    const en = await app.request(
      '/trpc/auth.login',
      json({ username: 'street1', password: 'nope' }, { 'accept-language': 'en-US,en;q=0.9' }),
    );
    expect(((await en.json()) as { error: { message: string } }).error.message).toBe(
      'Wrong user name or password',
    );
    const bad = await app.request('/trpc/auth.login', json({ username: 42 }, { 'accept-language': 'en' }));
    expect(bad.status).toBe(400);
    const badBody = (await bad.json()) as {
      error: { message: string; data: { issues: { path: string }[] } };
    };
    expect(badBody.error.message).toMatch(/^Invalid input/);
    expect(badBody.error.data.issues.map((i) => i.path)).toEqual(['username', 'password']);
    const anon = await app.request('/trpc/auth.me');
    expect(((await anon.json()) as { error: { message: string } }).error.message).toBe('请先登录');
  });

  it('locks an account after repeated failures, audits it, and lets a security admin unlock', async () => {
    const f = await buildFixture(t.db);
    const app = httpApp(t.db);
    const statuses: number[] = [];
    for (let i = 0; i < DEFAULT_AUTH_CONFIG.maxFailures + 1; i++) {
      statuses.push(
        (await app.request('/trpc/auth.login', json({ username: 'member', password: `wrong${i}` }))).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    // even the right password is refused while locked
    const locked = await app.request('/trpc/auth.login', json({ username: 'member', password: PASSWORD }));
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { error: { message: string } }).error.message).toContain('账号已锁定');
    const lockout = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'auth.lockout')
      .execute();
    expect(lockout).toHaveLength(1);

    const sec = await httpSignIn(app, t.db, 'sec_admin');
    const cookie = sec.headers.get('set-cookie')!.split(';')[0]!;
    const unlock = await app.request('/trpc/auth.users.unlock', json({ userId: f.users.member }, { cookie }));
    expect(unlock.status).toBe(200);
    const ok = await app.request('/trpc/auth.login', json({ username: 'member', password: PASSWORD }));
    expect(ok.status).toBe(200);
  });

  it('throttles an address that keeps failing across accounts', async () => {
    await buildFixture(t.db);
    // In-process requests have no socket, so the address comes from a trusted proxy header.
    const proxied = createApp({
      db: t.db,
      authConfig: { ...DEFAULT_AUTH_CONFIG, maxFailuresPerIp: 3 },
      logger,
      trustProxy: true,
    });
    const from = { 'x-forwarded-for': '10.9.8.7' };
    const codes: number[] = [];
    for (const username of ['a1', 'a2', 'a3', 'street1']) {
      codes.push(
        (
          await proxied.request(
            '/trpc/auth.login',
            json({ username, password: PASSWORD + (username === 'street1' ? '' : 'x') }, from),
          )
        ).status,
      );
    }
    expect(codes).toEqual([401, 401, 401, 429]);
    // another address is unaffected
    const other = await proxied.request(
      '/trpc/auth.login',
      json({ username: 'street1', password: PASSWORD }, { 'x-forwarded-for': '10.9.8.8' }),
    );
    expect(other.status).toBe(200);
  });

  it('expires idle sessions', async () => {
    await buildFixture(t.db);
    const app = httpApp(t.db);
    const login = await httpSignIn(app, t.db, 'street1');
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const stale = new Date(Date.now() - (DEFAULT_AUTH_CONFIG.idleMinutes + 1) * 60_000).toISOString();
    await t.db.updateTable('user_session').set({ last_seen_at: stale }).execute();
    const me = await app.request('/trpc/auth.me', { headers: { cookie } });
    expect(me.status).toBe(401);
  });
});
