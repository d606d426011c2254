import { DEFAULT_AUTH_CONFIG, totpCode } from '@zhanqian/auth';
import type { Database, Kysely } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import { expect, it, vi } from 'vitest';
import type { createApp } from '../src/app.ts';
import { buildFixture, callerAs, httpApp, httpSignIn, PASSWORD, TOTP_SECRET } from './fixture.ts';

// The auth state machine under parallel requests (issue #15, defects 1, 3, 4, 5 and the
// smaller ones): every attempt is counted against the lock atomically, a code or a challenge
// is spent once, one lock order, and a session alone never changes credentials.
// Sign-ins hash passwords (argon2id) in parallel: give each test room.
vi.setConfig({ testTimeout: 60_000 });

type App = ReturnType<typeof createApp>;
const post = (app: App, path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-zq-client': 'test', ...headers },
    body: JSON.stringify(body),
  });
const dataOf = async <T = Record<string, unknown>>(res: Response) =>
  ((await res.json()) as { result: { data: T } }).result.data;
const cookieOf = (res: Response) => res.headers.get('set-cookie')?.split(';')[0] ?? '';
const userRow = (db: Kysely<Database>, username: string) =>
  db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
const sessionsOf = async (db: Kysely<Database>, userId: number) =>
  (await db.selectFrom('user_session').select('id').where('user_id', '=', userId).execute()).length;
const attempts = async (db: Kysely<Database>, username: string) =>
  (await db.selectFrom('login_attempt').select('id').where('username', '=', username).execute()).length;

async function until(check: () => Promise<boolean>, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 2));
  }
}

