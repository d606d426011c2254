import type { Database, Kysely, OrgKind } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import {
  AUDIT_XLSX_HEADERS,
  appendAuditMany,
  auditDetail,
  exportAuditXlsx,
  recordAudit,
  resolveAuditNames,
  viewRows,
} from './index.ts';

async function unit(db: Kysely<Database>, parent: number | null, kind: OrgKind, name: string, code: string) {
  const u = await db
    .insertInto('org_unit')
    .values({ parent_id: parent, kind, name, code, portal: null, created_at: 'x' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ancestors = parent
    ? await db.selectFrom('org_closure').selectAll().where('descendant_id', '=', parent).execute()
    : [];
  await db
    .insertInto('org_closure')
    .values([
      { ancestor_id: u.id, descendant_id: u.id, depth: 0 },
      ...ancestors.map((a) => ({ ancestor_id: a.ancestor_id, descendant_id: u.id, depth: a.depth + 1 })),
    ])
    .execute();
  return u.id;
}

/** A district with two streets whose branches have the same name, an account and a member. */
async function world(db: Kysely<Database>) {
  const district = await unit(db, null, 'district', '站前区', 'ZQ');
  const s1 = await unit(db, district, 'street', '站前街道', 'S1');
  const s2 = await unit(db, district, 'street', '八田地街道', 'S2');
  const b1 = await unit(
    db,
    await unit(db, s1, 'committee', '东升社区党委', 'S1C1'),
    'branch',
    '第一党支部',
    'B1',
  );
  const b2 = await unit(
    db,
    await unit(db, s2, 'committee', '东升社区党委', 'S2C1'),
    'branch',
    '第一党支部',
    'B2',
  );
  const user = await db
    .insertInto('app_user')
    .values({
      username: 'sysadmin',
      display_name: '系统管理员',
      password_hash: 'x',
      role: 'sys_admin',
      org_unit_id: district,
      member_id: null,
      password_changed_at: 'x',
      created_at: 'x',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const member = await db
    .insertInto('member')
    .values({
      branch_id: b2,
      name: '邵伟东',
      gender: 'M',
      birth_date: null,
      joined_at: null,
      id_card_enc: null,
      phone_enc: null,
      created_at: 'x',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { district, s1, s2, b1, b2, userId: user.id, memberId: member.id };
}

describeEachDialect('the audit log in words', (t) => {
  it('resolves actors, objects and units by name, a type at a time, and marks refusals', async () => {
    const w = await world(t.db);
    const who = { actorId: w.userId, actor: 'sysadmin' };
    await t.db.transaction().execute((trx) =>
      appendAuditMany(trx, [
        {
          ...who,
          action: 'auth.users.create',
          objectType: 'app_user',
          objectId: w.userId,
          orgUnitId: w.district,
        },
        { ...who, action: 'org.renameUnit', objectType: 'org_unit', objectId: w.b1, orgUnitId: w.b1 },
        {
          ...who,
          action: 'org.member.transfer',
          objectType: 'member',
          objectId: w.memberId,
          orgUnitId: w.b2,
        },
        { ...who, action: 'org.member.transfer', objectType: 'member', objectId: 99_999 },
        { ...who, action: 'audit.verify', objectType: 'procedure', result: 'denied' },
        { actorId: null, actor: 'zq-cli', action: 'backup.create', objectType: 'database' },
      ]),
    );
    const rows = await t.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    const names = await resolveAuditNames(t.db, rows);
    expect(names.users.get(w.userId)).toBe('系统管理员（sysadmin）');
    // Branch names repeat across streets: the street is shown.
    expect(names.units.get(w.b1)).toBe('站前街道 第一党支部');
    const view = await viewRows(t.db, rows, 'zh-CN');
    expect(view.map((v) => [v.actorLabel, v.actionLabel, v.objectLabel, v.unitLabel, v.resultLabel])).toEqual(
      [
        ['系统管理员（sysadmin）', '创建账号', '账号：系统管理员（sysadmin）', '站前区', '成功'],
        ['系统管理员（sysadmin）', '组织更名', '组织：站前街道 第一党支部', '站前街道 第一党支部', '成功'],
        [
          '系统管理员（sysadmin）',
          '党员组织关系转接',
          '党员：邵伟东（第一党支部）',
          '八田地街道 第一党支部',
          '成功',
        ],
        ['系统管理员（sysadmin）', '党员组织关系转接', '党员 #99999', null, '成功'],
        ['系统管理员（sysadmin）', '校验审计链', '校验审计链', null, '拒绝（无权限）'],
        ['zq-cli', '创建数据库备份', '数据库', null, '成功'],
      ],
    );
    expect(view[0]!.categoryLabel).toBe('登录与账号安全');
    expect((await viewRows(t.db, rows.slice(0, 1), 'en'))[0]).toMatchObject({
      actionLabel: 'Create account',
      resultLabel: 'Succeeded',
      objectLabel: 'Account：系统管理员（sysadmin）',
    });
  });

  it('opens one record with its before and after compared; an actor limit hides others’ records', async () => {
    const w = await world(t.db);
    const row = await recordAudit(t.db, {
      actorId: w.userId,
      actor: 'sysadmin',
      action: 'auth.users.setRole',
      objectType: 'app_user',
      objectId: w.userId,
      before: { role: 'pending' },
      after: { role: 'member' },
    });
    const d = (await auditDetail(t.db, row.id, 'zh-CN'))!;
    expect(d.changes).toEqual([
      { path: 'role', label: '角色', before: 'pending', after: 'member', kind: 'changed' },
    ]);
    expect([d.before, d.after, d.hash]).toEqual([{ role: 'pending' }, { role: 'member' }, row.hash]);
    expect(await auditDetail(t.db, row.id, 'zh-CN', w.userId + 1)).toBeUndefined();
    expect(await auditDetail(t.db, row.id + 1, 'zh-CN')).toBeUndefined();
  });

  it('exports the filtered log as xlsx with Chinese headers, in batches, under the export limits', async () => {
    const w = await world(t.db);
    const entries = Array.from({ length: 4500 }, (_, i) => ({
      actorId: w.userId,
      actor: 'sysadmin',
      action: i % 3 === 0 ? 'auth.login' : 'org.renameUnit',
      objectType: i % 3 === 0 ? 'app_user' : 'org_unit',
      objectId: i % 3 === 0 ? w.userId : w.b2,
      result: i % 2 === 0 ? ('ok' as const) : ('failed' as const),
      after: i === 1 ? { note: '=HYPERLINK("x")' } : undefined,
    }));
    await t.db.transaction().execute((trx) => appendAuditMany(trx, entries));
    await recordAudit(t.db, {
      actorId: null,
      actor: '=cmd|calc',
      action: 'org.renameUnit',
      objectType: 'org_unit',
    });
    const now = new Date('2026-06-30T17:00:00Z');
    const file = await exportAuditXlsx(t.db, w.userId, { actions: ['org.renameUnit'] }, 'zh-CN', now);
    expect(file.fileName).toBe('审计日志-20260701.xlsx');
    expect(file.records).toBe(3001);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('审计日志')!;
    const values = (n: number) => (ws.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual([...AUDIT_XLSX_HEADERS]);
    expect(ws.rowCount).toBe(3002);
    const first = values(2);
    expect(first.slice(2, 8)).toEqual([
      '系统管理员（sysadmin）',
      '组织与党员',
      '组织更名',
      '组织：八田地街道 第一党支部',
      undefined, // no unit recorded: an empty cell
      '失败',
    ]);
    expect(first[10]).toBe('{"note":"=HYPERLINK(\\"x\\")"}');
    expect(first[11]).toBe('org.renameUnit');
    // A value a spreadsheet would run is kept as text.
    expect(values(3002)[2]).toBe("'=cmd|calc");
    // Results and dates filter too; a filter over the limit is refused before anything is read.
    const failed = await exportAuditXlsx(t.db, w.userId, { result: 'ok', action: 'auth.' }, 'zh-CN', now);
    expect(failed.records).toBe(750);
    await expect(
      exportAuditXlsx(t.db, w.userId, {}, 'zh-CN', now, { perHour: 10, maxRows: 4000 }),
    ).rejects.toMatchObject({ messageKey: 'audit.exportTooLarge' });
  });
});
