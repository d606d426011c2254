import { TRPCError } from '@trpc/server';
import { DEFAULT_AUTH_CONFIG, login, readActivationSheet, resolveSession } from '@zhanqian/auth';
import type { Database, Kysely } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import { expect, it, vi } from 'vitest';
import { buildFixture, callerAs, PASSWORD } from './fixture.ts';

vi.setConfig({ testTimeout: 60_000 });

const MINE = 'Mine#2026-pass';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return e instanceof TRPCError ? `${e.code}: ${e.message}` : String(e);
  }
}

const auditOf = (db: Kysely<Database>, action: string) =>
  db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();

const sessionsOf = async (db: Kysely<Database>, userId: number) =>
  (await db.selectFrom('user_session').select('id').where('user_id', '=', userId).execute()).length;

describeEachDialect('users screen: accounts made, listed and reset on screen (#21 item 16)', (t) => {
  it('the system administrator makes an account: pending, a proposed role, a one-time initial password', async () => {
    const f = await buildFixture(t.db);
    const sys = await callerAs(t.db, 'sys_admin');
    const made = await sys.accounts.createOne({
      username: 'khb_li',
      displayName: '李考核',
      orgUnitId: f.departments.khb.id,
      proposedRole: 'dept_admin',
    });
    expect(made).toMatchObject({ username: 'khb_li', displayName: '李考核', proposedRole: 'dept_admin' });
    expect(made.initialPassword).toMatch(/^[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}$/);
    const row = await t.db
      .selectFrom('app_user')
      .selectAll()
      .where('id', '=', made.userId)
      .executeTakeFirstOrThrow();
    expect([row.role, row.proposed_role, row.password_must_change]).toEqual(['pending', 'dept_admin', 1]);
    // The initial password signs in only to be replaced.
    const first = await login(
      t.db,
      { username: 'khb_li', password: made.initialPassword },
      DEFAULT_AUTH_CONFIG,
    );
    expect(first).toMatchObject({ status: 'pending', step: 'password' });
    // Audited, without the password.
    const [created] = (await auditOf(t.db, 'auth.users.create')).filter(
      (r) => r.object_id === String(made.userId),
    );
    expect(created).toMatchObject({ actor: 'sys_admin', result: 'ok', org_unit_id: f.departments.khb.id });
    expect(JSON.parse(created!.after_json!)).toMatchObject({ role: 'pending', proposedRole: 'dept_admin' });
    const everything = JSON.stringify(await t.db.selectFrom('audit_log').selectAll().execute());
    expect(everything).not.toContain(made.initialPassword);

    // A member's account is linked to a member of the unit's roll, once.
    const s2 = f.streets[1]!;
    const m = await sys.accounts.createOne({
      username: 'dy_2_1',
      displayName: s2.members[0]!.name,
      orgUnitId: s2.branch.id,
      memberId: s2.members[0]!.id,
      proposedRole: 'member',
    });
    expect(m.userId).toBeGreaterThan(0);
    expect(
      await codeOf(
        sys.accounts.createOne({
          username: 'dy_2_1b',
          displayName: 'x',
          orgUnitId: s2.branch.id,
          memberId: s2.members[0]!.id,
          proposedRole: 'member',
        }),
      ),
    ).toBe('CONFLICT: 该党员已有账号（dy_2_1）');
    expect(
      await codeOf(
        sys.accounts.createOne({
          username: 'dy_x',
          displayName: 'x',
          orgUnitId: f.streets[0]!.branch.id,
          memberId: s2.members[1]!.id,
          proposedRole: 'member',
        }),
      ),
    ).toBe('BAD_REQUEST: 所选党员不在所选组织内');
    expect(
      await codeOf(
        sys.accounts.createOne({
          username: 'khb_li',
          displayName: '重名',
          orgUnitId: f.departments.khb.id,
          proposedRole: 'dept_admin',
        }),
      ),
    ).toMatch(/^CONFLICT/);
  });

  it('the system administrator grants no role; the security administrator grants the proposed one', async () => {
    const f = await buildFixture(t.db);
    const sys = await callerAs(t.db, 'sys_admin');
    const input = {
      username: 'rcb_wang',
      displayName: '王人才',
      orgUnitId: f.departments.rcb.id,
      proposedRole: 'dept_admin' as const,
    };
    // A role of its own, or a proposal of one of the three administrators, is refused.
    expect(await codeOf(sys.accounts.createOne({ ...input, role: 'dept_admin' } as never))).toMatch(
      /^BAD_REQUEST/,
    );
    expect(
      await codeOf(sys.accounts.createOne({ ...input, proposedRole: 'sec_admin' as 'dept_admin' })),
    ).toMatch(/^BAD_REQUEST/);
    const made = await sys.accounts.createOne(input);
    expect(await codeOf(sys.accounts.grantRoles({ userIds: [made.userId] }))).toMatch(/^FORBIDDEN/);
    expect(await codeOf(sys.auth.users.setRole({ userId: made.userId, role: 'dept_admin' }))).toMatch(
      /^FORBIDDEN/,
    );
    for (const who of ['sec_admin', 'audit_admin', 'district_admin', 'member'])
      expect(
        await codeOf((await callerAs(t.db, who)).accounts.createOne({ ...input, username: `x_${who}` })),
      ).toMatch(/^FORBIDDEN/);
    const sec = await callerAs(t.db, 'sec_admin');
    const pending = await sec.accounts.pending();
    expect(pending.find((p) => p.userId === made.userId)).toMatchObject({
      proposedRole: 'dept_admin',
      unitName: '人才办',
      activated: 0,
    });
    expect((await sec.accounts.grantRoles({ userIds: [made.userId] })).granted).toBe(1);
    const row = await t.db
      .selectFrom('app_user')
      .select('role')
      .where('id', '=', made.userId)
      .executeTakeFirstOrThrow();
    expect(row.role).toBe('dept_admin');
  });

  it('lists and searches accounts with role, unit and state; the security administrator too; nobody else', async () => {
    const f = await buildFixture(t.db);
    const sys = await callerAs(t.db, 'sys_admin');
    await t.db
      .updateTable('app_user')
      .set({ display_name: '张支书' })
      .where('username', '=', 'branch_secretary')
      .execute();
    // One locked, one from the roster not activated, one made on screen awaiting its role.
    await t.db
      .updateTable('app_user')
      .set({ locked_until: '2999-01-01T00:00:00.000Z' })
      .where('username', '=', 'unit_reporter')
      .execute();
    await sys.accounts.create({ unitId: f.streets[1]!.branch.id, memberIds: [f.streets[1]!.members[1]!.id] });
    await sys.accounts.createOne({
      username: 'zzb_new',
      displayName: '组织部新同志',
      orgUnitId: f.departments.zzb.id,
      proposedRole: 'district_admin',
    });

    const all = await sys.accounts.list({ pageSize: 200 });
    const byName = new Map(all.rows.map((r) => [r.username, r]));
    expect(all.total).toBe(all.rows.length);
    expect(byName.get('branch_secretary')).toMatchObject({
      displayName: '张支书',
      role: 'branch_secretary',
      unitName: '支部1',
      streetName: '街道1',
      state: 'active',
    });
    expect(byName.get('unit_reporter')).toMatchObject({ state: 'locked', locked: true });
    expect(byName.get(`m${f.streets[1]!.members[1]!.id}`)).toMatchObject({
      state: 'notActivated',
      activated: false,
      role: 'pending',
      proposedRole: 'member',
    });
    // Its initial password is its own to replace, but first it waits for its role.
    expect(byName.get('zzb_new')).toMatchObject({
      state: 'awaitingRole',
      activated: true,
      mustChangePassword: true,
      proposedRole: 'district_admin',
    });
    // Searched by name or user name; filtered by state, role and unit.
    expect((await sys.accounts.list({ search: '支书' })).rows.map((r) => r.username)).toEqual([
      'branch_secretary',
    ]);
    // `_` and `%` are letters in a search (user names hold underscores), and case does not matter.
    expect((await sys.accounts.list({ search: 'S_A' })).rows.map((r) => r.username)).toEqual(['sys_admin']);
    expect((await sys.accounts.list({ search: '%' })).total).toBe(0);
    expect((await sys.accounts.list({ state: 'locked' })).rows.map((r) => r.username)).toEqual([
      'unit_reporter',
    ]);
    expect((await sys.accounts.list({ state: 'notActivated' })).total).toBe(1);
    expect((await sys.accounts.list({ state: 'awaitingRole' })).rows.map((r) => r.username).sort()).toEqual(
      [`m${f.streets[1]!.members[1]!.id}`, 'zzb_new'].sort(),
    );
    expect((await sys.accounts.list({ role: 'sec_admin' })).rows.map((r) => r.username)).toEqual([
      'sec_admin',
    ]);
    expect(
      (await sys.accounts.list({ unitId: f.streets[0]!.street.id })).rows.map((r) => r.username).sort(),
    ).toEqual(['branch_secretary', 'member', 'street1', 'unit_reporter']);
    expect((await sys.accounts.list({ state: 'active', unitId: f.streets[0]!.street.id })).total).toBe(3);
    // The security administrator reads the same list (to unlock and grant).
    expect((await (await callerAs(t.db, 'sec_admin')).accounts.list({ state: 'locked' })).total).toBe(1);
    for (const who of ['audit_admin', 'district_admin', 'member', 'street1'])
      expect(await codeOf((await callerAs(t.db, who)).accounts.list({}))).toMatch(/^FORBIDDEN/);
  });

  it('keeps a street’s system administrator to its street', async () => {
    const f = await buildFixture(t.db);
    await t.db
      .updateTable('app_user')
      .set({ org_unit_id: f.streets[0]!.street.id })
      .where('username', '=', 'sys_admin')
      .execute();
    const sys = await callerAs(t.db, 'sys_admin');
    const names = (await sys.accounts.list({ pageSize: 200 })).rows.map((r) => r.username).sort();
    expect(names).toEqual(['branch_secretary', 'member', 'street1', 'sys_admin', 'unit_reporter']);
    expect(await codeOf(sys.accounts.list({ unitId: f.streets[1]!.street.id }))).toMatch(/^FORBIDDEN/);
    expect(
      await codeOf(
        sys.accounts.createOne({
          username: 'other',
          displayName: '外街道',
          orgUnitId: f.streets[1]!.branch.id,
          proposedRole: 'member',
        }),
      ),
    ).toMatch(/^FORBIDDEN/);
    await t.db
      .updateTable('app_user')
      .set({ org_unit_id: f.streets[1]!.branch.id })
      .where('username', '=', 'kaohe')
      .execute();
    expect(await codeOf(sys.accounts.resetPassword({ userId: f.users.kaohe! }))).toMatch(/^FORBIDDEN/);
  });

  it('resets a password: a one-time initial password, shown once, sessions ended, audited', async () => {
    const f = await buildFixture(t.db);
    const signedIn = await login(t.db, { username: 'member', password: PASSWORD }, DEFAULT_AUTH_CONFIG);
    expect(signedIn.status).toBe('ok');
    expect(await sessionsOf(t.db, f.users.member!)).toBe(1);
    const sys = await callerAs(t.db, 'sys_admin');
    const r = await sys.accounts.resetPassword({ userId: f.users.member! });
    expect(r).toMatchObject({ userId: f.users.member, username: 'member' });
    expect(await sessionsOf(t.db, f.users.member!)).toBe(0);
    if (signedIn.status === 'ok')
      expect(await resolveSession(t.db, signedIn.token, DEFAULT_AUTH_CONFIG)).toBeNull();
    // The old password no longer signs in; the initial one must be replaced at once.
    await expect(
      login(t.db, { username: 'member', password: PASSWORD }, DEFAULT_AUTH_CONFIG),
    ).rejects.toMatchObject({ messageKey: 'auth.badCredentials' });
    const next = await login(t.db, { username: 'member', password: r.initialPassword }, DEFAULT_AUTH_CONFIG);
    expect(next).toMatchObject({ status: 'pending', step: 'password' });
    const row = await t.db
      .selectFrom('app_user')
      .selectAll()
      .where('id', '=', f.users.member!)
      .executeTakeFirstOrThrow();
    expect(row.password_must_change).toBe(1);
    const [audit] = await auditOf(t.db, 'accounts.resetPassword');
    expect(audit).toMatchObject({ actor: 'sys_admin', object_id: String(f.users.member), result: 'ok' });
    expect(JSON.parse(audit!.after_json!)).toEqual({ password_must_change: 1, sessionsRevoked: 1 });
    expect(JSON.stringify(await t.db.selectFrom('audit_log').selectAll().execute())).not.toContain(
      r.initialPassword,
    );
  });

  it('refuses a reset to everyone else, and for the three administrators, oneself, or an account not activated', async () => {
    const f = await buildFixture(t.db);
    for (const who of ['sec_admin', 'audit_admin', 'district_admin', 'street1', 'member'])
      expect(
        await codeOf((await callerAs(t.db, who)).accounts.resetPassword({ userId: f.users.member! })),
      ).toMatch(/^FORBIDDEN/);
    const denied = await t.db
      .selectFrom('audit_log')
      .select('actor')
      .where('action', '=', 'accounts.resetPassword')
      .where('result', '=', 'denied')
      .execute();
    expect(denied).toHaveLength(5);
    const sys = await callerAs(t.db, 'sys_admin');
    for (const target of ['sec_admin', 'audit_admin'])
      expect(await codeOf(sys.accounts.resetPassword({ userId: f.users[target]! }))).toBe(
        'FORBIDDEN: 三员账号（系统、安全、审计管理员）的密码不能由系统管理员重置（三员分立）',
      );
    expect(await codeOf(sys.accounts.resetPassword({ userId: f.users.sys_admin! }))).toMatch(
      /^FORBIDDEN: 不能在此重置自己的密码/,
    );
    const { sheet } = await sys.accounts.create({ unitId: f.streets[1]!.branch.id }).then(async (c) => ({
      sheet: await readActivationSheet(c.sheet.base64),
    }));
    const username = sheet['支部2']![1]![1]!;
    const id = (
      await t.db
        .selectFrom('app_user')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirstOrThrow()
    ).id;
    expect(await codeOf(sys.accounts.resetPassword({ userId: id }))).toBe(
      `CONFLICT: 账号 ${username} 尚未激活：请重新签发激活码`,
    );
    // Nothing changed for the refused ones.
    expect((await login(t.db, { username: 'member', password: PASSWORD }, DEFAULT_AUTH_CONFIG)).status).toBe(
      'ok',
    );
  });

  it('reissues the activation codes of a branch, or of the accounts chosen, as a new sheet', async () => {
    const f = await buildFixture(t.db);
    const sys = await callerAs(t.db, 'sys_admin');
    const created = await readActivationSheet(
      (await sys.accounts.create({ unitId: f.district.id })).sheet.base64,
    );
    // One of street 2's accounts is activated: it gets no new code.
    const [, activatedName, activatedCode] = created['支部2']![1]!;
    await (await callerAs(t.db, null)).accounts.activate({
      username: activatedName!,
      code: activatedCode!,
      newPassword: MINE,
    });
    const byBranch = await sys.accounts.reissue({ unitId: f.streets[1]!.branch.id, validDays: 7 });
    expect(byBranch.reissued).toBe(1);
    expect(byBranch.sheet.fileName).toMatch(/^支部2_账号激活单_/);
    const sheet = await readActivationSheet(byBranch.sheet.base64);
    expect(Object.keys(sheet)).toEqual(['支部2']);
    expect(sheet['支部2']!.slice(1).map((r) => r[1])).toEqual([created['支部2']![2]![1]]);
    expect(sheet['支部2']![1]![2]).not.toBe(created['支部2']![2]![2]);
    // The district: every account still waiting, across branches.
    expect((await sys.accounts.reissue({ unitId: f.district.id })).reissued).toBe(2);
    expect(await codeOf(sys.accounts.reissue({ unitId: f.streets[1]!.branch.id, userIds: [1] }))).toMatch(
      /^BAD_REQUEST/,
    );
    expect(await codeOf(sys.accounts.reissue({}))).toMatch(/^BAD_REQUEST/);
    expect(await codeOf(sys.accounts.reissue({ unitId: f.departments.khb.id }))).toBe(
      'BAD_REQUEST: 所选组织内没有尚未激活的账号',
    );
    expect(
      await codeOf((await callerAs(t.db, 'sec_admin')).accounts.reissue({ unitId: f.district.id })),
    ).toMatch(/^FORBIDDEN/);
    const reissued = await auditOf(t.db, 'accounts.reissue');
    expect(reissued.map((r) => r.result)).toEqual(['ok', 'ok', 'ok', 'denied']);
  });
});

