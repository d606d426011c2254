import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, formatViolations } from './axe.ts';
import { baseUrl, login, openBrowser, PHONE, shot } from './browser.ts';

/**
 * The users screen and the audit log in the browser (issue #21 items 12 and 16, #14 leftovers):
 * the system administrator creates an account (its one-time password shown once), the person
 * signs in with it and is told they await their role, the system administrator resets that
 * password and reissues a branch's activation codes; the audit administrator reads the log in
 * words, filters it, opens a record's before/after and exports it to xlsx; the console's title
 * is the district's own name (renamed, it follows).
 */

const NEW_USER = 'e2e_khb';
const NEW_NAME = '考核办新同志';
const MINE = 'Kaohe#2026-mine';

async function trpc<T = any>(
  page: Page,
  kind: 'query' | 'mutation',
  proc: string,
  input: unknown = {},
): Promise<T> {
  const url = `${baseUrl()}/trpc/${proc}`;
  const headers = { 'content-type': 'application/json', 'x-zq-client': 'web' };
  const r =
    kind === 'query'
      ? await page.request.get(`${url}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers })
      : await page.request.post(url, { data: input, headers });
  expect(r.status(), `${proc} ${await r.text()}`).toBe(200);
  return ((await r.json()) as { result: { data: T } }).result.data;
}

/** axe checks what is rendered: wait for no request, the fonts, and antd's entrance animations. */
async function noViolations(page: Page): Promise<string> {
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.waitForTimeout(600);
  return formatViolations(await axeViolations(page));
}

async function downloadOf(page: Page, click: () => Promise<void>): Promise<Download> {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  return d;
}

async function readXlsx(download: Download): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync((await download.path())!) as never);
  const rows: string[][] = [];
  wb.worksheets[0]!.eachRow((r) => {
    rows.push((r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))));
  });
  return rows;
}

/** Opens an antd (Tree)Select by its test id, types, and picks the option with that text. */
async function pick(page: Page, testId: string, typed: string, option: string) {
  await page.getByTestId(testId).click();
  await page.keyboard.type(typed);
  const dropdown = page.locator('.ant-select-dropdown:visible');
  await dropdown
    .locator('.ant-select-tree-title, .ant-select-item-option-content', { hasText: option })
    .first()
    .click();
}

const shanghaiToday = () =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());

describe('用户管理 and 审计日志 on screen', () => {
  let desk: BrowserContext;
  let initialPassword = '';
  beforeAll(async () => {
    desk = await openBrowser();
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('shows the district’s own name as the title, and follows a rename', async () => {
    const page = await desk.newPage();
    await page.goto(`${baseUrl()}/admin/login`);
    await expect.poll(() => page.getByTestId('login-title').textContent()).toBe('站前区组织工作平台');
    expect(await page.title()).toBe('站前区组织工作平台');
    await login(page, 'admin', 'admin');
    expect(await page.getByTestId('app-title').textContent()).toBe('站前区组织工作平台');
    const root = (
      await trpc<{ id: number; name: string; parent_id: number | null }[]>(page, 'query', 'org.tree', {
        depth: 0,
      })
    ).find((u) => u.parent_id === null)!;
    try {
      await trpc(page, 'mutation', 'org.renameUnit', {
        id: root.id,
        name: '站前新区',
        effectiveOn: shanghaiToday(),
      });
      await page.reload();
      await expect.poll(() => page.getByTestId('app-title').textContent()).toBe('站前新区组织工作平台');
      expect(await page.title()).toBe('站前新区组织工作平台');
      const fresh = await (await openBrowser()).newPage();
      await fresh.goto(`${baseUrl()}/admin/login`);
      await expect.poll(() => fresh.getByTestId('login-title').textContent()).toBe('站前新区组织工作平台');
      await shot(fresh, 'admin-accounts-01-title-renamed');
      await fresh.context().close();
    } finally {
      await trpc(page, 'mutation', 'org.renameUnit', {
        id: root.id,
        name: '站前区',
        effectiveOn: shanghaiToday(),
      });
    }
    await page.close();
    await desk.clearCookies();
  });

  it('the system administrator creates an account; its one-time password signs in to “awaiting a role”', async () => {
    const page = await desk.newPage();
    await login(page, 'admin', 'sysadmin');
    await page.goto(`${baseUrl()}/admin/users`);
    await page.getByTestId('accounts-table').locator('tbody tr').first().waitFor();
    expect(await noViolations(page)).toBe('');
    await page.getByTestId('new-account-open').click();
    await page.getByTestId('new-account-username').fill(NEW_USER);
    await page.getByTestId('new-account-name').fill(NEW_NAME);
    await pick(page, 'new-account-unit', '考核', '考核办');
    await shot(page, 'admin-accounts-02-new-account');
    await page.locator('#new-account-ok').click();
    const once = page.getByTestId('password-once');
    await once.waitFor();
    initialPassword = (await once.locator('code').first().textContent())!.trim();
    expect(initialPassword).toMatch(/^[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}$/);
    await shot(page, 'admin-accounts-03-password-once');
    await page.getByTestId('password-once-close').click();
    await page.getByTestId('accounts-search').locator('input').fill(NEW_USER);
    await expect.poll(() => page.getByTestId(`state-${NEW_USER}`).textContent()).toBe('待授予角色');
    const row = page.locator('tr', { hasText: NEW_USER });
    expect(await row.textContent()).toContain('拟定：部门管理员');
    await page.close();
    await desk.clearCookies();

    // The person signs in with it, sets their own password, and is told they await their role.
    const own = await desk.newPage();
    await own.goto(`${baseUrl()}/admin/login`);
    await own.locator('input[autocomplete="username"]').fill(NEW_USER);
    await own.locator('input[autocomplete="current-password"]').fill(initialPassword);
    await own.locator('button[type="submit"]').click();
    await own.locator('input[autocomplete="new-password"]').fill(MINE);
    await own.locator('button[type="submit"]').click();
    await own.getByTestId('awaiting-role').waitFor();
    expect(await own.getByTestId('awaiting-proposed').textContent()).toContain('部门管理员');
    await shot(own, 'admin-accounts-04-awaiting-role');
    await own.close();
    await desk.clearCookies();
  });

  it('resets that password (shown once) and reissues a branch’s activation codes', async () => {
    const page = await desk.newPage();
    await login(page, 'admin', 'sysadmin');
    await page.goto(`${baseUrl()}/admin/users`);
    await page.getByTestId('accounts-search').locator('input').fill(NEW_USER);
    await page.getByTestId(`reset-${NEW_USER}`).click();
    await page.locator('#reset-ok').click();
    const once = page.getByTestId('password-once');
    await once.waitFor();
    const reset = (await once.locator('code').first().textContent())!.trim();
    expect(reset).not.toBe(initialPassword);
    await shot(page, 'admin-accounts-05-reset');
    await page.getByTestId('password-once-close').click();
    await expect.poll(() => page.getByTestId('password-once').count()).toBe(0);
    // The password the person chose no longer signs in.
    const refused = await page.request.post(`${baseUrl()}/trpc/auth.login`, {
      data: { username: NEW_USER, password: MINE },
      headers: { 'content-type': 'application/json', 'x-zq-client': 'web' },
    });
    expect(refused.status()).toBe(401);

    // Accounts for a branch of the roll, then their codes reissued (a lost sheet).
    const tree = await trpc<{ id: number; name: string; kind: string }[]>(page, 'query', 'org.tree', {
      depth: 3,
    });
    const branches = tree.filter((u) => u.kind === 'branch');
    let branch: { id: number; name: string } | undefined;
    for (const b of branches.slice(-20)) {
      const c = await trpc<{ total: number }>(page, 'query', 'accounts.candidates', { unitId: b.id });
      if (c.total > 0 && c.total <= 60 && tree.filter((u) => u.name === b.name).length === 1) {
        branch = b;
        break;
      }
    }
    expect(branch, 'a branch with members and no accounts').toBeDefined();
    await pick(page, 'accounts-unit', branch!.name, branch!.name);
    const first = await readXlsx(await downloadOf(page, () => page.getByTestId('accounts-create').click()));
    const header = first.findIndex((r) => r[0] === '姓名');
    const created = first.slice(header + 1);
    expect(created.length).toBeGreaterThan(0);
    await pick(page, 'reissue-unit', branch!.name, branch!.name);
    await shot(page, 'admin-accounts-06-reissue');
    const sheet = await downloadOf(page, () => page.getByTestId('reissue-unit-go').click());
    expect(sheet.suggestedFilename()).toMatch(
      new RegExp(`^${branch!.name}_账号激活单_\\d{4}-\\d{2}-\\d{2}\\.xlsx$`),
    );
    const again = (await readXlsx(sheet)).slice(header + 1);
    expect(again.map((r) => r[1])).toEqual(created.map((r) => r[1]));
    for (let i = 0; i < again.length; i++) expect(again[i]![2]).not.toBe(created[i]![2]);
    // Or the accounts ticked in the list.
    await page.getByTestId('accounts-search').locator('input').fill(created[0]![1]!);
    const row = page.getByTestId('accounts-table').locator('tbody tr', { hasText: created[0]![1]! });
    await row.locator('.ant-checkbox-input').check();
    const one = await downloadOf(page, () => page.getByTestId('reissue-selected').click());
    const [ticked] = (await readXlsx(one)).slice(header + 1);
    expect(ticked![1]).toBe(created[0]![1]);
    await page.close();
    await desk.clearCookies();

    // Activated before the security administrator grants the role: the phone says so (#14).
    const phone = await openBrowser(PHONE);
    const m = await phone.newPage();
    await trpc(m, 'mutation', 'accounts.activate', {
      username: ticked![1],
      code: ticked![2],
      newPassword: MINE,
    });
    await login(m, 'm', ticked![1]!, MINE);
    await m.getByText('等待安全管理员授予角色').waitFor();
    expect(await m.getByTestId('awaiting-proposed').textContent()).toContain('党员');
    await shot(m, 'admin-accounts-06b-member-awaiting-role');
    await phone.close();
  });

  it('the audit administrator reads the log in words, filters it, opens a record and exports it', async () => {
    const page = await desk.newPage();
    await login(page, 'admin', 'auditor');
    await page.goto(`${baseUrl()}/admin/audit`);
    const table = page.getByTestId('audit-table');
    await table.locator('tbody tr').first().waitFor();
    await expect.poll(() => table.textContent()).toContain('登录');
    // No raw codes on screen.
    const text = (await table.textContent())!;
    for (const raw of ['auth.', 'app_user', 'org_unit']) expect(text).not.toContain(raw);
    expect(await noViolations(page)).toBe('');
    await shot(page, 'admin-accounts-07-audit-log');

    // Who: the system administrator; what: 重置密码; result: 成功.
    await page.getByTestId('audit-filter-actor').click();
    await page.keyboard.type('sysadmin');
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '系统管理员（sysadmin）' })
      .click();
    await pick(page, 'audit-filter-what', '重置密码', '重置密码');
    await page.getByTestId('audit-filter-result').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '成功' }).click();
    const rows = table.locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(`账号：${NEW_NAME}（${NEW_USER}）`);
    await shot(page, 'admin-accounts-08-audit-filtered');

    // The detail: before/after compared.
    await rows.first().getByRole('button', { name: '详情' }).click();
    const drawer = page.getByTestId('audit-detail');
    const diff = page.getByTestId('audit-diff');
    await diff.waitFor();
    expect(await diff.textContent()).toContain('须修改密码');
    expect(await diff.textContent()).toContain('已注销的会话');
    await shot(page, 'admin-accounts-09-audit-detail');
    await drawer.locator('.ant-drawer-close').click();

    // Export what the filters select.
    const file = await downloadOf(page, () => page.getByTestId('audit-export').click());
    expect(file.suggestedFilename()).toBe(`审计日志-${shanghaiToday().replace(/-/g, '')}.xlsx`);
    const sheet = await readXlsx(file);
    expect(sheet[0]!.slice(0, 8)).toEqual([
      '序号',
      '时间（北京时间）',
      '操作人',
      '操作类别',
      '操作',
      '对象',
      '所属组织',
      '结果',
    ]);
    expect(sheet.slice(1).map((r) => [r[2], r[4], r[7]])).toEqual([
      ['系统管理员（sysadmin）', '重置密码', '成功'],
    ]);
    // The export is in the log too.
    await page.getByTestId('audit-filter-reset').click();
    await pick(page, 'audit-filter-what', '导出审计日志', '导出审计日志');
    await expect.poll(async () => (await rows.first().textContent()) ?? '').toContain('导出审计日志');
    expect(await rows.first().textContent()).toContain('审计管理员（auditor）');
    await page.close();
  });
});
