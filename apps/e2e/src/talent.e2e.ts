import { crc32, deflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, DESKTOP, login, openBrowser, PHONE, shot } from './browser.ts';

/** A solid-colour PNG (a scanned document stands in), written by hand: no image library needed. */
function png(width: number, height: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A one-page PDF with a line of text and a valid cross-reference table. */
function pdf(text: string): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${`BT /F1 18 Tf 30 100 Td (${text}) Tj ET`.length} >>\nstream\nBT /F1 18 Tf 30 100 Td (${text}) Tj ET\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** This year in Asia/Shanghai (exports are named by it). */
const thisYear = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date());

/** An amount as the screens show it: yuan with two decimals, never fen. */
// amounts in yuan as the console writes them: '80,000.00 元' (a no-break space before 元)
const YUAN = /^[\d,]+\.\d{2}\s元$/;

/** No amount on the page reads in fen ("8000000 分"). */
async function noFen(page: Page) {
  expect(await page.locator('body').textContent()).not.toMatch(/\d\s*分(?![数钟类])/);
}

/** Picks the first option of an antd Select (by its test id): open it, take the active option. */
async function pickFirst(page: Page, testId: string) {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option-active').last().waitFor();
  await page.keyboard.press('Enter');
}

/** '1,234.50 元' → 123450 (fen). */
const fenOf = (text: string | null) => Math.round(Number((text ?? '').replace(/[^\d.-]/g, '')) * 100);
const thisMonth = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' })
    .format(new Date())
    .slice(0, 7);

/** Polls with room for a round trip to the server (vitest's default is 1 s). */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 });

/** No i18n key leaks onto the screen untranslated. */
async function noRawKeys(page: Page) {
  expect(await page.locator('body').textContent()).not.toMatch(/\b(tl|talent\.elig)\.[a-zA-Z]/);
}

/** Confirms the open antd Popconfirm. */
async function confirmPop(page: Page) {
  const ok = page.locator('.ant-popover:visible .ant-btn-primary');
  await ok.click();
  await ok.waitFor({ state: 'hidden' });
}

