import { readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, DESKTOP, login, openBrowser, PHONE, shot } from './browser.ts';

/**
 * Star-level management (星级管理) end to end, on the demo district (deterministic seed):
 * branch S1C1B1 (春华社区第1楼栋党支部, unit 9) of community S1C1 (春华社区党委, unit 8) in street S1
 * (站前街道, unit 7); member 1 (邵伟东, the account dangyuan) has a zone of 11 ten-star
 * households, the first being 邱兰丹 (household 1); member 21 (杨晓) has 8 stars (服务群众 and
 * 带富领富 missing) over a zone of 15/16 ten-star households.
 */
const YEAR = Number(
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()),
);
const OTHER_STREET = 78; // 建设街道 (S2)
const OTHER_BRANCH_HOUSEHOLD = 22013; // a household of a branch in S2

const trpcGet = (page: Page, path: string, input: unknown) =>
  page.request.get(`${baseUrl()}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`);

async function expectRefused(page: Page, path: string, input: unknown) {
  const r = await trpcGet(page, path, input);
  expect(r.status()).toBe(403);
  const body = (await r.json()) as { error: { data: { code: string; reason?: string } } };
  expect(body.error.data.code).toBe('FORBIDDEN');
  expect(body.error.data.reason).toBeUndefined(); // refused for scope or permission, not as cross-site
}

/** A tree node's expander in the admin star tree. */
async function expand(page: Page, key: string) {
  const node = page.getByTestId(`node-${key}`);
  await node.waitFor();
  await page.locator('.ant-tree-treenode', { has: node }).locator('.ant-tree-switcher').click();
}

