import { verifyAuditChain } from '@zhanqian/audit';
import { describeEachDialect, tableCounts } from '@zhanqian/db/testing';
import { expect, it } from 'vitest';
import { buildFixture, callerAs, PASSWORD } from './fixture.ts';

describeEachDialect('writes', (t) => {
  it('every mutation writes an audit row with before and after, inside one chain', async () => {
    const f = await buildFixture(t.db);
    const admin = await callerAs(t.db, 'district_admin');
    const unit = await admin.org.createUnit({
      parentId: f.streets[0]!.committee.id,
      kind: 'branch',
      name: '第9楼栋党支部',
      code: 'S1C1B9',
    });
    await admin.org.renameUnit({ id: unit.id, name: '第九楼栋党支部' });
    const sys = await callerAs(t.db, 'sys_admin');
    const created = await sys.auth.users.create({
      username: 'new.secretary',
      displayName: '新书记',
      password: 'Strong#Pass9',
      orgUnitId: unit.id,
    });
    expect(created).not.toHaveProperty('password_hash');
    await t.db
      .updateTable('app_user')
      .set({ locked_until: '2999-01-01T00:00:00.000Z' })
      .where('id', '=', created.id)
      .execute();
    await (await callerAs(t.db, 'sec_admin')).auth.users.unlock({ userId: created.id });
    const member = await callerAs(t.db, 'member');
    await member.auth.changePassword({ current: PASSWORD, next: 'Another#Pass7' });

    const rows = await t.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(rows.map((r) => r.action)).toEqual([
      'org.createUnit',
      'org.renameUnit',
      'auth.users.create',
      'auth.users.unlock',
      'auth.changePassword',
    ]);
    const rename = rows[1]!;
    expect(JSON.parse(rename.before_json!).name).toBe('第9楼栋党支部');
    expect(JSON.parse(rename.after_json!).name).toBe('第九楼栋党支部');
    expect(rows[2]!.after_json).not.toContain('password_hash');
    expect(rows.map((r) => r.after_json).join()).not.toContain('Strong#Pass9');
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, checked: 5 });
  });

  it('bad input is refused with a zh-CN message by default and changes nothing', async () => {
    const f = await buildFixture(t.db);
    const before = await tableCounts(t.db);
    const admin = await callerAs(t.db, 'district_admin');
    const err = await admin.org
      .createUnit({ parentId: f.district.id, kind: 'street', name: '   ', code: 'S9' })
      .catch((e) => e);
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toContain('名称不能为空');
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('bad input is refused in English when asked', async () => {
    const f = await buildFixture(t.db);
    const admin = await callerAs(t.db, 'district_admin', 'en');
    const err = await admin.org
      .createUnit({ parentId: f.district.id, kind: 'street', name: '', code: 'S9' })
      .catch((e) => e);
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toContain('is required');
  });

  it('a domain rule violation is localized and leaves the database unchanged', async () => {
    const f = await buildFixture(t.db);
    const before = await tableCounts(t.db);
    const zh = await callerAs(t.db, 'district_admin');
    const err = await zh.org
      .createUnit({ parentId: f.district.id, kind: 'branch', name: '支部', code: 'BX' })
      .catch((e) => e);
    expect(err).toMatchObject({ code: 'BAD_REQUEST', message: '“党支部”不能设在“区”之下' });
    const en = await callerAs(t.db, 'district_admin', 'en');
    const dup = await en.org
      .createUnit({ parentId: f.district.id, kind: 'street', name: '重复', code: 'S1' })
      .catch((e) => e);
    expect(dup).toMatchObject({ code: 'CONFLICT', message: 'The organization code “S1” is taken' });
    const weak = await (await callerAs(t.db, 'sys_admin')).auth.users
      .create({
        username: 'weak',
        displayName: 'w',
        password: 'weakweak',
        orgUnitId: f.district.id,
      })
      .catch((e) => e);
    expect(weak.code).toBe('BAD_REQUEST');
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('the system administrator gives no role at creation (三员分立): a role in the input is refused', async () => {
    const f = await buildFixture(t.db);
    const sys = await callerAs(t.db, 'sys_admin');
    for (const role of ['audit_admin', 'district_admin']) {
      const err = await sys.auth.users
        .create({
          username: 'second.auditor',
          displayName: 'a',
          password: 'Strong#Pass9',
          // @ts-expect-error: the input has no role; the security administrator assigns it
          role,
          orgUnitId: f.district.id,
        })
        .catch((e) => e);
      expect(err.code).toBe('BAD_REQUEST');
    }
    expect(
      await t.db.selectFrom('app_user').select('id').where('username', '=', 'second.auditor').execute(),
    ).toEqual([]);
  });
});
