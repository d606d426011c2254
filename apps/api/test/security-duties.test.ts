import { TRPCError } from '@trpc/server';
import { appRouter } from '@zhanqian/api-router';
import { DEFAULT_AUTH_CONFIG, login, type Permission, permissionsFor } from '@zhanqian/auth';
import { sql } from '@zhanqian/db';
import { describeEachDialect, tableCounts } from '@zhanqian/db/testing';
import { expect, it, vi } from 'vitest';
import { buildFixture, callerAs, httpApp, httpSignIn, PASSWORD } from './fixture.ts';

// Sign-ins hash passwords (argon2id): give each test room when the whole suite runs at once.
vi.setConfig({ testTimeout: 30_000 });

type Caller = Awaited<ReturnType<typeof callerAs>>;

/** Every procedure of the API with the permission(s) it declares. */
function declared(): { path: string; needs: Permission[] }[] {
  const procedures = appRouter._def.procedures as unknown as Record<
    string,
    { _def: { meta?: { permission?: Permission | Permission[] | 'public' | 'authenticated' } } }
  >;
  const out: { path: string; needs: Permission[] }[] = [];
  for (const [path, p] of Object.entries(procedures)) {
    const perm = p._def.meta?.permission;
    if (!perm || perm === 'public' || perm === 'authenticated') continue;
    out.push({ path, needs: Array.isArray(perm) ? perm : [perm] });
  }
  return out;
}

/** Calls a procedure by its dotted path with no input: the permission gate runs before input parsing. */
async function callPath(caller: Caller, path: string): Promise<string> {
  let target: unknown = caller;
  for (const part of path.split('.')) target = (target as Record<string, unknown>)[part];
  try {
    await (target as (input?: unknown) => Promise<unknown>)(undefined);
    return 'ok';
  } catch (e) {
    return e instanceof TRPCError ? e.code : 'error';
  }
}

const district = { kind: 'district' as const, portal: 'district' as const };

