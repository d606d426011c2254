import { totpCode } from '@zhanqian/auth';
import { describeEachDialect } from '@zhanqian/db/testing';
import { expect, it, vi } from 'vitest';
import type { createApp } from '../src/app.ts';
import { buildFixture, callerAs, httpApp, PASSWORD, TOTP_SECRET } from './fixture.ts';

// Sign-ins hash passwords (argon2id): give each test room when the whole suite runs at once.
vi.setConfig({ testTimeout: 30_000 });

type App = ReturnType<typeof createApp>;
const post = (app: App, path: string, body: unknown) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-zq-client': 'test' },
    body: JSON.stringify(body),
  });
const data = async <T = Record<string, unknown>>(res: Response) =>
  ((await res.json()) as { result: { data: T } }).result.data;
const errorOf = async (res: Response) => ((await res.json()) as { error: { message: string } }).error;

/**
 * Each role has the apps it uses (#21 item 6): the admin console refuses a Party member at
 * sign-in, with where to go instead, and the member app refuses the three administrators;
 * auth.me says which apps a session's role uses, for the shells.
 */
describeEachDialect('sign-in: each role has the apps it uses', (t) => {
  it('refuses a Party member at the admin console, after the password, with no session, and audits it', async () => {
    const f = await buildFixture(t.db);
    const app = httpApp(t.db);
    const refused = await post(app, '/trpc/auth.login', {
      username: 'member',
      password: PASSWORD,
      app: 'admin',
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('set-cookie')).toBeNull();
    expect((await errorOf(refused)).message).toBe('党员账号不能登录管理后台，请使用党员手机端登录：/m/');
    expect(await t.db.selectFrom('user_session').selectAll().execute()).toEqual([]);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'result', 'after_json'])
      .where('actor_id', '=', f.users.member!)
      .execute();
    expect(audit.map((r) => [r.action, r.result, JSON.parse(r.after_json!)])).toEqual([
      ['auth.login', 'denied', { reason: 'wrong-app', app: 'admin' }],
    ]);
    // a right password is no failed guess: it does not count towards the lockout
    const attempts = await t.db
      .selectFrom('login_attempt')
      .select('ok')
      .where('username', '=', 'member')
      .execute();
    expect(attempts.map((a) => a.ok)).toEqual([1]);

    // a wrong password is told as before: the role is nobody's business without the password
    const wrong = await post(app, '/trpc/auth.login', {
      username: 'member',
      password: 'nope-nope',
      app: 'admin',
    });
    expect(wrong.status).toBe(401);
    expect((await errorOf(wrong)).message).toBe('用户名或密码错误');

    // the member app signs the member in; so does a script that names no app
    for (const body of [{ app: 'member' }, {}]) {
      const ok = await post(app, '/trpc/auth.login', { username: 'member', password: PASSWORD, ...body });
      expect(ok.status).toBe(200);
      expect((await data(ok)).status).toBe('ok');
    }
  });

  it('says so in English too', async () => {
    await buildFixture(t.db);
    const app = httpApp(t.db);
    const refused = await app.request('/trpc/auth.login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-zq-client': 'test', 'accept-language': 'en' },
      body: JSON.stringify({ username: 'member', password: PASSWORD, app: 'admin' }),
    });
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).message).toContain('member app instead: /m/');
  });

  it('refuses the three administrators at the member app before their second factor', async () => {
    await buildFixture(t.db);
    const app = httpApp(t.db);
    for (const username of ['sys_admin', 'sec_admin', 'audit_admin']) {
      const refused = await post(app, '/trpc/auth.login', { username, password: PASSWORD, app: 'member' });
      expect([username, refused.status]).toEqual([username, 403]);
      expect((await errorOf(refused)).message).toContain('/admin/');
    }
    // at the console they go on to the second factor, and sign in
    const pending = await data<{ status: string; challenge: string }>(
      await post(app, '/trpc/auth.login', { username: 'audit_admin', password: PASSWORD, app: 'admin' }),
    );
    expect(pending.status).toBe('pending');
    const ok = await post(app, '/trpc/auth.loginStep', {
      challenge: pending.challenge,
      code: await totpCode(TOTP_SECRET),
    });
    expect((await data(ok)).status).toBe('ok');
    expect(await t.db.selectFrom('user_session').selectAll().execute()).toHaveLength(1);
  });

  it('lets every business role and the department staff into both apps', async () => {
    await buildFixture(t.db);
    const app = httpApp(t.db);
    for (const username of ['unit_reporter', 'branch_secretary'])
      for (const which of ['admin', 'member']) {
        const res = await post(app, '/trpc/auth.login', { username, password: PASSWORD, app: which });
        expect([username, which, (await data(res)).status]).toEqual([username, which, 'ok']);
      }
    for (const username of ['district_admin', 'kaohe', 'street1'])
      for (const which of ['admin', 'member']) {
        const res = await post(app, '/trpc/auth.login', { username, password: PASSWORD, app: which });
        expect([username, which, (await data(res)).status]).toEqual([username, which, 'pending']);
      }
    // an app the API does not know is bad input
    const bad = await post(app, '/trpc/auth.login', {
      username: 'member',
      password: PASSWORD,
      app: 'cockpit',
    });
    expect(bad.status).toBe(400);
  });

  it('tells each session which apps its role uses (auth.me), for the shells', async () => {
    await buildFixture(t.db);
    const expected: Record<string, string[]> = {
      member: ['member'],
      branch_secretary: ['admin', 'member'],
      unit_reporter: ['admin', 'member'],
      kaohe: ['admin', 'member'],
      district_admin: ['admin', 'member'],
      sys_admin: ['admin'],
      sec_admin: ['admin'],
      audit_admin: ['admin'],
    };
    for (const [username, apps] of Object.entries(expected)) {
      const me = await (await callerAs(t.db, username)).auth.me();
      expect([username, me.apps]).toEqual([username, apps]);
    }
  });
});