describe('talent: a subsidy from the phone to the fund ledger', () => {
  let phone: BrowserContext;
  let desk: BrowserContext;
  let member: Page;
  let staff: Page;
  let talentName = '';
  let amountFen = 0;
  let availableBefore = 0;

  beforeAll(async () => {
    phone = await openBrowser(PHONE);
    desk = await openBrowser(DESKTOP);
    member = await phone.newPage();
    staff = await desk.newPage();
    for (const p of [member, staff])
      p.on('pageerror', (e) => console.error('page error:', e.message, e.stack));
  });
  afterAll(async () => {
    await phone?.close();
    await desk?.close();
  });

  it('the demo member is a talent and applies for the housing subsidy, the draft surviving a reload', async () => {
    await login(member, 'm', 'dangyuan');
    await member.goto(`${baseUrl()}/m/talent`);
    await member.getByTestId('tl-m-record').waitFor();
    talentName = ((await member.getByTestId('tl-m-name').textContent()) ?? '').trim();
    expect(talentName.length).toBeGreaterThan(1);
    // the seeded settling application is under way; housing is still open
    await poll(() => member.getByTestId('tl-m-status-settling').textContent()).toBe('已提交');
    await member.getByTestId('tl-m-kind').getByText('购房补贴').click();
    await member.getByTestId('tl-m-note').locator('textarea').fill('已签订购房合同，申请购房补贴。');
    await member.waitForTimeout(400);
    await member.reload();
    await poll(() => member.getByTestId('tl-m-note').locator('textarea').inputValue()).toContain('购房合同');
    await noRawKeys(member);
    await shot(member, 'talent-member-apply-draft');
    await member.getByTestId('tl-m-submit').click();
    await poll(() => member.getByTestId('tl-m-notice').textContent()).toContain('申请已提交');
    await poll(() => member.getByTestId('tl-m-status-housing').textContent()).toBe('已提交');
    amountFen = fenOf(
      await member.getByTestId('tl-m-app-housing').locator('.adm-card-header-title').textContent(),
    );
    expect(amountFen).toBe(15_000_000); // tier C: 150,000 yuan
    await shot(member, 'talent-member-submitted');
  });

  it('the talent attaches the house purchase contract on the phone and previews it', async () => {
    const card = member.getByTestId('tl-m-app-housing');
    // 购房合同 is the kind offered first for a housing subsidy
    await card.locator('input[type="file"]').setInputFiles({
      name: '购房合同.png',
      mimeType: 'image/png',
      buffer: png(240, 160, [200, 22, 29]),
    });
    await poll(() => member.getByTestId('tl-m-notice').textContent()).toContain('已添加材料：购房合同.png');
    const item = card.getByTestId('tl-m-att-item').filter({ hasText: '购房合同.png' });
    await item.click();
    const img = member.getByTestId('tl-m-att-preview').locator('img');
    await img.waitFor();
    await poll(() => img.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBe(240);
    await shot(member, 'talent-member-attachment-preview');
    await member.getByTestId('tl-m-att-preview').getByRole('button').click();
  });

  it('the talent office sees the registry and the fund before deciding', async () => {
    await login(staff, 'admin', 'rencai');
    await staff.goto(`${baseUrl()}/admin/talent`);
    await poll(async () =>
      Number(await staff.getByTestId('tl-reg-total').locator('.ant-statistic-content-value').textContent()),
    ).toBe(200);
    await staff.getByTestId('tl-reg-search').locator('input').fill(talentName);
    await staff.getByTestId('tl-reg-search').locator('input').press('Enter');
    await staff.getByTestId('tl-reg-name').filter({ hasText: talentName }).first().click();
    await staff.getByTestId('tl-talent-drawer').waitFor();
    await staff.getByTestId('tl-talent-drawer').getByText('符合条件').first().waitFor();
    await noRawKeys(staff);
    await shot(staff, 'talent-admin-registry-detail');
    await staff.keyboard.press('Escape');

    await staff.goto(`${baseUrl()}/admin/talent/fund`);
    await staff.getByTestId('tl-fund-flow-chart').locator('canvas').waitFor();
    await poll(async () =>
      fenOf(
        await staff.getByTestId('tl-fund-available').locator('.ant-statistic-content-value').textContent(),
      ),
    ).toBeGreaterThan(amountFen);
    availableBefore = fenOf(
      await staff.getByTestId('tl-fund-available').locator('.ant-statistic-content-value').textContent(),
    );
    await noFen(staff);
  });

  it('the talent office adds a talent, edits it and exports the roll (人才名册-<year>.xlsx); tiers read in yuan', async () => {
    await staff.goto(`${baseUrl()}/admin/talent`);
    // every tier amount in yuan with two decimals
    const tiersCard = staff.locator('.ant-card', { hasText: '人才层次与补贴标准' });
    await tiersCard.locator('.ant-table-row').first().waitFor();
    const amounts = await tiersCard.getByTestId('tl-tier-amount').allTextContents();
    expect(amounts.length).toBeGreaterThanOrEqual(10); // five tiers, two amounts each
    for (const cell of amounts) expect(cell).toMatch(YUAN);
    await staff.getByTestId('tl-reg-add').click();
    const form = staff.getByTestId('tl-talent-form');
    await form.waitFor();
    // a required field left empty is refused on the form, in Chinese
    await staff.getByTestId('tl-talent-save').click();
    await form.getByText('请填写姓名').waitFor();
    await staff.getByTestId('tl-f-name').fill('欧阳测试');
    await staff.getByTestId('tl-f-birth').fill('1991-06-18');
    await staff.getByTestId('tl-f-introduced').fill('2025-03-01');
    await pickFirst(staff, 'tl-f-catalogue');
    await staff.getByTestId('tl-f-employer').fill('营口某新材料公司');
    await pickFirst(staff, 'tl-f-tier');
    await shot(staff, 'talent-admin-registry-add');
    await staff.getByTestId('tl-talent-save').click();
    await staff.locator('.ant-message').getByText('已新增 欧阳测试').waitFor();
    await staff.getByTestId('tl-reg-search').locator('input').fill('欧阳测试');
    await staff.getByTestId('tl-reg-search').locator('input').press('Enter');
    const row = staff.locator('.ant-table-row', { hasText: '欧阳测试' });
    await row.waitFor();
    await row.locator('[data-testid^="tl-reg-edit-"]').click();
    await staff.getByTestId('tl-f-employer').fill('营口港务集团');
    await staff.getByTestId('tl-talent-save').click();
    await staff.locator('.ant-message').getByText('已保存 欧阳测试').waitFor();
    await poll(() => row.textContent()).toContain('营口港务集团');
    await noRawKeys(staff);
    await shot(staff, 'talent-admin-registry-edited');
    // the roll (with the search applied) as xlsx with a Chinese name
    const [download] = await Promise.all([
      staff.waitForEvent('download'),
      staff.getByTestId('tl-reg-export').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`人才名册-${thisYear()}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    const sheet = wb.getWorksheet('人才名册')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1, 4)).toEqual(['编号', '姓名', '性别']);
    expect((sheet.getRow(2).values as unknown[]).slice(2, 8)).toEqual([
      '欧阳测试',
      '男',
      '1991-06-18',
      expect.any(String),
      expect.any(String),
      '营口港务集团',
    ]);
    // the import dialog offers the template and checks a file before importing
    await staff.getByTestId('tl-reg-import').click();
    const [template] = await Promise.all([
      staff.waitForEvent('download'),
      staff.getByTestId('tl-imp-template').click(),
    ]);
    expect(template.suggestedFilename()).toBe('人才名册-导入模板.xlsx');
    const bad = new ExcelJS.Workbook();
    await bad.xlsx.readFile((await template.path())!);
    bad
      .getWorksheet('人才名册')!
      .addRow([null, '', '男', '1990-02-30', 'IC', '集成电路', 'x', '2025-01-01', '调入', 'C']);
    await staff
      .getByTestId('tl-imp')
      .locator('input[type="file"]')
      .setInputFiles({
        name: '人才名册.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: Buffer.from(await bad.xlsx.writeBuffer()),
      });
    const errors = staff.getByTestId('tl-imp-errors');
    await errors.waitFor();
    expect(await errors.textContent()).toContain('B 姓名');
    expect(await errors.textContent()).toContain('“1990-02-30”不是有效日期');
    expect(await staff.getByTestId('tl-imp-run').isDisabled()).toBe(true);
    await shot(staff, 'talent-admin-registry-import-errors');
    await staff.keyboard.press('Escape');
  });

  it('four eyes: rencai reviews it and may not approve it; the director approves and may not pay; the accountant pays', async () => {
    await staff.goto(`${baseUrl()}/admin/talent/applications`);
    await poll(() => staff.getByTestId('tl-duty-summary').textContent()).toContain(
      '申请、审核、批准、拨付须由四个不同账号办理',
    );
    const row = staff
      .locator('.ant-table-row', { hasText: talentName })
      .filter({ hasText: '购房补贴' })
      .first();
    await row.waitFor();
    const statusTag = row.locator('[data-testid^="tl-app-status-"]');
    const appId = Number((await statusTag.getAttribute('data-testid'))!.replace('tl-app-status-', ''));
    expect(await statusTag.textContent()).toBe('已提交');
    expect(await row.getByTestId('tl-app-amount').textContent()).toMatch(YUAN);
    await noFen(staff);
    await shot(staff, 'talent-admin-applications');
    const act = async (page: Page, action: string) => {
      await page.getByTestId(`tl-act-${action}-${appId}`).click();
      await confirmPop(page);
    };
    /** The action is refused: its reason shows while the confirmation is still open. */
    const refused = async (page: Page, action: string, reason: string) => {
      await page.getByTestId(`tl-act-${action}-${appId}`).click();
      await page.locator('.ant-popover:visible .ant-btn-primary').click();
      await page.locator('.ant-message-error').getByText(reason).waitFor();
      await page.locator('.ant-popover:visible').waitFor({ state: 'hidden' });
    };
    await act(staff, 'review');
    await poll(() => staff.getByTestId(`tl-app-status-${appId}`).textContent()).toBe('已审核');
    // the verifier approving their own review is refused, with the reason on screen
    await refused(staff, 'approve', '职责分离：您已办理该申请的“审核”，“批准”须由另一账号办理');
    expect(await staff.getByTestId(`tl-app-status-${appId}`).textContent()).toBe('已审核');
    await shot(staff, 'talent-admin-four-eyes-refused');

    // the application's documents: the talent's contract from the phone, and a degree scan the office adds
    await staff.getByTestId(`tl-app-status-${appId}`).click();
    const att = staff.getByTestId('tl-att');
    await att.getByText('购房合同.png').waitFor();
    await staff.getByTestId('tl-att-kind').click();
    await staff
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '学历学位证明' })
      .click();
    await att.locator('input[type="file"]').setInputFiles({
      name: '学位证书.pdf',
      mimeType: 'application/pdf',
      buffer: pdf('Master of Engineering, 2015'),
    });
    await staff.locator('.ant-message').getByText('已添加材料：学位证书.pdf').waitFor();
    await att.getByText('学位证书.pdf').waitFor();
    await att.locator('[data-testid^="tl-att-view-"]').first().click();
    const img = staff.getByTestId('tl-att-preview').locator('img');
    await img.waitFor();
    await poll(() => img.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBe(240);
    await shot(staff, 'talent-admin-attachment-preview');
    await staff.getByTestId('tl-att-close').click();
    await att.locator('[data-testid^="tl-att-view-"]').nth(1).click();
    await staff.getByTestId('tl-att-preview').locator('iframe').waitFor();
    await staff.getByTestId('tl-att-close').click();
    await staff.keyboard.press('Escape');

    // the director approves; may not also pay
    await desk.clearCookies();
    await login(staff, 'admin', 'rencai_shenpi');
    await staff.goto(`${baseUrl()}/admin/talent/applications`);
    await staff.getByTestId(`tl-act-approve-${appId}`).waitFor();
    await act(staff, 'approve');
    await poll(() => staff.getByTestId(`tl-app-status-${appId}`).textContent()).toBe('已批准');
    await refused(staff, 'disburse', '职责分离：您已办理该申请的“批准”，“拨付”须由另一账号办理');
    expect(await staff.getByTestId(`tl-app-status-${appId}`).textContent()).toBe('已批准');

    // the accountant pays
    await desk.clearCookies();
    await login(staff, 'admin', 'rencai_bofu');
    await staff.goto(`${baseUrl()}/admin/talent/applications`);
    await staff.getByTestId(`tl-act-disburse-${appId}`).waitFor();
    await act(staff, 'disburse');
    await poll(() => staff.getByTestId(`tl-app-status-${appId}`).textContent()).toBe('已拨付');
    await staff.getByTestId(`tl-app-status-${appId}`).click();
    await staff.locator('.ant-drawer .ant-steps').waitFor();
    const handlers = staff.getByTestId('tl-app-handlers');
    await poll(() => handlers.textContent()).toContain('拨付：人才办资金会计');
    expect(await handlers.textContent()).toContain('审核：人才办干部');
    expect(await handlers.textContent()).toContain('批准：人才办主任');
    await noRawKeys(staff);
    await shot(staff, 'talent-admin-application-disbursed');
    await staff.keyboard.press('Escape');

    await staff.goto(`${baseUrl()}/admin/talent/fund`);
    // available fell by the amount (committed on approval, then paid)
    await poll(async () =>
      fenOf(
        await staff.getByTestId('tl-fund-available').locator('.ant-statistic-content-value').textContent(),
      ),
    ).toBe(availableBefore - amountFen);
    // the newest ledger lines are this application's commitment and disbursement
    const top = staff.locator('[data-testid^="tl-entry-"]');
    await poll(() => top.first().textContent()).toContain(`补贴申请 #${appId}`);
    expect(await top.first().textContent()).toContain('拨付');
    expect(await top.nth(1).textContent()).toContain(`补贴申请 #${appId}`);
    expect(await top.nth(1).textContent()).toContain('审批占用');
    // the month's row of the flow (the chart's data) carries the disbursement
    const month = staff.getByTestId(`tl-month-${thisMonth()}`);
    await month.waitFor();
    expect(fenOf(await month.getByTestId('tl-month-disbursement').textContent())).toBeGreaterThanOrEqual(
      amountFen,
    );
    await staff.getByTestId('tl-fund-flow-chart').locator('canvas').waitFor();
    await staff.getByTestId('tl-fund-balance-chart').locator('canvas').waitFor();
    await noRawKeys(staff);
    await staff.waitForTimeout(1200); // let the charts finish their animation
    await shot(staff, 'talent-admin-fund');

    // the workbook downloads
    const [download] = await Promise.all([
      staff.waitForEvent('download'),
      staff.getByTestId('tl-fund-export').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`人才专项资金-${thisYear()}.xlsx`);
  });

  it('the talent follows the status on the phone', async () => {
    await member.reload();
    await poll(() => member.getByTestId('tl-m-status-housing').textContent()).toBe('已拨付');
    await noRawKeys(member);
    await shot(member, 'talent-member-disbursed');
  });

  it('the selection shows each expert’s scores, flags the missing ones and takes one more; history as charts', async () => {
    await staff.goto(`${baseUrl()}/admin/talent/awards`);
    const missing = staff.getByTestId('tl-aw-missing');
    await missing.waitFor();
    const count = (await missing.textContent())!.match(/\d+/)![0];
    await staff.getByTestId('tl-aw-missing-cell').first().click();
    await staff.getByTestId('tl-aw-score').fill('88.5');
    await staff.locator('.ant-modal .ant-btn-primary').click();
    await staff.locator('.ant-modal').waitFor({ state: 'hidden' });
    await poll(() => missing.textContent()).toContain(String(Number(count) - 1));
    await poll(() => staff.getByTestId('tl-aw-totals').textContent()).toMatch(/2008.*人次/);
    await staff.getByTestId('tl-aw-count-chart').locator('canvas').waitFor();
    await staff.getByTestId('tl-aw-amount-chart').locator('canvas').waitFor();
    await noRawKeys(staff);
    await shot(staff, 'talent-admin-awards');
    // the same page in English
    await staff.getByTestId('lang-switch').click();
    await poll(() => staff.getByTestId('tl-aw-totals').textContent()).toContain('Since 2008');
    await staff.getByTestId('tl-aw-count-chart').locator('canvas').waitFor();
    await noRawKeys(staff);
    await staff.waitForTimeout(1200); // let the charts finish their animation
    await shot(staff, 'talent-admin-awards-en');
    await staff.getByTestId('lang-switch').click();
    await poll(() => staff.getByTestId('tl-aw-totals').textContent()).toContain('人次');
  });

  it('another department (the cadre section) gets the 403 page and the API refuses', async () => {
    await desk.clearCookies();
    const page = await desk.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await login(page, 'admin', 'ganbu');
    await page.goto(`${baseUrl()}/admin/talent/fund`);
    await page.getByTestId('forbidden').waitFor();
    await shot(page, 'talent-admin-forbidden-ganbu');
    const direct = await page.request.get(`${baseUrl()}/trpc/talent.fund.summary`);
    expect(direct.status()).toBe(403);
    const apps = await page.request.get(
      `${baseUrl()}/trpc/talent.applications.list?input=${encodeURIComponent('{}')}`,
    );
    expect(apps.status()).toBe(403);
    await page.close();
  });
});