describe('stars: a secretary rates on the phone, the community sees it explained', () => {
  let phone: BrowserContext;
  let desk: BrowserContext;
  beforeAll(async () => {
    phone = await openBrowser(PHONE);
    desk = await openBrowser(DESKTOP);
  });
  afterAll(async () => {
    await phone?.close();
    await desk?.close();
  });

  it('shuji rates a household (the draft survives a reload) and a member, one screen each', async () => {
    const page = await phone.newPage();
    await login(page, 'm', 'shuji');
    await page.getByText('星级评定').click();
    await page.getByTestId('hub-rate-household').click();
    // the first zone's households, with progress
    await page.getByTestId('rate-item-1').click();
    await expect.poll(() => page.getByTestId('rate-name').textContent()).toBe('邱兰丹');
    expect(await page.getByTestId('rate-progress').textContent()).toContain('第 1 / 11 个');
    expect(await page.getByTestId('rate-stars').textContent()).toContain('10/10');
    await page.getByTestId('m-criterion-7').click(); // 环境卫生 not met
    await page.waitForTimeout(400);
    await page.reload();
    // the tick is kept on the phone until saved
    await expect.poll(() => page.getByTestId('rate-stars').textContent()).toContain('9/10');
    await page.getByText('草稿', { exact: true }).first().waitFor();
    await shot(page, 'stars-phone-household-draft');
    await page.getByTestId('rate-save').click();
    // saved: on to the next household of the zone
    await expect.poll(() => page.getByTestId('rate-name').textContent()).toBe('张飞');
    expect(await page.getByTestId('rate-progress').textContent()).toContain('第 2 / 11 个');
    await shot(page, 'stars-phone-household-next');

    await page.goto(`${baseUrl()}/m/stars/rate/member`);
    await page.getByTestId('rate-item-21').click();
    await expect.poll(() => page.getByTestId('rate-name').textContent()).toBe('杨晓');
    expect(await page.getByTestId('rate-stars').textContent()).toContain('8/10');
    await page.getByTestId('m-criterion-5').click();
    await page.getByTestId('m-criterion-6').click();
    await expect.poll(() => page.getByTestId('rate-stars').textContent()).toContain('10/10');
    await page.getByTestId('rate-save').click();
    await expect.poll(() => page.getByTestId('rate-name').textContent()).toBe('武博磊');
    await shot(page, 'stars-phone-member-next');
    // the secretary's scope is the branch: another street's household is refused by the API
    await expectRefused(page, 'stars.explain', {
      year: YEAR,
      level: 'household',
      id: OTHER_BRANCH_HOUSEHOLD,
    });
    await page.close();
  });

  it('dangyuan sees own stars, zone and households (with the new rating), and nothing else', async () => {
    await phone.clearCookies();
    const page = await phone.newPage();
    await login(page, 'm', 'dangyuan');
    await page.goto(`${baseUrl()}/m/stars`);
    await page.getByTestId('mine-card').waitFor();
    expect(await page.getByTestId('mine-card').textContent()).toContain('邵伟东');
    expect(await page.getByTestId('mine-zone').textContent()).toContain('1号责任区');
    expect(await page.getByTestId('mine-zone').textContent()).toContain('10/11');
    expect(await page.getByTestId('mine-household-1').textContent()).toContain('★9');
    await shot(page, 'stars-phone-mine');
    await page.goto(`${baseUrl()}/m/stars/rate/household`);
    await page.getByTestId('forbidden').waitFor();
    await shot(page, 'stars-phone-member-forbidden');
    await expectRefused(page, 'stars.stats', { year: YEAR });
    await page.close();
  });

  it('shequ sees the certification explained in the tree, rates in the console, charts, pays and imports', async () => {
    const page = await desk.newPage();
    await login(page, 'admin', 'shequ');
    await page.goto(`${baseUrl()}/admin/stars`);
    await expand(page, 'u9');
    await expect.poll(() => page.getByTestId('node-m1').textContent()).toContain('十星户 10/11');
    await expand(page, 'm1');
    await expand(page, 'z1');
    await page.getByTestId('node-h1').click();
    await expect.poll(() => page.getByTestId('explain-text').textContent()).toContain('户本级仅 9 星');
    expect(await page.getByTestId('explain-text').textContent()).toContain('环境卫生');
    await shot(page, 'stars-admin-household-explained');
    // the member the secretary rated is now certified (own 10 stars, 15/16 ten-star households)
    await page.getByTestId('node-m21').click();
    await expect.poll(() => page.getByTestId('explain-text').textContent()).toBe('已认证为十星党员');
    expect(await page.getByTestId('child-share').textContent()).toContain('15/16');
    expect(await page.getByTestId('node-m21').textContent()).toContain('十星认证');
    await shot(page, 'stars-admin-member-certified');
    // the community rates in the console too: a household loses 爱国守法
    await page.getByTestId('node-h3').click();
    await expect.poll(() => page.getByTestId('explain-text').textContent()).toBe('已认证为十星户');
    await page.getByTestId('criterion-1').click();
    await page.getByTestId('rate-save').click();
    await expect.poll(() => page.getByTestId('explain-text').textContent()).toContain('爱国守法');
    await expect.poll(() => page.getByTestId('node-m1').textContent()).toContain('十星户 9/11');

    // statistics as charts
    await page.goto(`${baseUrl()}/admin/stars/stats`);
    for (const chart of ['chart-rate', 'chart-dist', 'chart-trend'])
      await page.getByTestId(chart).locator('canvas').waitFor();
    expect(await page.getByTestId('stat-household').textContent()).toContain('3,649');
    await page.waitForTimeout(800); // the charts' entry animation
    await shot(page, 'stars-admin-stats-shequ');

    // the 1 July pay list and its export
    await page.goto(`${baseUrl()}/admin/stars/paylist`);
    await page.getByTestId('pay-table').locator('.ant-table-row').first().waitFor();
    // a community sees its own area's payees and totals, not the district's budget and totals
    expect(await page.getByTestId('pay-allocation').textContent()).toContain('本辖区奖励分配');
    expect(await page.getByTestId('pay-allocation').textContent()).not.toContain('1,500,000.00\u00a0元');
    const [payFile] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('pay-export').click(),
    ]);
    expect(payFile.suggestedFilename()).toBe(`星级补贴发放表-${YEAR}.xlsx`);
    expect(
      readFileSync((await payFile.path())!)
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    await shot(page, 'stars-admin-paylist');

    // bulk import: the template, a sheet with bad rows (nothing applied), then a good one
    await page.goto(`${baseUrl()}/admin/stars/import`);
    const [template] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('import-template').click(),
    ]);
    expect(template.suggestedFilename()).toBe(`星级评定导入模板-${YEAR}-户.xlsx`);
    const header = ['编号', '名称', ...Array.from({ length: 10 }, (_, i) => `标准${i + 1}`)];
    const ten = Array(10).fill(1) as number[];
    await page.locator('input[type="file"]').setInputFiles({
      name: 'bad.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: tinyXlsx([
        header,
        ['2', '张飞', ...ten],
        ['4', '蔡东伟', 1, 'x', 1, 1, 1, 1, 1, 1, 1, 1],
        ['99999999', '无此户', ...ten],
      ]),
    });
    await page.getByTestId('import-failed').waitFor();
    const errors = (await page.getByTestId('import-errors').textContent()) ?? '';
    expect(errors).toContain('第 3 行第 4 列');
    expect(errors).toContain('99999999');
    await shot(page, 'stars-admin-import-errors');
    await page.locator('input[type="file"]').setInputFiles({
      name: 'good.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: tinyXlsx([header, ['3', '宋新春', ...ten]]),
    });
    await expect.poll(() => page.getByTestId('import-done').textContent()).toContain('已导入 1 条');
    await shot(page, 'stars-admin-import-done');
    await page.close();
  });

  it('the district sets the budget short: the year is recomputed and every amount scaled down', async () => {
    await desk.clearCookies();
    const page = await desk.newPage();
    await login(page, 'admin', 'admin');
    await page.goto(`${baseUrl()}/admin/stars/settings`);
    const budget = page.locator('input[data-testid="budget"], [data-testid="budget"] input').first();
    await expect.poll(() => budget.inputValue()).toContain('1500000');
    await budget.fill('1000000');
    await page.getByTestId('config-save').click();
    await page.getByText('已保存，全年认证已重新计算').waitFor({ timeout: 60_000 });
    await shot(page, 'stars-admin-settings');
    await page.goto(`${baseUrl()}/admin/stars/paylist`);
    await page.getByTestId('pay-table').locator('.ant-table-row').first().waitFor();
    await expect.poll(() => page.getByTestId('pay-allocation').textContent()).toContain('预算不足');
    expect(await page.getByTestId('pay-allocation').textContent()).toContain('1,000,000.00\u00a0元');
    await shot(page, 'stars-admin-paylist-scaled');
    await page.close();
  });

  it('another department is refused (403 page and API), and a street only reads its own units', async () => {
    await desk.clearCookies();
    const page = await desk.newPage();
    await login(page, 'admin', 'rencai');
    await page.goto(`${baseUrl()}/admin/stars`);
    await page.getByTestId('forbidden').waitFor();
    await page.goto(`${baseUrl()}/admin/stars/stats`);
    await page.getByTestId('forbidden').waitFor();
    await shot(page, 'stars-admin-forbidden-rencai');
    await expectRefused(page, 'stars.criteria', { year: YEAR });
    await expectRefused(page, 'stars.entities', { year: YEAR, level: 'branch' });

    await desk.clearCookies();
    await login(page, 'admin', 'jiedao');
    await page.goto(`${baseUrl()}/admin/stars/stats`);
    await page.getByTestId('chart-rate').locator('canvas').waitFor();
    expect(await page.getByTestId('stats-table').locator('.ant-table-row').count()).toBe(7);
    await page.waitForTimeout(800);
    await shot(page, 'stars-admin-stats-jiedao');
    // in English too (charts, table and cards), then back to Chinese
    await page.getByTestId('lang-switch').click();
    await page.getByText('Ten-star rate per community (%)').waitFor();
    expect(await page.getByTestId('stat-household').textContent()).toContain('Ten-star household');
    await page.waitForTimeout(800);
    await shot(page, 'stars-admin-stats-jiedao-en');
    await page.getByTestId('lang-switch').click();
    await page.getByText('各社区十星率（%）').waitFor();
    // another street's unit: the page shows 403 and the API refuses
    await page.goto(`${baseUrl()}/admin/stars/stats?root=${OTHER_STREET}`);
    await page.getByTestId('forbidden').waitFor();
    await page.goto(`${baseUrl()}/admin/stars?root=${OTHER_STREET}`);
    await page.getByTestId('forbidden').waitFor();
    await shot(page, 'stars-admin-forbidden-jiedao-other-street');
    await expectRefused(page, 'stars.stats', { year: YEAR, rootId: OTHER_STREET });
    await expectRefused(page, 'stars.entities', { year: YEAR, level: 'committee', unitId: OTHER_STREET });
    await expectRefused(page, 'stars.payList', { year: YEAR, level: 'member', rootId: OTHER_STREET });
    expect((await trpcGet(page, 'stars.stats', { year: YEAR })).status()).toBe(200);
    await page.close();
  });
});

