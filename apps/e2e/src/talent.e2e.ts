import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, DESKTOP, login, openBrowser, PHONE, shot } from './browser.ts';

/** '¥1,234.50' → 123450 (fen). */
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
  });

  it('rencai reviews, approves and disburses it; the ledger, the balance and the monthly chart show it', async () => {
    await staff.goto(`${baseUrl()}/admin/talent/applications`);
    const row = staff
      .locator('.ant-table-row', { hasText: talentName })
      .filter({ hasText: '购房补贴' })
      .first();
    await row.waitFor();
    const statusTag = row.locator('[data-testid^="tl-app-status-"]');
    const appId = Number((await statusTag.getAttribute('data-testid'))!.replace('tl-app-status-', ''));
    expect(await statusTag.textContent()).toBe('已提交');
    await shot(staff, 'talent-admin-applications');

    for (const [action, after] of [
      ['review', '已审核'],
      ['approve', '已批准'],
      ['disburse', '已拨付'],
    ] as const) {
      await staff.getByTestId(`tl-act-${action}-${appId}`).click();
      await confirmPop(staff);
      await poll(() => staff.getByTestId(`tl-app-status-${appId}`).textContent()).toBe(after);
    }
    await staff.getByTestId(`tl-app-status-${appId}`).click();
    await staff.locator('.ant-drawer .ant-steps').waitFor();
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
    expect(download.suggestedFilename()).toBe('talent-fund.xlsx');
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