describeEachDialect('an account activated before its role is granted (#14)', (t) => {
  it('signs in, is told it awaits its role, and has its role at the next sign-in after the grant', async () => {
    const f = await buildFixture(t.db);
    const sys = await callerAs(t.db, 'sys_admin');
    const sheet = await readActivationSheet(
      (
        await sys.accounts.create({
          unitId: f.streets[1]!.branch.id,
          memberIds: [f.streets[1]!.members[0]!.id],
        })
      ).sheet.base64,
    );
    const [, username, code] = sheet['支部2']![1]!;
    await (await callerAs(t.db, null)).accounts.activate({
      username: username!,
      code: code!,
      newPassword: MINE,
    });
    const first = await login(t.db, { username: username!, password: MINE }, DEFAULT_AUTH_CONFIG);
    expect(first.status).toBe('ok');
    const me = await callerAs(t.db, username!);
    expect(await me.accounts.awaiting()).toEqual({
      awaitingRole: true,
      proposedRole: 'member',
      unitName: '支部2',
    });
    expect((await me.auth.me()).permissions).toEqual([]);
    expect(await codeOf(me.org.members({}))).toMatch(/^FORBIDDEN/);

    const user = await t.db
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', username!)
      .executeTakeFirstOrThrow();
    await (await callerAs(t.db, 'sec_admin')).accounts.grantRoles({ userIds: [user.id] });
    // The grant ends the session: the role applies at the next sign-in.
    if (first.status === 'ok')
      expect(await resolveSession(t.db, first.token, DEFAULT_AUTH_CONFIG)).toBeNull();
    const again = await login(t.db, { username: username!, password: MINE }, DEFAULT_AUTH_CONFIG);
    expect(again.status).toBe('ok');
    const now = await callerAs(t.db, username!);
    expect(await now.accounts.awaiting()).toEqual({
      awaitingRole: false,
      proposedRole: null,
      unitName: '支部2',
    });
    expect((await now.auth.me()).permissions).toContain('stars.read');
  });
});

describeEachDialect('system.info: the district’s own name for the titles (#14)', (t) => {
  it('answers the root unit’s name to anyone, and null on an empty platform', async () => {
    const anon = await callerAs(t.db, null);
    expect(await anon.system.info()).toEqual({ district: null });
    const f = await buildFixture(t.db);
    expect(await anon.system.info()).toEqual({ district: { name: '站前区', code: 'ZQ' } });
    await t.db.updateTable('org_unit').set({ name: '西市区' }).where('id', '=', f.district.id).execute();
    expect((await anon.system.info()).district?.name).toBe('西市区');
  });
});
