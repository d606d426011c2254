import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, login, openBrowser, shot } from './browser.ts';

/**
 * The org tree as an office maintains it (issue #14): on the demo district, the district
 * administrator adds a community under 站前街道 (street S1), renames it with an effective
 * date, reads its history, dissolves it (with the second confirmation) and finds it again
 * among the dissolved units; then transfers a member out of the district and reads the record.
 */

/** Picks a date in an antd DatePicker by typing it (Tab, not Enter: Enter would submit the form). */
async function pickDate(page: Page, testId: string, date: string) {
  const input = page
    .getByTestId(testId)
    .locator('input')
    .or(page.locator(`input[data-testid="${testId}"]`));
  await input.first().click();
  await input.first().fill(date);
  await input.first().press('Tab');
}

const treeTitle = (page: Page, text: string) => page.locator('.ant-tree-title', { hasText: text }).first();

async function expandNode(page: Page, text: string) {
  await page
    .locator('.ant-tree-treenode', { has: page.locator('.ant-tree-title', { hasText: text }) })
    .first()
    .locator('.ant-tree-switcher')
    .click();
}

describe('组织架构: units and members maintained on screen', () => {
  let desk: BrowserContext;
  beforeAll(async () => {
    desk = await openBrowser();
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('adds, renames, reads the history of and dissolves a community', async () => {
    const page = await desk.newPage();
    await login(page, 'admin', 'admin');
    await page.goto(`${baseUrl()}/admin/org`);
    await treeTitle(page, '站前街道').click();
    await page.getByTestId('unit-addChild').click();
    const add = page.getByTestId('unit-dialog-addChild');
    await add.locator('#code').fill('E2E-C1');
    await add.getByTestId('field-name').fill('试点社区党委');
    await page.locator('#unit-dialog-ok').click();
    await page.getByText('已保存').first().waitFor();

    await expandNode(page, '站前街道');
    await treeTitle(page, '试点社区党委').click();
    await page.getByTestId('unit-rename').click();
    await page.getByTestId('field-name').fill('新城社区党委');
    await pickDate(page, 'field-effectiveOn', '2026-01-15');
    await page.locator('#unit-dialog-ok').click();
    await treeTitle(page, '新城社区党委').waitFor();

    await page.getByTestId('unit-history-open').click();
    const history = page.getByTestId('unit-history');
    await history.getByText('试点社区党委').waitFor();
    await history.getByText('新城社区党委').waitFor();
    await shot(page, 'admin-org-unit-history');
    await page.locator('.ant-drawer-close').click();

    await page.getByTestId('unit-dissolve').click();
    await pickDate(page, 'field-effectiveOn', '2026-02-01');
    await page.locator('#unit-dialog-ok').click();
    // The second confirmation names the unit.
    await page.locator('.ant-modal-confirm-title', { hasText: '确认撤销“新城社区党委”？' }).waitFor();
    await page.locator('.ant-modal-confirm-btns .ant-btn-dangerous').click();
    await expect.poll(async () => treeTitle(page, '新城社区党委').count()).toBe(0);
    await page.getByTestId('show-dissolved').click();
    await expandNode(page, '站前街道');
    await treeTitle(page, '新城社区党委').waitFor();
    await shot(page, 'admin-org-dissolved');
    await page.close();
  });

  it('the member roll follows the unit picked in the tree (#21 item 13)', async () => {
    const page = await desk.newPage();
    await login(page, 'admin', 'admin');
    await page.goto(`${baseUrl()}/admin/org`);
    const roll = page.getByTestId('member-roll');
    const branchCells = () =>
      roll.locator('.ant-table-row').evaluateAll((rows) => rows.map((r) => r.children[2]?.textContent ?? ''));
    const total = async () =>
      Number((await roll.locator('.ant-pagination-total-text').textContent())!.replace(/\D/g, ''));
    await roll.locator('.ant-table-row').first().waitFor();
    const district = await total();
    expect(district).toBeGreaterThan(9_000);
    // the district's roll spans streets: each branch reads with its street
    expect((await branchCells()).every((b) => /（.+街道）$/.test(b))).toBe(true);

    await expandNode(page, '站前街道');
    await treeTitle(page, '秋实社区党委').click();
    await expect
      .poll(() => roll.locator('.ant-card-head-title').textContent())
      .toBe('党员名册 · 秋实社区党委');
    await expect.poll(async () => (await branchCells()).every((b) => b.startsWith('秋实社区第'))).toBe(true);
    const community = await total();
    expect(community).toBeGreaterThan(50);
    expect(community).toBeLessThan(500);
    // within one street the street goes without saying
    expect((await branchCells()).some((b) => b.includes('（'))).toBe(false);
    await shot(page, 'admin-org-roll-community');

    await treeTitle(page, '站前街道').click();
    await expect.poll(() => roll.locator('.ant-card-head-title').textContent()).toBe('党员名册 · 站前街道');
    await expect.poll(total).toBeGreaterThan(community);
    expect(await total()).toBeLessThan(district);
    await page.close();
  });

  it('transfers a member out of the district and shows the record', async () => {
    const page = await desk.newPage();
    await login(page, 'admin', 'admin');
    await page.goto(`${baseUrl()}/admin/org`);
    const firstName = async () =>
      ((await page.locator('.ant-table-row').first().locator('td').first().textContent()) ?? '').trim();
    await page.locator('.ant-table-row').first().waitFor();
    // A member no other browser test reads: the last of the demo roll, in 华侨社区 of 八田地街道
    // (the first rows are 站前街道's, whose members the phone, stars and talent tests sign in
    // as, rate and count).
    const name = '叶明英';
    await page.getByTestId('member-roll').locator('.ant-input-search input').fill(name);
    await page.getByTestId('member-roll').locator('.ant-input-search input').press('Enter');
    await expect.poll(firstName).toBe(name);
    const pickedRow = page.locator('.ant-table-row').first();
    await pickedRow.locator('[data-testid^="member-actions-"]').click();
    await page.locator('.ant-dropdown-menu-item', { hasText: '转出' }).click();
    await page.getByTestId('field-outTo').fill('和平区委组织部');
    await pickDate(page, 'field-effectiveOn', '2026-03-01');
    await page.locator('#member-dialog-ok').click();
    await page.locator('.ant-modal-confirm-title', { hasText: `确认将“${name}”转出本区？` }).waitFor();
    await page.locator('.ant-modal-confirm-btns .ant-btn-dangerous').click();
    await page.getByText('已保存').first().waitFor();

    await page.getByTestId('member-status-filter').getByText('已转出或去世').click();
    const left = page.locator('.ant-table-row', { hasText: name }).first();
    await left.getByText('已转出').waitFor();
    await left.getByText('履历').click();
    const record = page.getByTestId('member-history');
    await record.getByText('转出本区').waitFor();
    await record.getByText('和平区委组织部').first().waitFor();
    await shot(page, 'admin-org-member-record');
    await page.close();
  });
});
