import { TRPCError } from '@trpc/server';
import { appRouter } from '@zhanqian/api-router';
import { AUDIT_XLSX_HEADERS, hasActionLabel } from '@zhanqian/audit';
import { DEFAULT_AUTH_CONFIG, login } from '@zhanqian/auth';
import { shanghaiDate } from '@zhanqian/core';
import type { Database, Kysely } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import ExcelJS from 'exceljs';
import { describe, expect, it, vi } from 'vitest';
import { buildFixture, callerAs, type Fixture, PASSWORD } from './fixture.ts';

vi.setConfig({ testTimeout: 60_000 });

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return e instanceof TRPCError ? `${e.code}: ${e.message}` : String(e);
  }
}

/** A few events of every kind: a role granted, an unlock, a failed sign-in, a refusal, a rename. */
async function events(db: Kysely<Database>, f: Fixture) {
  await db.updateTable('app_user').set({ display_name: '王党员' }).where('username', '=', 'member').execute();
  const sec = await callerAs(db, 'sec_admin');
  await sec.auth.users.setRole({ userId: f.users.member!, role: 'branch_secretary' });
  await sec.auth.users.unlock({ userId: f.users.unit_reporter! });
  await login(db, { username: 'branch_secretary', password: 'wrong-one' }, DEFAULT_AUTH_CONFIG).catch(
    () => {},
  );
  await login(db, { username: 'branch_secretary', password: PASSWORD }, DEFAULT_AUTH_CONFIG);
  await (await callerAs(db, 'member')).audit.verify().catch(() => {});
  await (await callerAs(db, 'district_admin')).org.renameUnit({
    id: f.streets[1]!.branch.id,
    name: '八一支部',
    effectiveOn: '2026-01-01',
  });
}

const readXlsx = async (base64: string) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: unknown[][] = [];
  ws.eachRow((r) => {
    rows.push((r.values as unknown[]).slice(1));
  });
  return { name: ws.name, rows };
};

describe('audit labels', () => {
  it('every procedure path has a label (a refusal is recorded under its path)', () => {
    const paths = Object.keys(appRouter._def.procedures);
    expect(paths.length).toBeGreaterThan(150);
    expect(paths.filter((p) => !hasActionLabel(p))).toEqual([]);
  });
});

