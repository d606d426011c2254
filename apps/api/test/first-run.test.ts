import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { TRPCError } from '@trpc/server';
import { DEFAULT_AUTH_CONFIG, issueSetupCode, login, SETUP_CODE_MAX_ATTEMPTS } from '@zhanqian/auth';
import { createDb, type Database, type Kysely, migrateToLatest } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import { afterEach, expect, it, vi } from 'vitest';
import { passwordEnv, runInit } from '../src/cli/init.ts';
import { buildFixture, callerAs } from './fixture.ts';

vi.setConfig({ testTimeout: 60_000 });

const run = promisify(execFile);
const CLI = resolve(import.meta.dirname, '../src/cli/main.ts');

async function zq(url: string, args: string[], env: Record<string, string> = {}) {
  try {
    const r = await run(process.execPath, [CLI, ...args], {
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent', ...env },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const count = async (db: Kysely<Database>, table: 'org_unit' | 'app_user' | 'setup_code') =>
  Number((await db.selectFrom(table).select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

const ADMINS = {
  district_admin: { username: 'zzb', displayName: '组织部管理员' },
  sys_admin: { username: 'sys1', displayName: '系统管理员' },
  sec_admin: { username: 'sec1', displayName: '安全管理员' },
  audit_admin: { username: 'aud1', displayName: '审计管理员' },
};
const DISTRICT = { name: '站前区', code: 'ZQ' };

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return e instanceof TRPCError ? `${e.code}: ${e.message}` : String(e);
  }
}

describeEachDialect('first run: zq init', (t) => {
  it('creates the district and the four administrators with one-time passwords and no second factor', async () => {
    const result = await runInit(
      t.db,
      { name: DISTRICT.name, code: DISTRICT.code, secUsername: 'security' },
      { [passwordEnv('audit_admin')]: 'Audit#2026-first' },
    );
    expect(result.district).toMatchObject({
      kind: 'district',
      parent_id: null,
      code: 'ZQ',
      portal: 'district',
    });
    const users = await t.db.selectFrom('app_user').selectAll().orderBy('id').execute();
    expect(
      users.map((u) => [u.username, u.role, u.org_unit_id, u.password_must_change, u.totp_secret]),
    ).toEqual([
      ['admin', 'district_admin', result.district.id, 1, null],
      ['sysadmin', 'sys_admin', result.district.id, 1, null],
      ['security', 'sec_admin', result.district.id, 1, null],
      ['auditadmin', 'audit_admin', result.district.id, 1, null],
    ]);
    const audit = result.accounts.find((a) => a.role === 'audit_admin')!;
    expect(audit.password).toBe('Audit#2026-first');
    const passwords = new Set(result.accounts.map((a) => a.password));
    expect(passwords.size).toBe(4);
    // The closure row of the root exists: the district's subtree is itself.
    const closure = await t.db.selectFrom('org_closure').selectAll().execute();
    expect(closure).toEqual([
      { ancestor_id: result.district.id, descendant_id: result.district.id, depth: 0 },
    ]);
    // Each printed password signs in, and the next step is enrolling the second factor.
    for (const a of result.accounts) {
      const r = await login(t.db, { username: a.username, password: a.password }, DEFAULT_AUTH_CONFIG);
      expect(r).toMatchObject({ status: 'pending', step: 'enroll' });
    }
    const actions = await t.db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('actor', '=', 'zq-cli')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['setup.init', ...Array(4).fill('auth.users.create')]);
  });

  it('refuses when the database already holds a district, changing nothing', async () => {
    await buildFixture(t.db);
    const before = [await count(t.db, 'org_unit'), await count(t.db, 'app_user')];
    await expect(runInit(t.db, { ...DISTRICT, code: 'ZQ2' }, {})).rejects.toMatchObject({
      messageKey: 'setup.alreadyDone',
    });
    expect([await count(t.db, 'org_unit'), await count(t.db, 'app_user')]).toEqual(before);
  });

  it('refuses a weak scripted password or two administrators with one user name, creating nothing', async () => {
    await expect(runInit(t.db, DISTRICT, { [passwordEnv('sys_admin')]: 'short' })).rejects.toMatchObject({
      messageKey: 'auth.weakPassword',
    });
    await expect(runInit(t.db, { ...DISTRICT, secUsername: 'sysadmin' }, {})).rejects.toMatchObject({
      messageKey: 'setup.duplicateUsername',
    });
    expect([await count(t.db, 'org_unit'), await count(t.db, 'app_user')]).toEqual([0, 0]);
  });
});

describeEachDialect('first run: the command line', (t) => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('zq init prints the accounts once, then exits 1 with the reason on a database that holds a district', async () => {
    let url = t.url;
    let db = t.db;
    if (t.dialect === 'sqlite') {
      dir = mkdtempSync(join(tmpdir(), 'zq-init-'));
      url = join(dir, 'z.sqlite');
      db = createDb({ dialect: 'sqlite', path: url });
      await migrateToLatest(db);
    }
    try {
      const help = await zq(url, ['init', '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('--name <name>');
      expect(help.stdout).toContain('ZQ_INIT_PASSWORD_SYS_ADMIN');

      const first = await zq(url, ['init', '--name', '站前区', '--code', 'ZQ', '--json']);
      expect(first.code).toBe(0);
      const out = JSON.parse(first.stdout) as {
        accounts: { role: string; username: string; password: string }[];
      };
      expect(out.accounts.map((a) => a.role)).toEqual([
        'district_admin',
        'sys_admin',
        'sec_admin',
        'audit_admin',
      ]);
      expect(out.accounts.every((a) => a.password.length >= 12)).toBe(true);

      const again = await zq(url, ['init', '--name', '别的区', '--code', 'X']);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('平台已有区级组织');
      expect(await count(db, 'org_unit')).toBe(1);
    } finally {
      if (db !== t.db) await db.destroy();
    }
  });
});

describeEachDialect('first run: the setup page (setup.status, setup.init)', (t) => {
  const input = (code: string) => ({ code, district: DISTRICT, admins: ADMINS });

  it('reports an empty platform, creates the district with a valid code, and refuses once it exists', async () => {
    const anon = await callerAs(t.db, null);
    expect(await anon.setup.status()).toEqual({ empty: true, codeIssued: false });
    const { code } = await issueSetupCode(t.db);
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(await anon.setup.status()).toEqual({ empty: true, codeIssued: true });
    // Only the keyed hash is stored.
    const row = await t.db.selectFrom('setup_code').selectAll().executeTakeFirstOrThrow();
    expect(row.code_hash).not.toContain(code.replace(/-/g, ''));

    const done = await anon.setup.init(input(code.toLowerCase().replace(/-/g, ' ')));
    expect(done.district).toMatchObject({ name: '站前区', code: 'ZQ' });
    expect(done.accounts.map((a) => [a.role, a.username])).toEqual([
      ['district_admin', 'zzb'],
      ['sys_admin', 'sys1'],
      ['sec_admin', 'sec1'],
      ['audit_admin', 'aud1'],
    ]);
    for (const a of done.accounts) {
      const r = await login(t.db, { username: a.username, password: a.password }, DEFAULT_AUTH_CONFIG);
      expect(r).toMatchObject({ status: 'pending', step: 'enroll' });
    }
    expect(await anon.setup.status()).toEqual({ empty: false, codeIssued: false });
    // The same code again, or a new one: the district exists.
    expect(await codeOf(anon.setup.init(input(code)))).toMatch(/^CONFLICT: 平台已有区级组织/);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'actor', 'result']).execute();
    expect(audit.filter((a) => a.action === 'setup.init' && a.result === 'ok')).toHaveLength(1);
  });

  it('refuses a wrong, used or expired code and creates nothing; too many wrong guesses kill the code', async () => {
    const anon = await callerAs(t.db, null, 'en');
    const nothing = async () =>
      expect([await count(t.db, 'org_unit'), await count(t.db, 'app_user')]).toEqual([0, 0]);

    // No code issued at all.
    expect(await codeOf(anon.setup.init(input('AAAA-BBBB-CCCC')))).toBe(
      'UNAUTHORIZED: Wrong or already used setup code',
    );
    await nothing();

    // Expired.
    const old = await issueSetupCode(t.db, new Date(Date.now() - 3 * 3600_000));
    expect(await codeOf(anon.setup.init(input(old.code)))).toMatch(/^UNAUTHORIZED: The setup code expired/);
    await nothing();

    // Used (spent by an earlier request).
    const used = await issueSetupCode(t.db);
    await t.db.updateTable('setup_code').set({ used_at: new Date().toISOString() }).execute();
    expect(await codeOf(anon.setup.init(input(used.code)))).toBe(
      'UNAUTHORIZED: Wrong or already used setup code',
    );
    await nothing();

    // Wrong guesses count against the live code: it dies, even for the right code afterwards.
    const live = await issueSetupCode(t.db);
    for (let i = 0; i < SETUP_CODE_MAX_ATTEMPTS; i++)
      expect(await codeOf(anon.setup.init(input('WRNG-WRNG-WRNG')))).toMatch(/^UNAUTHORIZED/);
    expect(await codeOf(anon.setup.init(input(live.code)))).toMatch(/^UNAUTHORIZED: The setup code expired/);
    expect(await anon.setup.status()).toEqual({ empty: true, codeIssued: false });
    await nothing();
    const failures = await t.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('action', '=', 'setup.init')
      .where('result', '=', 'failed')
      .execute();
    expect(failures.length).toBe(SETUP_CODE_MAX_ATTEMPTS + 4);

    // Bad input (two administrators with one name) is refused before the code is looked at.
    const fresh = await issueSetupCode(t.db);
    const dup = {
      ...input(fresh.code),
      admins: { ...ADMINS, sec_admin: { username: 'SYS1', displayName: 'x' } },
    };
    expect(await codeOf(anon.setup.init(dup))).toMatch(/^BAD_REQUEST: The four administrators/);
    await nothing();
    // …and the code still works.
    expect(await codeOf(anon.setup.init(input(fresh.code)))).toBe('ok');
  });

  it('throttles an address that keeps guessing', async () => {
    await issueSetupCode(t.db);
    const config = { ...DEFAULT_AUTH_CONFIG, maxFailuresPerIp: 3 };
    const { setupWithCode } = await import('@zhanqian/auth');
    const guess = () =>
      setupWithCode(
        t.db,
        'XXXX-XXXX-XXXX',
        { district: DISTRICT, admins: ADMINS },
        { ip: '10.0.0.9' },
        config,
      );
    for (let i = 0; i < 3; i++) await expect(guess()).rejects.toMatchObject({ messageKey: 'setup.badCode' });
    await expect(guess()).rejects.toMatchObject({ messageKey: 'auth.throttled' });
  });
});
