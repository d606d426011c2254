import { TRPCError } from '@trpc/server';
import { ACTIVATION_SHEET_HEADERS, DEFAULT_AUTH_CONFIG, login, readActivationSheet } from '@zhanqian/auth';
import { describeEachDialect } from '@zhanqian/db/testing';
import { expect, it, vi } from 'vitest';
import { buildFixture, callerAs, type Fixture } from './fixture.ts';

vi.setConfig({ testTimeout: 60_000 });

const NEW_PASSWORD = 'Branch#2026-mine';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return e instanceof TRPCError ? `${e.code}: ${e.message}` : String(e);
  }
}

const readSheet = readActivationSheet;

/** Creates accounts for every member of the district without one; S2's first member proposed as secretary. */
async function createAll(db: Parameters<typeof callerAs>[0], f: Fixture) {
  const sys = await callerAs(db, 'sys_admin');
  const secretary = f.streets[1]!.members[0]!;
  const r = await sys.accounts.create({ unitId: f.district.id, secretaryMemberIds: [secretary.id] });
  return { r, sheet: await readSheet(r.sheet.base64), secretary };
}

describeEachDialect('accounts for real people: bulk creation and the activation sheet', (t) => {
  it('lists the members without an account, creates pending accounts with a sheet per branch, all audited', async () => {
    const f = await buildFixture(t.db);
    const sys = await callerAs(t.db, 'sys_admin');
    const candidates = await sys.accounts.candidates({ unitId: f.district.id });
    // The fixture's member account holds 党员1-1: three members are left.
    expect(candidates.members.map((m) => m.name)).toEqual(['党员1-2', '党员2-1', '党员2-2']);
    const auditBefore = Number(
      (
        await t.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.max('id').as('m'))
          .executeTakeFirst()
      )?.m ?? 0,
    );

    const { r, sheet, secretary } = await createAll(t.db, f);
    expect(r).toMatchObject({ created: 3, branches: 2, secretaries: 1 });
    expect(r.sheet.fileName).toMatch(/^站前区_账号激活单_\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(Object.keys(sheet)).toEqual(['支部1', '支部2']);
    expect(sheet['支部1']![0]).toEqual([...ACTIVATION_SHEET_HEADERS]);
    const users = await t.db
      .selectFrom('app_user')
      .selectAll()
      .where('username', 'like', 'm%')
      .where('role', '=', 'pending')
      .orderBy('member_id')
      .execute();
    expect(users).toHaveLength(3);
    const rows = [...sheet['支部1']!.slice(1), ...sheet['支部2']!.slice(1)];
    expect(rows.map((x) => [x[0], x[1]])).toEqual(users.map((u) => [u.display_name, u.username]));
    for (const row of rows) {
      expect(row[2]).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      expect(row[3]).toBe(r.validUntil);
    }
    expect(new Set(rows.map((x) => x[2])).size).toBe(3);
    // Each account sits in its member's branch, linked to the member, waiting for a role.
    for (const u of users) {
      const m = await t.db
        .selectFrom('member')
        .selectAll()
        .where('id', '=', u.member_id!)
        .executeTakeFirstOrThrow();
      expect([u.org_unit_id, u.password_must_change]).toEqual([m.branch_id, 1]);
    }
    // Only keyed hashes are stored; the proposal is recorded.
    const acts = await t.db.selectFrom('account_activation').selectAll().orderBy('user_id').execute();
    expect(acts.map((a) => a.proposed_role).sort()).toEqual(['branch_secretary', 'member', 'member']);
    for (const a of acts) expect(rows.some((x) => a.code_hash.includes(x[2]!.replace(/-/g, '')))).toBe(false);
    expect(
      acts.find((a) => a.user_id === users.find((u) => u.member_id === secretary.id)!.id)!.proposed_role,
    ).toBe('branch_secretary');
    const created = await t.db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('id', '>', auditBefore)
      .where('action', '=', 'auth.users.create')
      .execute();
    expect(created).toEqual(Array(3).fill({ action: 'auth.users.create', actor: 'sys_admin' }));

    // Nobody is left; a second run has nothing to do and changes nothing.
    expect((await sys.accounts.candidates({ unitId: f.district.id })).total).toBe(0);
    expect(await codeOf(sys.accounts.create({ unitId: f.district.id }))).toMatch(
      /^BAD_REQUEST: 所选组织内没有/,
    );
  });

  it('creates only the chosen members of one branch, and refuses members outside it without creating any', async () => {
    const f = await buildFixture(t.db);
    const sys = await callerAs(t.db, 'sys_admin', 'en');
    const s1 = f.streets[0]!;
    const s2 = f.streets[1]!;
    const before = await t.db.selectFrom('app_user').select('id').execute();
    expect(
      await codeOf(
        sys.accounts.create({ unitId: s2.branch.id, memberIds: [s2.members[0]!.id, s1.members[1]!.id] }),
      ),
    ).toMatch(/^BAD_REQUEST: These members are not on the roll/);
    // A member who has an account already is no candidate either.
    expect(
      await codeOf(sys.accounts.create({ unitId: s1.branch.id, memberIds: [s1.members[0]!.id] })),
    ).toMatch(/^BAD_REQUEST/);
    expect(await t.db.selectFrom('app_user').select('id').execute()).toHaveLength(before.length);
    const r = await sys.accounts.create({
      unitId: s2.branch.id,
      memberIds: [s2.members[1]!.id],
      validDays: 3,
    });
    expect(r.created).toBe(1);
    expect(r.sheet.fileName).toMatch(/^支部2_账号激活单_/);
  });
});