/** A minimal .xlsx (one sheet of inline strings and numbers), zipped without compression. */
function tinyXlsx(rows: (string | number)[][]): Buffer {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const ref = (c: number, r: number) => `${String.fromCharCode(65 + c)}${r + 1}`;
  const cells = (row: (string | number)[], r: number) =>
    row
      .map((v, c) =>
        typeof v === 'number'
          ? `<c r="${ref(c, r)}"><v>${v}</v></c>`
          : `<c r="${ref(c, r)}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`,
      )
      .join('');
  const xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
  const ns = 'http://schemas.openxmlformats.org';
  const files: [string, string][] = [
    [
      '[Content_Types].xml',
      `${xml}<Types xmlns="${ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    ],
    [
      '_rels/.rels',
      `${xml}<Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ],
    [
      'xl/workbook.xml',
      `${xml}<workbook xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships"><sheets><sheet name="评星" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `${xml}<Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ],
    [
      'xl/worksheets/sheet1.xml',
      `${xml}<worksheet xmlns="${ns}/spreadsheetml/2006/main"><sheetData>${rows
        .map((row, r) => `<row r="${r + 1}">${cells(row, r)}</row>`)
        .join('')}</sheetData></worksheet>`,
    ],
  ];
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of files) {
    const data = Buffer.from(text, 'utf8');
    const fname = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names, stored (no compression)
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fname.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(fname.length, 28);
    entry.writeUInt32LE(offset, 42);
    parts.push(local, fname, data);
    central.push(entry, fname);
    offset += 30 + fname.length + data.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, dir, end]);
}
