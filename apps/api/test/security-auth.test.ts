import {
  createSession,
  DEFAULT_AUTH_CONFIG,
  decryptTotpSecret,
  login,
  loginStep,
  totpCode,
} from '@zhanqian/auth';
import { describeEachDialect } from '@zhanqian/db/testing';
import { expect, it, vi } from 'vitest';
import { createApp } from '../src/app.ts';
import { buildFixture, callerAs, httpApp, httpSignIn, logger, PASSWORD, TOTP_SECRET } from './fixture.ts';

// Sign-ins hash passwords (argon2id): give each test room when the whole suite runs at once.
vi.setConfig({ testTimeout: 30_000 });

type App = ReturnType<typeof createApp>;
const post = (app: App, path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-zq-client': 'test', ...headers },
    body: JSON.stringify(body),
  });
const data = async <T = Record<string, unknown>>(res: Response) =>
  ((await res.json()) as { result: { data: T } }).result.data;
const errorOf = async (res: Response) => ((await res.json()) as { error: { message: string } }).error;
const cookieOf = (res: Response) => res.headers.get('set-cookie')?.split(';')[0] ?? '';
const me = (app: App, cookie: string) => app.request('/trpc/auth.me', { headers: { cookie } });

describeEachDialect('security: identity and second factor', (t) => {
  it('an administrator gets no session from the password alone; the TOTP code completes the sign-in', async () => {
    const f = await buildFixture(t.db);
    const app = httpApp(t.db);
    const first = await post(app, '/trpc/auth.login', { username: 'sec_admin', password: PASSWORD });
    expect(first.status).toBe(200);
    expect(first.headers.get('set-cookie')).toBeNull();
    const pending = await data<{ status: string; step: string; challenge: string; token?: string }>(first);
    expect(pending).toMatchObject({ status: 'pending', step: 'totp' });
    expect(pending.token).toBeUndefined();
    expect(await t.db.selectFrom('user_session').selectAll().execute()).toEqual([]);

    const wrong = await post(app, '/trpc/auth.loginStep', { challenge: pending.challenge, code: '000000' });
    expect(wrong.status).toBe(401);
    expect((await errorOf(wrong)).message).toBe('动态验证码错误或已使用');

    const code = await totpCode(TOTP_SECRET);
    const ok = await post(app, '/trpc/auth.loginStep', { challenge: pending.challenge, code });
    expect(ok.status).toBe(200);
    expect((await data(ok)).status).toBe('ok');
    expect((await me(app, cookieOf(ok))).status).toBe(200);

    // the challenge is spent, and the same code is never accepted twice
    expect((await post(app, '/trpc/auth.loginStep', { challenge: pending.challenge, code })).status).toBe(
      401,
    );
    const again = await data<{ challenge: string }>(
      await post(app, '/trpc/auth.login', { username: 'sec_admin', password: PASSWORD }),
    );
    expect((await post(app, '/trpc/auth.loginStep', { challenge: again.challenge, code })).status).toBe(401);

    const logins = await t.db
      .selectFrom('audit_log')
      .select(['action', 'result', 'after_json'])
      .where('actor_id', '=', f.users.sec_admin!)
      .orderBy('id')
      .execute();
    expect(logins.map((r) => `${r.action}:${r.result}`)).toEqual([
      'auth.login.password:ok',
      'auth.login:failed',
      'auth.login:ok',
      'auth.login.password:ok',
      'auth.login:failed',
    ]);
    expect(JSON.parse(logins[2]!.after_json!)).toEqual({ factors: ['password', 'totp'] });
  });

  it('requires the second factor for every administrative role and not for business roles', async () => {
    await buildFixture(t.db);
    const app = httpApp(t.db);
    const expectStatus: Record<string, string> = {
      district_admin: 'pending',
      street1: 'pending',
      kaohe: 'pending',
      sys_admin: 'pending',
      sec_admin: 'pending',
      audit_admin: 'pending',
      unit_reporter: 'ok',
      branch_secretary: 'ok',
      member: 'ok',
    };
    for (const [username, status] of Object.entries(expectStatus)) {
      const res = await post(app, '/trpc/auth.login', { username, password: PASSWORD });
      expect([username, (await data(res)).status]).toEqual([username, status]);
    }
  });

  it('forces an administrator without a second factor to enrol before anything else', async () => {
    const f = await buildFixture(t.db);
    await t.db
      .updateTable('app_user')
      .set({ totp_secret: null })
      .where('username', '=', 'sys_admin')
      .execute();
    const app = httpApp(t.db);
    const pending = await data<{
      step: string;
      challenge: string;
      enrollment: { secret: string; uri: string };
    }>(await post(app, '/trpc/auth.login', { username: 'sys_admin', password: PASSWORD }));
    expect(pending.step).toBe('enroll');
    expect(pending.enrollment.uri).toMatch(/^otpauth:\/\/totp\/.+sys_admin\?secret=/);
    // the pending secret is kept encrypted, not in clear
    const ch = await t.db.selectFrom('login_challenge').selectAll().executeTakeFirstOrThrow();
    expect(ch.secret_enc).not.toContain(pending.enrollment.secret);
    expect(ch.id).not.toBe(pending.challenge);

    const bad = await post(app, '/trpc/auth.loginStep', { challenge: pending.challenge, code: '123456' });
    expect(bad.status).toBe(401);
    const user0 = await t.db
      .selectFrom('app_user')
      .selectAll()
      .where('id', '=', f.users.sys_admin!)
      .executeTakeFirstOrThrow();
    expect(user0.totp_secret).toBeNull();

    const ok = await post(app, '/trpc/auth.loginStep', {
      challenge: pending.challenge,
      code: await totpCode(pending.enrollment.secret),
    });
    expect(ok.status).toBe(200);
    expect((await me(app, cookieOf(ok))).status).toBe(200);
    const user = await t.db
      .selectFrom('app_user')
      .selectAll()
      .where('id', '=', f.users.sys_admin!)
      .executeTakeFirstOrThrow();
    expect(user.totp_secret).toMatch(/^sm4gcm1:/);
    expect(user.totp_secret).not.toContain(pending.enrollment.secret);
    expect(decryptTotpSecret(user.totp_secret!)).toBe(pending.enrollment.secret);
    const enrol = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'auth.totp.enroll')
      .executeTakeFirstOrThrow();
    expect(enrol).toMatchObject({ actor_id: f.users.sys_admin, result: 'ok' });
  });

  it('drops an administrator’s session that was made without a second factor', async () => {
    const f = await buildFixture(t.db);
    await t.db
      .updateTable('app_user')
      .set({ totp_secret: null })
      .where('username', '=', 'audit_admin')
      .execute();
    const { token } = await createSession(t.db, f.users.audit_admin!, DEFAULT_AUTH_CONFIG);
    const res = await httpApp(t.db).request('/trpc/auth.me', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(401);
    expect(await t.db.selectFrom('user_session').selectAll().execute()).toEqual([]);
  });

  it('lets a business account enrol a second factor voluntarily; administrators cannot drop theirs', async () => {
    await buildFixture(t.db);
    const member = await callerAs(t.db, 'member');
    await expect(member.auth.totp.begin()).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const started = await member.auth.totp.begin({ password: PASSWORD });
    await expect(
      member.auth.totp.confirm({ challenge: started.challenge, code: '000000' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await member.auth.totp.confirm({ challenge: started.challenge, code: await totpCode(started.secret) });
    const pending = await login(t.db, { username: 'member', password: PASSWORD }, DEFAULT_AUTH_CONFIG);
    expect(pending).toMatchObject({ status: 'pending', step: 'totp' });
    // a wrong code changes nothing; the confirming code's step is spent, so reset the guard
    await expect(member.auth.totp.disable({ code: '000000' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await t.db
      .updateTable('app_user')
      .set({ totp_last_step: null })
      .where('username', '=', 'member')
      .execute();
    await member.auth.totp.disable({ code: await totpCode(started.secret) });
    expect(await login(t.db, { username: 'member', password: PASSWORD }, DEFAULT_AUTH_CONFIG)).toMatchObject({
      status: 'ok',
    });

    const admin = await callerAs(t.db, 'district_admin');
    await expect(admin.auth.totp.disable({ code: await totpCode(TOTP_SECRET) })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('locks the account after repeated wrong codes, audits it, and unlocks after the delay', async () => {
    const f = await buildFixture(t.db);
    const config = { ...DEFAULT_AUTH_CONFIG, maxFailures: 3 };
    const now = new Date();
    const statuses: string[] = [];
    for (let i = 0; i < 3; i++) {
      const p = await login(t.db, { username: 'kaohe', password: PASSWORD }, config, now);
      if (p.status !== 'pending') throw new Error('expected a challenge');
      statuses.push(
        await loginStep(t.db, { challenge: p.challenge, code: '000000' }, config, now).then(
          () => 'ok',
          (e: { messageKey: string }) => e.messageKey,
        ),
      );
    }
    expect(statuses).toEqual(['auth.badTotp', 'auth.badTotp', 'auth.locked']);
    await expect(login(t.db, { username: 'kaohe', password: PASSWORD }, config, now)).rejects.toMatchObject({
      messageKey: 'auth.locked',
    });
    const lockout = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'auth.lockout')
      .execute();
    expect(lockout).toHaveLength(1);
    expect(lockout[0]).toMatchObject({ actor_id: f.users.kaohe, object_id: String(f.users.kaohe) });
    // after lockMinutes the password works again (and the code step follows)
    const later = new Date(now.getTime() + (config.lockMinutes + 1) * 60_000);
    expect(await login(t.db, { username: 'kaohe', password: PASSWORD }, config, later)).toMatchObject({
      status: 'pending',
    });
  });

  it('asks for a new password once the old one expired, after the second factor', async () => {
    await buildFixture(t.db);
    const old = new Date(Date.now() - 91 * 86_400_000).toISOString();
    await t.db.updateTable('app_user').set({ password_changed_at: old }).execute();
    const app = httpApp(t.db);
    // a business account: straight to the new password
    const p = await data<{ status: string; step: string; challenge: string }>(
      await post(app, '/trpc/auth.login', { username: 'member', password: PASSWORD }),
    );
    expect(p).toMatchObject({ status: 'pending', step: 'password' });
    const weak = await post(app, '/trpc/auth.loginStep', { challenge: p.challenge, newPassword: 'abc' });
    expect(weak.status).toBe(400);
    const same = await post(app, '/trpc/auth.loginStep', { challenge: p.challenge, newPassword: PASSWORD });
    expect(same.status).toBe(400);
    const ok = await post(app, '/trpc/auth.loginStep', {
      challenge: p.challenge,
      newPassword: 'Renewed#2026pw',
    });
    expect(ok.status).toBe(200);
    expect((await me(app, cookieOf(ok))).status).toBe(200);
    expect((await post(app, '/trpc/auth.login', { username: 'member', password: PASSWORD })).status).toBe(
      401,
    );
    expect(
      (await data(await post(app, '/trpc/auth.login', { username: 'member', password: 'Renewed#2026pw' })))
        .status,
    ).toBe('ok');

    // an administrator: the code first, then the new password
    const a = await data<{ step: string; challenge: string }>(
      await post(app, '/trpc/auth.login', { username: 'audit_admin', password: PASSWORD }),
    );
    expect(a.step).toBe('totp');
    const b = await data<{ step: string; challenge: string }>(
      await post(app, '/trpc/auth.loginStep', { challenge: a.challenge, code: await totpCode(TOTP_SECRET) }),
    );
    expect(b.step).toBe('password');
    const c = await post(app, '/trpc/auth.loginStep', {
      challenge: b.challenge,
      newPassword: 'Auditor#2026new',
    });
    expect((await data(c)).status).toBe('ok');
    const renewals = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'auth.password.renew')
      .execute();
    expect(renewals).toHaveLength(2);
    // never expires with ZQ_PASSWORD_MAX_DAYS=0
    const never = createApp({
      db: t.db,
      authConfig: { ...DEFAULT_AUTH_CONFIG, passwordMaxAgeDays: 0 },
      logger,
    });
    expect(
      (await data(await post(never, '/trpc/auth.login', { username: 'unit_reporter', password: PASSWORD })))
        .status,
    ).toBe('ok');
  });

  it('signs out every session of the account on a password change', async () => {
    await buildFixture(t.db);
    const app = httpApp(t.db);
    const a = cookieOf(await httpSignIn(app, t.db, 'street1'));
    const b = cookieOf(await httpSignIn(app, t.db, 'street1'));
    const other = cookieOf(await httpSignIn(app, t.db, 'member'));
    expect((await me(app, a)).status).toBe(200);
    expect((await me(app, b)).status).toBe(200);
    const change = await post(
      app,
      '/trpc/auth.changePassword',
      { current: PASSWORD, next: 'Changed#2026pw' },
      { cookie: a },
    );
    expect(change.status).toBe(200);
    expect((await me(app, a)).status).toBe(401);
    expect((await me(app, b)).status).toBe(401);
    expect((await me(app, other)).status).toBe(200);
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'auth.changePassword')
      .execute();
    expect(audit).toHaveLength(1);
    // the password is never written to the audit log or returned
    const everything = JSON.stringify(await t.db.selectFrom('audit_log').selectAll().execute());
    expect(everything).not.toContain('Changed#2026pw');
    expect(everything).not.toContain(PASSWORD);
  });

  it('refuses a concurrent session when configured, or replaces the old one', async () => {
    await buildFixture(t.db);
    const refuse = createApp({
      db: t.db,
      authConfig: { ...DEFAULT_AUTH_CONFIG, concurrentSessions: 'refuse' },
      logger,
    });
    const first = cookieOf(await httpSignIn(refuse, t.db, 'member'));
    const second = await httpSignIn(refuse, t.db, 'member');
    expect(second.status).toBe(409);
    expect((await errorOf(second)).message).toContain('不允许同时登录');
    const denied = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'auth.login')
      .where('result', '=', 'denied')
      .execute();
    expect(JSON.parse(denied[0]!.after_json!)).toEqual({ reason: 'concurrent-session' });
    // an administrator's second sign-in is refused too, after the code
    await httpSignIn(refuse, t.db, 'ganbu');
    expect((await httpSignIn(refuse, t.db, 'ganbu')).status).toBe(409);
    // after signing out, a new sign-in works
    await post(refuse, '/trpc/auth.logout', undefined, { cookie: first });
    expect((await httpSignIn(refuse, t.db, 'member')).status).toBe(200);

    const replace = createApp({
      db: t.db,
      authConfig: { ...DEFAULT_AUTH_CONFIG, concurrentSessions: 'replace' },
      logger,
    });
    const old = cookieOf(await httpSignIn(replace, t.db, 'branch_secretary'));
    const fresh = cookieOf(await httpSignIn(replace, t.db, 'branch_secretary'));
    expect((await me(replace, old)).status).toBe(401);
    expect((await me(replace, fresh)).status).toBe(200);
  });

  it('ends a session at its absolute lifetime even when active', async () => {
    await buildFixture(t.db);
    const app = httpApp(t.db);
    const cookie = cookieOf(await httpSignIn(app, t.db, 'member'));
    await t.db
      .updateTable('user_session')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .execute();
    expect((await me(app, cookie)).status).toBe(401);
  });

  it('never returns password hashes or TOTP secrets', async () => {
    await buildFixture(t.db);
    const users = await (await callerAs(t.db, 'sys_admin')).auth.users.list({});
    const text = JSON.stringify(users);
    expect(text).not.toContain('password_hash');
    expect(text).not.toContain('totp_secret');
    expect(text).not.toContain('$argon2');
    expect(users.find((u) => u.username === 'sec_admin')?.totp_enrolled).toBe(1);
    expect(users.find((u) => u.username === 'member')?.totp_enrolled).toBe(0);
  });

  it('keeps accounts unique and passwords strong', async () => {
    const f = await buildFixture(t.db);
    const sys = await callerAs(t.db, 'sys_admin');
    const base = { displayName: '新用户', orgUnitId: f.streets[0]!.branch.id };
    await expect(
      sys.auth.users.create({ ...base, username: 'member', password: 'Another#2026pw' }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    for (const password of ['Short#1', 'alllowercase1', 'newuser#2026X', 'P@ssw0rd', 'Password1'])
      await expect(sys.auth.users.create({ ...base, username: 'newuser', password })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    const created = await sys.auth.users.create({ ...base, username: 'newuser', password: 'Strong#2026pw' });
    expect(created.username).toBe('newuser');
    expect(
      await t.db.selectFrom('app_user').selectAll().where('username', '=', 'newuser').execute(),
    ).toHaveLength(1);
  });
});