describeEachDialect('accounts for real people: activation', (t) => {
  it('refuses a wrong code, a weak password and an expired code; activates once; the password then signs in', async () => {
    const f = await buildFixture(t.db);
    const { sheet } = await createAll(t.db, f);
    const [, username, code] = sheet['支部2']![1]!;
    const anon = await callerAs(t.db, null, 'en');
    const activate = (c: string, newPassword = NEW_PASSWORD, u = username!) =>
      codeOf(anon.accounts.activate({ username: u, code: c, newPassword }));
    const failures = async () =>
      (
        await t.db
          .selectFrom('login_attempt')
          .selectAll()
          .where('username', '=', username!)
          .where('ok', '=', 0)
          .execute()
      ).length;

    // Before activation no password signs in.
    await expect(
      login(t.db, { username: username!, password: '!activation-pending' }, DEFAULT_AUTH_CONFIG),
    ).rejects.toMatchObject({
      messageKey: 'auth.badCredentials',
    });
    const baseline = await failures();

    expect(await activate('AAAA-BBBB-CCCC')).toBe(
      'UNAUTHORIZED: Wrong user name or activation code, or the code was already used',
    );
    expect(await failures()).toBe(baseline + 1);
    // Someone else's code does not open this account.
    expect(await activate(sheet['支部2']![2]![2]!)).toMatch(/^UNAUTHORIZED/);
    // An unknown user name answers like a wrong code.
    expect(await activate(code!, NEW_PASSWORD, 'nobody')).toBe(
      'UNAUTHORIZED: Wrong user name or activation code, or the code was already used',
    );
    // A weak password is refused before the code is looked at, and is not counted.
    expect(await activate(code!, 'password123')).toMatch(/^BAD_REQUEST/);
    expect(await activate(code!, `${username}#Aa1x`)).toMatch(/^BAD_REQUEST/);
    expect(await failures()).toBe(baseline + 2);

    // Expired.
    const user = await t.db
      .selectFrom('app_user')
      .selectAll()
      .where('username', '=', username!)
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable('account_activation')
      .set({ expires_at: '2020-01-01T00:00:00.000Z' })
      .where('user_id', '=', user.id)
      .execute();
    expect(await activate(code!)).toBe(
      'UNAUTHORIZED: The activation code expired; ask the system administrator for a new one',
    );
    const unchanged = await t.db
      .selectFrom('app_user')
      .selectAll()
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(unchanged.password_hash).toBe(user.password_hash);
    await t.db
      .updateTable('account_activation')
      .set({ expires_at: '2999-01-01T00:00:00.000Z' })
      .where('user_id', '=', user.id)
      .execute();

    // Lower case and without dashes, as typed on a phone.
    expect(
      await codeOf(
        anon.accounts.activate({
          username: username!,
          code: code!.toLowerCase().replace(/-/g, ''),
          newPassword: NEW_PASSWORD,
        }),
      ),
    ).toBe('ok');
    const after = await t.db
      .selectFrom('app_user')
      .selectAll()
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect([after.password_must_change, after.failed_count, after.role]).toEqual([0, 0, 'pending']);
    const signedIn = await login(t.db, { username: username!, password: NEW_PASSWORD }, DEFAULT_AUTH_CONFIG);
    expect(signedIn.status).toBe('ok');

    // The code is spent (in a fresh window: the four failures above stay counted until it ends).
    await t.db.deleteFrom('login_attempt').execute();
    expect(await activate(code!, 'Another#2026-pw')).toMatch(
      /^UNAUTHORIZED: Wrong user name or activation code/,
    );
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'result', 'actor', 'after_json'])
      .where('action', 'in', ['accounts.activate', 'auth.login'])
      .execute();
    expect(audit.filter((a) => a.result === 'ok' && a.action === 'accounts.activate')).toHaveLength(1);
    // Every wrong, expired or spent code of the account is a failed attempt in the audit log.
    expect(audit.filter((a) => a.result === 'failed' && a.after_json?.includes('"activation"'))).toHaveLength(
      4,
    );
  });

  it('locks the account after repeated wrong codes, like sign-in; a reissued sheet starts afresh and the old code dies', async () => {
    const f = await buildFixture(t.db);
    const { sheet } = await createAll(t.db, f);
    const [, username, code] = sheet['支部1']![1]!;
    const anon = await callerAs(t.db, null);
    for (let i = 0; i < DEFAULT_AUTH_CONFIG.maxFailures; i++)
      await codeOf(
        anon.accounts.activate({
          username: username!,
          code: `WRNG-WRNG-WRN${i + 2}`,
          newPassword: NEW_PASSWORD,
        }),
      );
    // Locked: even the right code is refused now.
    expect(
      await codeOf(anon.accounts.activate({ username: username!, code: code!, newPassword: NEW_PASSWORD })),
    ).toMatch(/^TOO_MANY_REQUESTS/);
    const user = await t.db
      .selectFrom('app_user')
      .selectAll()
      .where('username', '=', username!)
      .executeTakeFirstOrThrow();
    expect(user.locked_until).not.toBeNull();

    // A new sheet does not lift the lock (the security administrator's duty).
    await (await callerAs(t.db, 'sec_admin')).auth.users.unlock({ userId: user.id });
    const sys = await callerAs(t.db, 'sys_admin');
    const again = await sys.accounts.reissue({ userIds: [user.id] });
    const fresh = (await readSheet(again.sheet.base64))['支部1']![1]!;
    expect(fresh[1]).toBe(username);
    expect(fresh[2]).not.toBe(code);
    expect(
      await codeOf(anon.accounts.activate({ username: username!, code: code!, newPassword: NEW_PASSWORD })),
    ).toMatch(/^UNAUTHORIZED/);
    expect(
      await codeOf(
        anon.accounts.activate({ username: username!, code: fresh[2]!, newPassword: NEW_PASSWORD }),
      ),
    ).toBe('ok');
    // An activated account gets no new code.
    expect(await codeOf(sys.accounts.reissue({ userIds: [user.id] }))).toMatch(/^CONFLICT/);
  });

  it('spends a code once when the same activation arrives twice at once', async () => {
    const f = await buildFixture(t.db);
    const { sheet } = await createAll(t.db, f);
    const [, username, code] = sheet['支部2']![1]!;
    const anon = await callerAs(t.db, null);
    const results = await Promise.all(
      ['First#2026-pw', 'Second#2026-pw'].map((pw) =>
        codeOf(anon.accounts.activate({ username: username!, code: code!, newPassword: pw })),
      ),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    const used = await t.db
      .selectFrom('account_activation')
      .select('used_at')
      .where('used_at', 'is not', null)
      .execute();
    expect(used).toHaveLength(1);
  });
});