describeEachDialect('security: the auth state machine under parallel requests', (t) => {
  it('parallel wrong passwords lock the account, and the right one sent meanwhile neither signs in nor clears the lock', async () => {
    const f = await buildFixture(t.db);
    const app = httpApp(t.db);
    const wrong = Array.from({ length: 19 }, (_, i) =>
      post(app, '/trpc/auth.login', { username: 'member', password: `Wrong#pass${i}` }),
    );
    // The right password arrives once five attempts are under way (a batch's last item).
    await until(async () => (await attempts(t.db, 'member')) >= DEFAULT_AUTH_CONFIG.maxFailures);
    const right = await post(app, '/trpc/auth.login', { username: 'member', password: PASSWORD });
    const statuses = (await Promise.all(wrong)).map((r) => r.status);
    expect(right.status).toBe(429);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(await sessionsOf(t.db, f.users.member!)).toBe(0);
    const user = await userRow(t.db, 'member');
    expect(user.locked_until! > new Date().toISOString()).toBe(true);
    // Still locked afterwards: the right password is refused until the lock runs out.
    expect((await post(app, '/trpc/auth.login', { username: 'member', password: PASSWORD })).status).toBe(
      429,
    );
    const lockouts = await t.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'auth.lockout')
      .where('actor_id', '=', f.users.member!)
      .execute();
    expect(lockouts).toHaveLength(1);
  });

  it('24 parallel sign-ins with the right password last: locked at the end, no session, no 5xx', async () => {
    const f = await buildFixture(t.db);
    const app = httpApp(t.db);
    const all = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        post(app, '/trpc/auth.login', {
          username: 'member',
          password: i === 23 ? PASSWORD : `Wrong#pass${i}`,
        }),
      ),
    );
    expect(all.map((r) => r.status).filter((s) => s >= 500)).toEqual([]);
    expect(all.at(-1)!.status).toBe(429);
    expect(await sessionsOf(t.db, f.users.member!)).toBe(0);
    expect((await userRow(t.db, 'member')).locked_until! > new Date().toISOString()).toBe(true);
    // At most maxFailures attempts ever reached the password check: the others were refused at the lock.
    const failed = await t.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'auth.login')
      .where('result', '=', 'failed')
      .where('actor_id', '=', f.users.member!)
      .execute();
    expect(failed.length).toBeLessThanOrEqual(DEFAULT_AUTH_CONFIG.maxFailures);
  });

  it('a script signing in a few times at once is not locked out by its own successes', async () => {
    const f = await buildFixture(t.db);
    const app = httpApp(t.db);
    const all = await Promise.all(
      Array.from({ length: 8 }, () =>
        post(app, '/trpc/auth.login', { username: 'member', password: PASSWORD }),
      ),
    );
    const statuses = all.map((r) => r.status);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(DEFAULT_AUTH_CONFIG.maxFailures);
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    expect((await userRow(t.db, 'member')).locked_until).toBeNull();
    expect(await sessionsOf(t.db, f.users.member!)).toBe(statuses.filter((s) => s === 200).length);
    expect((await post(app, '/trpc/auth.login', { username: 'member', password: PASSWORD })).status).toBe(
      200,
    );
  });

  it('concurrent sign-ins of one account (right and wrong) never deadlock', async () => {
    await buildFixture(t.db);
    const app = httpApp(t.db, { ...DEFAULT_AUTH_CONFIG, maxFailures: 1000 });
    // Success and failure once took the account row and the audit chain's lock in opposite orders.
    for (const username of ['member', 'district_admin', 'member']) {
      const all = await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          post(app, '/trpc/auth.login', { username, password: i % 2 === 0 ? `Wrong#pass${i}` : PASSWORD }),
        ),
      );
      const statuses = all.map((r) => r.status);
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
      expect(statuses.filter((s) => s === 200)).toHaveLength(12);
    }
  });

  it('one challenge and code sent six times at once gives exactly one session', async () => {
    const f = await buildFixture(t.db);
    const app = httpApp(t.db);
    await t.db
      .updateTable('app_user')
      .set({ totp_last_step: null })
      .where('username', '=', 'sec_admin')
      .execute();
    const pending = await dataOf<{ challenge: string }>(
      await post(app, '/trpc/auth.login', { username: 'sec_admin', password: PASSWORD }),
    );
    const code = await totpCode(TOTP_SECRET);
    const all = await Promise.all(
      Array.from({ length: 6 }, () =>
        post(app, '/trpc/auth.loginStep', { challenge: pending.challenge, code }),
      ),
    );
    const statuses = all.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(await sessionsOf(t.db, f.users.sec_admin!)).toBe(1);
  });

  it('one code sent to two challenges at once is accepted once', async () => {
    const f = await buildFixture(t.db);
    const app = httpApp(t.db);
    await t.db
      .updateTable('app_user')
      .set({ totp_last_step: null })
      .where('username', '=', 'sec_admin')
      .execute();
    const challenges = await Promise.all(
      [0, 1, 2].map(async () =>
        dataOf<{ challenge: string }>(
          await post(app, '/trpc/auth.login', { username: 'sec_admin', password: PASSWORD }),
        ),
      ),
    );
    // Each sign-in replaces the account's pending challenge; keep the ones still stored.
    const code = await totpCode(TOTP_SECRET);
    const all = await Promise.all(
      challenges.map((c) => post(app, '/trpc/auth.loginStep', { challenge: c.challenge, code })),
    );
    expect(all.map((r) => r.status).filter((s) => s === 200).length).toBeLessThanOrEqual(1);
    expect(all.map((r) => r.status).filter((s) => s >= 500)).toEqual([]);
    expect(await sessionsOf(t.db, f.users.sec_admin!)).toBeLessThanOrEqual(1);
  });

  it("'refuse' concurrent sessions holds under parallel sign-ins: one session", async () => {
    const f = await buildFixture(t.db);
    const app = httpApp(t.db, { ...DEFAULT_AUTH_CONFIG, concurrentSessions: 'refuse' });
    const all = await Promise.all(
      Array.from({ length: 5 }, () =>
        post(app, '/trpc/auth.login', { username: 'member', password: PASSWORD }),
      ),
    );
    const statuses = all.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(4);
    // Refused sign-ins with the right password are not failures: the account is not locked.
    expect((await userRow(t.db, 'member')).locked_until).toBeNull();
    expect(await sessionsOf(t.db, f.users.member!)).toBe(1);
  });

  it('a session alone cannot replace the second factor: re-enrolment asks for the password or a current code', async () => {
    await buildFixture(t.db);
    const admin = await callerAs(t.db, 'district_admin');
    await expect(admin.auth.totp.begin()).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(admin.auth.totp.begin({ password: 'Wrong#pass1' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(admin.auth.totp.begin({ code: '000000' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const before = await userRow(t.db, 'district_admin');
    expect(before.failed_count).toBe(2);
    await t.db
      .updateTable('app_user')
      .set({ totp_last_step: null })
      .where('username', '=', 'district_admin')
      .execute();
    const started = await admin.auth.totp.begin({ code: await totpCode(TOTP_SECRET) });
    await admin.auth.totp.confirm({ challenge: started.challenge, code: await totpCode(started.secret) });
    const after = await userRow(t.db, 'district_admin');
    expect(after.totp_secret).not.toBe(before.totp_secret);
    const audited = await t.db
      .selectFrom('audit_log')
      .select(['action', 'after_json'])
      .where('actor_id', '=', after.id)
      .where('action', 'like', 'auth.totp.%')
      .orderBy('id')
      .execute();
    expect(audited.map((r) => r.action)).toEqual(['auth.totp.begin', 'auth.totp.enroll']);
    expect(JSON.parse(audited[0]!.after_json!)).toEqual({ proof: 'totp' });
  });

  it('guessing the current password through a session locks the account and ends its sessions', async () => {
    const f = await buildFixture(t.db);
    const app = httpApp(t.db);
    const cookie = cookieOf(await httpSignIn(app, t.db, 'member'));
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (
          await post(
            app,
            '/trpc/auth.changePassword',
            { current: `Wrong#guess${i}`, next: 'Another#2026pw' },
            { cookie },
          )
        ).status,
      );
    expect(statuses).toEqual([400, 400, 400, 400, 429, 401]);
    expect(await sessionsOf(t.db, f.users.member!)).toBe(0);
    expect((await userRow(t.db, 'member')).locked_until! > new Date().toISOString()).toBe(true);
    expect((await post(app, '/trpc/auth.login', { username: 'member', password: PASSWORD })).status).toBe(
      429,
    );
  });

  it('two password changes proven at once: one wins, the other is refused, no 5xx', async () => {
    const f = await buildFixture(t.db);
    const member = await callerAs(t.db, 'member');
    const results = await Promise.allSettled([
      member.auth.changePassword({ current: PASSWORD, next: 'Another#2026pw' }),
      member.auth.changePassword({ current: PASSWORD, next: 'Yetanother#2026pw' }),
    ]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    expect(ok).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(['CONFLICT', 'BAD_REQUEST']).toContain(refused.reason.code);
    const changes = await t.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'auth.changePassword')
      .where('actor_id', '=', f.users.member!)
      .execute();
    expect(changes).toHaveLength(1);
  });

  it('三员分立 at creation: no business role until the security administrator assigns one; the initial password is replaced at first sign-in', async () => {
    const f = await buildFixture(t.db);
    const sys = await callerAs(t.db, 'sys_admin');
    const created = await sys.auth.users.create({
      username: 'new.sec',
      displayName: '新书记',
      password: 'Initial#2026pw',
      orgUnitId: f.streets[0]!.branch.id,
    });
    expect(created.role).toBe('pending');
    const app = httpApp(t.db);
    const first = await dataOf<{ status: string; step: string; challenge: string }>(
      await post(app, '/trpc/auth.login', { username: 'new.sec', password: 'Initial#2026pw' }),
    );
    expect(first).toMatchObject({ status: 'pending', step: 'password' });
    const done = await post(app, '/trpc/auth.loginStep', {
      challenge: first.challenge,
      newPassword: 'Own#choice2026',
    });
    expect(done.status).toBe(200);
    const me = (await (
      await app.request('/trpc/auth.me', { headers: { cookie: cookieOf(done) } })
    ).json()) as {
      result: { data: { permissions: string[] } };
    };
    expect(me.result.data.permissions).toEqual([]);
    // the security administrator assigns the role; the system administrator cannot
    await expect(
      sys.auth.users.setRole({ userId: created.id, role: 'branch_secretary' }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const sec = await callerAs(t.db, 'sec_admin');
    await sec.auth.users.setRole({ userId: created.id, role: 'branch_secretary' });
    const again = await post(app, '/trpc/auth.login', { username: 'new.sec', password: 'Own#choice2026' });
    expect((await dataOf<{ status: string }>(again)).status).toBe('ok');
    expect((await userRow(t.db, 'new.sec')).password_must_change).toBe(0);
  });
});