describeEachDialect('security: separation of duties (三员分立)', (t) => {
  it('the audit administrator can reach nothing but the audit log', async () => {
    await buildFixture(t.db);
    const auditor = await callerAs(t.db, 'audit_admin');
    const procs = declared();
    expect(procs.length).toBeGreaterThan(10);
    const reached: string[] = [];
    for (const { path, needs } of procs) {
      if (needs.includes('audit.read')) continue;
      if ((await callPath(auditor, path)) !== 'FORBIDDEN') reached.push(path);
    }
    expect(reached).toEqual([]);
    expect([...permissionsFor('audit_admin', district)]).toEqual(['audit.read']);
  });

  it('the system and security administrators cannot act in each other’s duty or the auditor’s', async () => {
    await buildFixture(t.db);
    const sys = await callerAs(t.db, 'sys_admin');
    const sec = await callerAs(t.db, 'sec_admin');
    const reached: string[] = [];
    for (const { path, needs } of declared()) {
      const sysAllowed = needs.some((p) => permissionsFor('sys_admin', district).has(p));
      const secAllowed = needs.some((p) => permissionsFor('sec_admin', district).has(p));
      if (!sysAllowed && (await callPath(sys, path)) !== 'FORBIDDEN') reached.push(`sys_admin→${path}`);
      if (!secAllowed && (await callPath(sec, path)) !== 'FORBIDDEN') reached.push(`sec_admin→${path}`);
    }
    expect(reached).toEqual([]);
    for (const proc of [
      'auth.users.unlock',
      'auth.users.setRole',
      'auth.users.resetTotp',
      'audit.list',
      'audit.export',
    ])
      expect([proc, await callPath(sys, proc)]).toEqual([
        proc,
        proc === 'audit.list' ? 'BAD_REQUEST' : 'FORBIDDEN',
      ]);
    for (const proc of ['auth.users.create', 'org.createUnit', 'audit.verify', 'audit.export'])
      expect([proc, await callPath(sec, proc)]).toEqual([proc, 'FORBIDDEN']);
  });

  it('only the security administrator changes roles, never across the three administrators', async () => {
    const f = await buildFixture(t.db);
    const sec = await callerAs(t.db, 'sec_admin');
    // a business account changes among business roles; its sessions end
    await login(t.db, { username: 'member', password: PASSWORD }, DEFAULT_AUTH_CONFIG);
    const changed = await sec.auth.users.setRole({ userId: f.users.member!, role: 'branch_secretary' });
    expect(changed.role).toBe('branch_secretary');
    expect(
      await t.db.selectFrom('user_session').selectAll().where('user_id', '=', f.users.member!).execute(),
    ).toEqual([]);
    const record = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'auth.users.setRole')
      .executeTakeFirstOrThrow();
    expect(record).toMatchObject({
      actor_id: f.users.sec_admin,
      object_id: String(f.users.member),
      result: 'ok',
    });
    expect(JSON.parse(record.before_json!)).toEqual({ role: 'member' });
    expect(JSON.parse(record.after_json!)).toEqual({ role: 'branch_secretary' });

    const before = await tableCounts(t.db);
    const refused = [
      { userId: f.users.member!, role: 'audit_admin' as const },
      { userId: f.users.district_admin!, role: 'sys_admin' as const },
      { userId: f.users.sys_admin!, role: 'district_admin' as const },
      { userId: f.users.audit_admin!, role: 'sec_admin' as const },
      { userId: f.users.sec_admin!, role: 'member' as const },
    ];
    for (const input of refused)
      await expect(sec.auth.users.setRole(input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await tableCounts(t.db)).toEqual(before);
    const roles = await t.db.selectFrom('app_user').select(['username', 'role']).orderBy('id').execute();
    expect(
      roles.filter((r) => ['sys_admin', 'sec_admin', 'audit_admin'].includes(r.role)).map((r) => r.username),
    ).toEqual(['sys_admin', 'sec_admin', 'audit_admin']);
    await expect(sec.auth.users.setRole({ userId: 999_999, role: 'member' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });

    for (const who of ['sys_admin', 'district_admin', 'audit_admin'])
      await expect(
        (await callerAs(t.db, who)).auth.users.setRole({ userId: f.users.branch_secretary!, role: 'member' }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('the security administrator resets a lost second factor; the account enrols again', async () => {
    const f = await buildFixture(t.db);
    const app = httpApp(t.db);
    const session = (await httpSignIn(app, t.db, 'kaohe')).headers.get('set-cookie')!.split(';')[0]!;
    await (await callerAs(t.db, 'sec_admin')).auth.users.resetTotp({ userId: f.users.kaohe! });
    expect((await app.request('/trpc/auth.me', { headers: { cookie: session } })).status).toBe(401);
    expect(await login(t.db, { username: 'kaohe', password: PASSWORD }, DEFAULT_AUTH_CONFIG)).toMatchObject({
      status: 'pending',
      step: 'enroll',
    });
    expect(
      await t.db.selectFrom('audit_log').select('actor_id').where('action', '=', 'auth.totp.reset').execute(),
    ).toEqual([{ actor_id: f.users.sec_admin }]);
  });
});

describeEachDialect('security: the audit trail', (t) => {
  it('records every security event with time, type, subject, object and result, in an intact chain', async () => {
    const f = await buildFixture(t.db);
    const config = { ...DEFAULT_AUTH_CONFIG, maxFailures: 2 };
    for (const pw of ['bad-1', 'bad-2'])
      await login(t.db, { username: 'unit_reporter', password: pw, ip: '10.0.0.9' }, config).catch(() => {});
    const sec = await callerAs(t.db, 'sec_admin');
    await sec.auth.users.unlock({ userId: f.users.unit_reporter! });
    await sec.auth.users.setRole({ userId: f.users.member!, role: 'branch_secretary' });
    await login(t.db, { username: 'unit_reporter', password: PASSWORD }, config);
    await (await callerAs(t.db, 'audit_admin')).audit.export({});
    const rows = await t.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    const seen = rows.map((r) => `${r.action}:${r.result}`);
    for (const e of [
      'auth.login:failed',
      'auth.lockout:ok',
      'auth.users.unlock:ok',
      'auth.users.setRole:ok',
      'auth.login:ok',
      'audit.export:ok',
    ])
      expect(seen).toContain(e);
    for (const r of rows) {
      expect(r.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(r.actor.length).toBeGreaterThan(0);
      expect(r.action.length).toBeGreaterThan(0);
      expect(r.object_type.length).toBeGreaterThan(0);
      expect(['ok', 'denied', 'failed']).toContain(r.result);
    }
    const failed = rows.find((r) => r.action === 'auth.login' && r.result === 'failed')!;
    expect(failed).toMatchObject({ actor: 'unit_reporter', object_type: 'app_user', ip: '10.0.0.9' });
    expect((await (await callerAs(t.db, 'audit_admin')).audit.verify()).ok).toBe(true);
  });

  it('exports the log for the auditor as CSV, audited; nobody else may export', async () => {
    const f = await buildFixture(t.db);
    await (await callerAs(t.db, 'sec_admin')).auth.users.unlock({ userId: f.users.member! });
    const auditor = await callerAs(t.db, 'audit_admin');
    const out = await auditor.audit.export({ action: 'auth.' });
    expect(out.filename).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(out.records).toBe(1);
    expect(out.csv.split('\r\n')[1]).toContain('auth.users.unlock');
    const exported = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'audit.export')
      .executeTakeFirstOrThrow();
    expect(exported).toMatchObject({ actor_id: f.users.audit_admin, result: 'ok' });
    expect(JSON.parse(exported.after_json!)).toMatchObject({ records: 1, format: 'csv' });

    for (const who of ['district_admin', 'sys_admin', 'sec_admin', 'member'])
      await expect((await callerAs(t.db, who)).audit.export({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const denied = await t.db
      .selectFrom('audit_log')
      .select(sql<number>`count(*)`.as('n'))
      .where('action', '=', 'audit.export')
      .where('result', '=', 'denied')
      .executeTakeFirstOrThrow();
    expect(Number(denied.n)).toBe(4);
    await expect(auditor.audit.export({ from: 'yesterday' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('shows business roles only their own records; the auditor sees all', async () => {
    const f = await buildFixture(t.db);
    await (await callerAs(t.db, 'sec_admin')).auth.users.unlock({ userId: f.users.member! });
    await login(t.db, { username: 'member', password: PASSWORD }, DEFAULT_AUTH_CONFIG);
    await login(t.db, { username: 'branch_secretary', password: PASSWORD }, DEFAULT_AUTH_CONFIG);
    const own = await (await callerAs(t.db, 'member')).audit.list({});
    expect(own.total).toBe(1);
    expect(own.rows.every((r) => r.actor_id === f.users.member)).toBe(true);
    const all = await (await callerAs(t.db, 'audit_admin')).audit.list({});
    expect(all.total).toBe(3);
  });

  it('the database refuses to alter or delete a record through the API’s connection', async () => {
    const f = await buildFixture(t.db);
    await (await callerAs(t.db, 'sec_admin')).auth.users.unlock({ userId: f.users.member! });
    await expect(t.db.updateTable('audit_log').set({ result: 'denied' }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db.deleteFrom('audit_log').execute()).rejects.toThrow(/180 days/);
    expect((await (await callerAs(t.db, 'audit_admin')).audit.verify()).ok).toBe(true);
  });
});