describeEachDialect('accounts for real people: roles by 三员分立', (t) => {
  it('only the system administrator creates, only the security administrator grants the proposed roles', async () => {
    const f = await buildFixture(t.db);
    for (const who of ['sec_admin', 'audit_admin', 'district_admin', 'branch_secretary', 'member']) {
      const c = await callerAs(t.db, who);
      expect(await codeOf(c.accounts.create({ unitId: f.district.id }))).toMatch(/^FORBIDDEN/);
      expect(await codeOf(c.accounts.candidates({ unitId: f.district.id }))).toMatch(/^FORBIDDEN/);
    }
    const { sheet, secretary } = await createAll(t.db, f);
    const pendingIds = (
      await t.db.selectFrom('app_user').select('id').where('role', '=', 'pending').execute()
    ).map((u) => u.id);
    for (const who of ['sys_admin', 'audit_admin', 'district_admin', 'member']) {
      const c = await callerAs(t.db, who);
      expect(await codeOf(c.accounts.grantRoles({ userIds: pendingIds }))).toMatch(/^FORBIDDEN/);
      expect(await codeOf(c.accounts.pending())).toMatch(/^FORBIDDEN/);
    }
    const sec = await callerAs(t.db, 'sec_admin');
    expect(await codeOf(sec.accounts.reissue({ userIds: pendingIds }))).toMatch(/^FORBIDDEN/);
    const pending = await sec.accounts.pending();
    expect(pending.map((p) => [p.displayName, p.proposedRole, p.activated])).toEqual([
      ['党员1-2', 'member', 0],
      ['党员2-1', 'branch_secretary', 0],
      ['党员2-2', 'member', 0],
    ]);
    // Never into one of the three administrators, nor any account that is not pending.
    expect(await codeOf(sec.accounts.grantRoles({ userIds: [f.users.member!] }))).toMatch(/^CONFLICT/);
    expect(
      await codeOf(sec.accounts.grantRoles({ userIds: pendingIds, role: 'sys_admin' as 'member' })),
    ).toMatch(/^BAD_REQUEST/);
    expect((await sec.accounts.grantRoles({ userIds: pendingIds })).granted).toBe(3);
    const roles = await t.db
      .selectFrom('app_user')
      .select(['member_id', 'role'])
      .where('id', 'in', pendingIds)
      .orderBy('member_id')
      .execute();
    expect(roles.find((r) => r.member_id === secretary.id)!.role).toBe('branch_secretary');
    expect(roles.filter((r) => r.role === 'member')).toHaveLength(2);
    const grants = await t.db
      .selectFrom('audit_log')
      .select('actor')
      .where('action', '=', 'auth.users.setRole')
      .execute();
    expect(grants).toEqual(Array(3).fill({ actor: 'sec_admin' }));
    // The secretary activates and signs in with a secretary's permissions.
    const row = sheet['支部2']!.find((x) => x[0] === '党员2-1')!;
    const anon = await callerAs(t.db, null);
    await anon.accounts.activate({ username: row[1]!, code: row[2]!, newPassword: NEW_PASSWORD });
    const s = await login(t.db, { username: row[1]!, password: NEW_PASSWORD }, DEFAULT_AUTH_CONFIG);
    expect(s.status).toBe('ok');
    const me = await callerAs(t.db, row[1]!);
    expect((await me.auth.me()).permissions).toContain('stars.rate');
  });

  it('keeps the system administrator of a street out of another street', async () => {
    const f = await buildFixture(t.db);
    // A system administrator whose unit is street 1 (scope: street 1 only).
    await t.db
      .updateTable('app_user')
      .set({ org_unit_id: f.streets[0]!.street.id })
      .where('username', '=', 'sys_admin')
      .execute();
    const sys = await callerAs(t.db, 'sys_admin');
    expect(await codeOf(sys.accounts.create({ unitId: f.streets[1]!.branch.id }))).toMatch(/^FORBIDDEN/);
    expect((await sys.accounts.create({ unitId: f.streets[0]!.branch.id })).created).toBe(1);
  });
});
