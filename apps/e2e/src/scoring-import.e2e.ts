import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, DESKTOP, login, openBrowser, shot } from './browser.ts';

// The demo district has 2025 (published, appraised on the platform) and 2026 (open). The
// assessment office imports the official results of 2024, the year before the platform, from
// the template the page gives; the year then reads as published and closed.
const YEAR = 2024;

const trpcGet = (page: Page, path: string, input: unknown) =>
  page.request.get(`${baseUrl()}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`);

/** Downloads what the button gives; returns its suggested name and bytes. */
async function download(page: Page, testId: string) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return { name: file.suggestedFilename(), bytes: await readFile((await file.path())!) };
}

async function workbook(bytes: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

/** A Statistic's number (antd groups thousands: '5,406'). */
const statistic = async (page: Page, testId: string) =>
  Number((await page.getByTestId(testId).locator('.ant-statistic-content').textContent())?.replace(/,/g, ''));
const text = (v: ExcelJS.CellValue) => (v === null || v === undefined ? '' : String(v));
const points = (h: number) => `${Math.trunc(h / 100)}.${String(h % 100).padStart(2, '0')}`;

/** Opens the appraisal submenu and lists its entries. */
async function scoringMenu(page: Page): Promise<string[]> {
  const menu = page.locator('.ant-layout-sider .ant-menu');
  await menu.getByText('千分制考核', { exact: true }).click();
  const items = menu.locator('.ant-menu-sub .ant-menu-item');
  await items.first().waitFor();
  return items.allTextContents();
}

async function dropFile(page: Page, name: string, buffer: Buffer, mimeType = 'application/octet-stream') {
  await page.locator('.ant-upload-drag input[type="file"]').setInputFiles({ name, mimeType, buffer });
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('appraisal imports: past results and indicator data', () => {
  let office: BrowserContext;
  let desk: BrowserContext;
  let kaohe: Page;
  let reporter: Page;

  beforeAll(async () => {
    office = await openBrowser(DESKTOP);
    desk = await openBrowser(DESKTOP);
    kaohe = await office.newPage();
    reporter = await desk.newPage();
  });
  afterAll(async () => {
    await office?.close();
    await desk?.close();
  });

  it('the assessment office imports the official results of 2024 from the template', async () => {
    await login(kaohe, 'admin', 'kaohe');
    const entries = await scoringMenu(kaohe);
    expect(entries).toEqual(expect.arrayContaining(['历年结果导入', '指标数据批量导入']));
    expect(entries).not.toContain('指标填报'); // kaohe reports nothing (scoring.report)
    await kaohe.locator('.ant-menu-item', { hasText: '历年结果导入' }).click();
    await kaohe.waitForURL(/\/admin\/scoring\/history-import/);
    // The year before the first one on the platform is proposed.
    await expect.poll(() => kaohe.getByTestId('hist-year').textContent()).toContain(`${YEAR}年度`);

    const template = await download(kaohe, 'hist-template');
    expect(template.name).toBe(`历年考核结果-${YEAR}.xlsx`);
    const wb = await workbook(template.bytes);
    const ws = wb.getWorksheet('考核结果')!;
    const header = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(text);
    expect(header.slice(0, 6)).toEqual(['单位编码', '单位名称', '类别', '总分', '名次', '一票否决']);
    const aspects = header.length - 6;
    expect(aspects).toBe(5);

    // Each category ranked by falling totals; aspect scores split the total (their sum not above it).
    const next = new Map<string, number>();
    let rows = 0;
    let firstStreet = '';
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const category = text(row.getCell(3).value);
      const i = next.get(category) ?? 0;
      next.set(category, i + 1);
      const total = 95_000 - i * 350;
      row.getCell(4).value = points(total);
      row.getCell(5).value = i + 1;
      row.getCell(6).value = '否';
      for (let k = 0; k < aspects; k++) row.getCell(7 + k).value = points(Math.floor(total / aspects));
      if (category === 'street' && i === 0) firstStreet = text(row.getCell(2).value);
      rows++;
    });
    expect(rows).toBeGreaterThan(40);
    expect(firstStreet).not.toBe('');

    // A file with mistakes first: every problem listed by sheet, row and column, nothing saved.
    const good = Buffer.from(await wb.xlsx.writeBuffer());
    const bad = await workbook(good);
    const bs = bad.getWorksheet('考核结果')!;
    bs.getRow(2).getCell(4).value = '九百';
    bs.getRow(3).getCell(5).value = 0;
    await dropFile(kaohe, `历年考核结果-${YEAR}-错误.xlsx`, Buffer.from(await bad.xlsx.writeBuffer()), XLSX);
    await kaohe.getByTestId('hist-check').click();
    const errors = kaohe.getByTestId('hist-errors');
    await errors.locator('.ant-table-row').first().waitFor();
    expect(await statistic(kaohe, 'hist-count-refused')).toBe(2);
    await expect.poll(() => errors.textContent()).toContain('D 总分');
    await expect.poll(() => errors.textContent()).toContain('E 名次');
    await expect(kaohe.getByTestId('hist-import').isDisabled()).resolves.toBe(true);
    await shot(kaohe, 'scoring-history-import-errors');

    // Not an xlsx, and too big for the request: refused before anything is sent.
    await dropFile(kaohe, '结果.csv', Buffer.from('a,b\n'));
    await kaohe.locator('.ant-message').getByText('只能上传 .xlsx 格式').waitFor();
    await dropFile(kaohe, '大文件.xlsx', Buffer.alloc(900 * 1024, 1), XLSX);
    await kaohe.locator('.ant-message').getByText('超过上限 760 KB').waitFor();
    await shot(kaohe, 'scoring-history-import-too-big');

    await dropFile(kaohe, `历年考核结果-${YEAR}.xlsx`, good, XLSX);
    await expect
      .poll(() => kaohe.getByTestId('hist-file').textContent())
      .toContain(`历年考核结果-${YEAR}.xlsx`);
    await kaohe.getByTestId('hist-check').click();
    await kaohe.getByTestId('hist-result').getByText('预检通过，可以导入').waitFor();
    const count = (k: string) => statistic(kaohe, `hist-count-${k}`);
    expect(await count('new')).toBe(rows);
    expect(await count('changed')).toBe(0);
    expect(await count('unchanged')).toBe(0);
    expect(await count('removed')).toBe(0);
    expect(await count('refused')).toBe(0);
    await shot(kaohe, 'scoring-history-import-checked');

    await kaohe.getByTestId('hist-import').click();
    const confirm = kaohe.locator('.ant-modal-confirm');
    await confirm.waitFor();
    await expect.poll(() => confirm.textContent()).toContain('已公布');
    await kaohe.waitForTimeout(400); // the dialog's opening animation
    await shot(kaohe, 'scoring-history-import-confirm');
    await kaohe.getByTestId('hist-confirm-ok').click();
    const done = kaohe.getByTestId('hist-done');
    await done.getByText(`${YEAR} 年度考核结果已导入`).waitFor({ timeout: 60_000 });
    await expect.poll(() => done.textContent()).toContain(`新增 ${rows}`);
    await shot(kaohe, 'scoring-history-import-done');
    // The imported results, points with two decimals.
    const imported = kaohe.getByTestId('hist-imported');
    await imported.locator('.ant-table-row', { hasText: firstStreet }).waitFor();
    await expect.poll(() => imported.textContent()).toContain('950.00');

    // The year is listed as published, its objection window closed.
    const years = await trpcGet(kaohe, 'scoring.scheme.years', {});
    const list = (await years.json()).result.data as {
      year: number;
      status: string;
      objection_until: null;
    }[];
    expect(list.find((y) => y.year === YEAR)).toMatchObject({ status: 'published', objection_until: null });
    await kaohe.getByTestId('hist-to-rankings').click();
    await kaohe.waitForURL(new RegExp(`/admin/scoring/rankings\\?year=${YEAR}`));
    await expect.poll(() => kaohe.getByTestId('year-select').textContent()).toContain(`${YEAR}年度`);
    await kaohe.getByText('已公布').first().waitFor();
    await kaohe.goBack();
    // The page keeps the imported year chosen, now marked published.
    await expect.poll(() => kaohe.getByTestId('hist-year').textContent()).toContain(`${YEAR}年度（已公布）`);
    await kaohe.goForward();
    await kaohe.getByText(firstStreet).first().waitFor();
    // Imported, not computed: no 重新计算排名, a note saying so, and aspect headers without
    // the meaningless “（0.00）” maxima the sheet never gave (#14).
    await kaohe.getByTestId('results-imported').getByText('本年度结果为导入的正式结果').waitFor();
    expect(await kaohe.getByTestId('recompute').count()).toBe(0);
    expect(await kaohe.getByText('重新计算排名').count()).toBe(0);
    const head = (await kaohe.getByTestId('ranking-table').locator('thead').textContent())!;
    expect(head).toContain('经济社会发展');
    expect(head).not.toContain('（0.00）');
    expect(await kaohe.getByTestId('provisional-tag').count()).toBe(0);
    await shot(kaohe, 'scoring-history-rankings');
    // A year appraised on the platform keeps both: its aspect maxima and the recomputation.
    await kaohe.goto(`${baseUrl()}/admin/scoring/rankings?year=2025`);
    await kaohe.getByTestId('ranking-table').locator('.ant-table-row').first().waitFor();
    await kaohe.getByTestId('recompute').waitFor();
    expect(await kaohe.getByTestId('ranking-table').locator('thead').textContent()).toMatch(
      /经济社会发展（\d+\.\d{2}）/,
    );
    expect(await kaohe.getByTestId('results-imported').count()).toBe(0);
  });

  it('the assessment office checks a file of 2026 indicator data', async () => {
    await kaohe.goto(`${baseUrl()}/admin/scoring/reports-import`);
    await expect.poll(() => kaohe.getByTestId('rep-year').textContent()).toContain('2026年度');
    const template = await download(kaohe, 'rep-template');
    expect(template.name).toBe('指标上报-2026.xlsx');
    // The template as it comes holds every value reported so far: nothing new, nothing refused.
    const wb = await workbook(template.bytes);
    const ws = wb.getWorksheet('指标上报')!;
    const rows = ws.actualRowCount - 1;
    expect(rows).toBeGreaterThan(1000);
    await dropFile(kaohe, template.name, template.bytes, XLSX);
    await kaohe.getByTestId('rep-check').click();
    await kaohe.getByTestId('rep-result').getByText('预检通过，可以导入').waitFor({ timeout: 60_000 });
    const count = (k: string) => statistic(kaohe, `rep-count-${k}`);
    expect(await count('new')).toBe(0);
    // A returned report given again counts as changed (it goes back to review).
    expect((await count('unchanged')) + (await count('changed'))).toBe(rows);
    await shot(kaohe, 'scoring-reports-import-checked');

    // Blank values and an unknown indicator: each refused with its row and column.
    for (const n of [2, 3, 4]) ws.getRow(n).getCell(5).value = null;
    ws.getRow(5).getCell(3).value = 'XX99-9';
    await dropFile(kaohe, '指标上报-2026-有误.xlsx', Buffer.from(await wb.xlsx.writeBuffer()), XLSX);
    await kaohe.getByTestId('rep-check').click();
    const errors = kaohe.getByTestId('rep-errors');
    await errors.locator('.ant-table-row').first().waitFor({ timeout: 60_000 });
    expect(await count('refused')).toBe(4);
    await expect.poll(() => errors.textContent()).toContain('XX99-9');
    await expect(kaohe.getByTestId('rep-import').isDisabled()).resolves.toBe(true);
    await shot(kaohe, 'scoring-reports-import-errors');
  });

  it('a unit reporter sees neither import in the menu and is refused at their addresses', async () => {
    await login(reporter, 'admin', 'tianbao');
    const entries = await scoringMenu(reporter);
    expect(entries).toContain('指标填报');
    for (const hidden of ['历年结果导入', '指标数据批量导入', '上报审核', '考核奖励'])
      expect(entries).not.toContain(hidden);
    await reporter.goto(`${baseUrl()}/admin/scoring/history-import`);
    await reporter.getByTestId('forbidden').waitFor();
  });
});