describeEachDialect('audit log on screen (#21 item 12)', (t) => {
  it('shows who did what to which object by name, with the result in words', async () => {
    const f = await buildFixture(t.db);
    await events(t.db, f);
    const auditor = await callerAs(t.db, 'audit_admin');
    const all = await auditor.audit.list({ pageSize: 200 });
    const find = (action: string, result = 'ok') =>
      all.rows.find((r) => r.action === action && r.result === result)!;
    expect(find('auth.users.setRole').labels).toEqual({
      actor: 'sec_admin',
      action: '授予或变更角色',
      category: '登录与账号安全',
      objectType: '账号',
      object: '账号：王党员（member）',
      unit: '街道1 支部1',
      result: '成功',
    });
    expect(find('auth.login', 'failed').labels).toMatchObject({
      action: '登录',
      object: '账号：branch_secretary',
      result: '失败',
    });
    // A refusal names the function refused.
    expect(find('audit.verify', 'denied').labels).toMatchObject({
      actor: '王党员（member）',
      action: '校验审计链',
      object: '校验审计链',
      result: '拒绝（无权限）',
    });
    expect(find('org.renameUnit').labels.object).toBe('组织：街道2 八一支部');
    // In English for an English page.
    const en = await (await callerAs(t.db, 'audit_admin', 'en')).audit.list({
      actions: ['auth.users.unlock'],
    });
    expect(en.rows[0]!.labels).toMatchObject({ action: 'Unlock account', result: 'Succeeded' });
    // The codes stay beside the words.
    expect(find('auth.users.setRole')).toMatchObject({
      object_type: 'app_user',
      actor_id: f.users.sec_admin,
    });
  });

  it('filters by who, what (category or action), when (Shanghai dates) and result', async () => {
    const f = await buildFixture(t.db);
    await events(t.db, f);
    const auditor = await callerAs(t.db, 'audit_admin');
    const actions = async (q: Parameters<typeof auditor.audit.list>[0]) =>
      (await auditor.audit.list({ ...q, pageSize: 200 })).rows.map((r) => `${r.action}:${r.result}`).sort();
    expect(await actions({ actorId: f.users.sec_admin })).toEqual([
      'auth.users.setRole:ok',
      'auth.users.unlock:ok',
    ]);
    expect(await actions({ action: 'org.' })).toEqual(['org.renameUnit:ok']);
    expect(await actions({ actions: ['auth.login', 'audit.verify'] })).toEqual([
      'audit.verify:denied',
      'auth.login:failed',
      'auth.login:ok',
    ]);
    expect(await actions({ result: 'failed' })).toEqual(['auth.login:failed']);
    expect(await actions({ result: 'denied', actorId: f.users.member })).toEqual(['audit.verify:denied']);
    const today = shanghaiDate();
    expect((await auditor.audit.list({ from: today, to: today })).total).toBe(6);
    expect((await auditor.audit.list({ to: '2025-12-31' })).total).toBe(0);
    expect((await auditor.audit.list({ from: '2099-01-01' })).total).toBe(0);
    // Bad input is refused, not run.
    expect(await codeOf(auditor.audit.list({ actions: ["x' or 1=1"] }))).toMatch(/^BAD_REQUEST/);
  });

  it('lets others read only their own records, whatever actor they ask for', async () => {
    const f = await buildFixture(t.db);
    await events(t.db, f);
    const member = await callerAs(t.db, 'member');
    const own = await member.audit.list({ actorId: f.users.sec_admin });
    expect(own.rows.map((r) => r.actor_id)).toEqual([f.users.member]);
    const ownId = own.rows[0]!.id;
    expect((await member.audit.get({ id: ownId })).action).toBe('audit.verify');
    const other = (await (await callerAs(t.db, 'audit_admin')).audit.list({ actorId: f.users.sec_admin }))
      .rows[0]!;
    expect(await codeOf(member.audit.get({ id: other.id }))).toMatch(/^NOT_FOUND/);
    expect(await codeOf(member.audit.actors({ search: 'sec' }))).toMatch(/^FORBIDDEN/);
    expect(await codeOf(member.audit.exportXlsx({}))).toMatch(/^FORBIDDEN/);
  });

  it('opens a record with its before and after compared', async () => {
    const f = await buildFixture(t.db);
    await events(t.db, f);
    const auditor = await callerAs(t.db, 'audit_admin');
    const row = (await auditor.audit.list({ actions: ['auth.users.setRole'] })).rows[0]!;
    const d = await auditor.audit.get({ id: row.id });
    expect(d).toMatchObject({
      actionLabel: '授予或变更角色',
      objectLabel: '账号：王党员（member）',
      resultLabel: '成功',
      before: { role: 'member' },
      after: { role: 'branch_secretary' },
      hash: row.hash,
    });
    expect(d.changes).toEqual([
      { path: 'role', label: '角色', before: 'member', after: 'branch_secretary', kind: 'changed' },
    ]);
    expect(await codeOf(auditor.audit.get({ id: 999_999 }))).toBe(
      'NOT_FOUND: 审计记录 #999999 不存在或无权查看',
    );
  });

  it('gives the filters their choices and finds accounts for “who”', async () => {
    await buildFixture(t.db);
    const auditor = await callerAs(t.db, 'audit_admin');
    const cat = await auditor.audit.catalogue();
    expect(cat.categories.find((c) => c.code === 'accounts')).toMatchObject({ label: '账号管理' });
    expect(cat.results.map((r) => r.label)).toEqual(['成功', '失败', '拒绝（无权限）']);
    expect((await auditor.audit.actors({ search: 'admin' })).map((a) => a.username)).toEqual([
      'audit_admin',
      'district_admin',
      'sec_admin',
      'sys_admin',
    ]);
    expect((await auditor.audit.actors({ search: 'admin%x' })).length).toBe(0);
    expect((await auditor.audit.actors({ search: 'T_A' })).map((a) => a.username)).toEqual([
      'audit_admin',
      'district_admin',
    ]);
  });

  it('exports the filtered records as xlsx, audited; nobody else may export', async () => {
    const f = await buildFixture(t.db);
    await events(t.db, f);
    const auditor = await callerAs(t.db, 'audit_admin');
    const file = await auditor.audit.exportXlsx({ action: 'auth.' });
    expect(file.fileName).toBe(`审计日志-${shanghaiDate().replace(/-/g, '')}.xlsx`);
    expect(file.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const sheet = await readXlsx(file.base64);
    expect(sheet.name).toBe('审计日志');
    expect(sheet.rows[0]).toEqual([...AUDIT_XLSX_HEADERS]);
    // setRole, unlock, a failed and a good sign-in: the filter's four, oldest first.
    expect(file.records).toBe(4);
    expect(sheet.rows.slice(1).map((r) => [r[4], r[7]])).toEqual([
      ['授予或变更角色', '成功'],
      ['解除账号锁定', '成功'],
      ['登录', '失败'],
      ['登录', '成功'],
    ]);
    expect(sheet.rows[1]![5]).toBe('账号：王党员（member）');
    const exported = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'audit.export')
      .where('result', '=', 'ok')
      .executeTakeFirstOrThrow();
    expect(exported.actor_id).toBe(f.users.audit_admin);
    expect(JSON.parse(exported.after_json!)).toEqual({
      filter: { action: 'auth.' },
      records: 4,
      format: 'xlsx',
    });
    // The export is itself in the log, in words.
    const listed = await auditor.audit.list({ actions: ['audit.export'] });
    expect(listed.rows[0]!.labels).toMatchObject({ action: '导出审计日志', object: '审计日志' });

    for (const who of ['district_admin', 'sys_admin', 'sec_admin', 'member'])
      expect(await codeOf((await callerAs(t.db, who)).audit.exportXlsx({}))).toMatch(/^FORBIDDEN/);
    const denied = await t.db
      .selectFrom('audit_log')
      .select('actor')
      .where('action', '=', 'audit.exportXlsx')
      .where('result', '=', 'denied')
      .execute();
    expect(denied.map((d) => d.actor).sort()).toEqual(['district_admin', 'member', 'sec_admin', 'sys_admin']);
  });

  it('counts the xlsx exports with the CSV ones against the hourly limit', async () => {
    await buildFixture(t.db);
    const auditor = await callerAs(t.db, 'audit_admin');
    for (let i = 0; i < 5; i++) await auditor.audit.export({});
    for (let i = 0; i < 5; i++) await auditor.audit.exportXlsx({});
    expect(await codeOf(auditor.audit.exportXlsx({}))).toBe(
      'TOO_MANY_REQUESTS: 导出过于频繁：每小时最多导出 10 次',
    );
    expect(await codeOf(auditor.audit.export({}))).toMatch(/^TOO_MANY_REQUESTS/);
  });
});
