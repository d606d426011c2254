import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, login, openBrowser } from './browser.ts';

/**
 * Issue #19 item 3 in the browser: the district opens the rankings, picks a category (the
 * screen's filter), presses 导出, and the downloaded xlsx holds the screen's rows in its order.
 * Reads only: changes nothing other files read (one audit record of the export).
 */
describe('list exports', () => {
  let ctx: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ctx = await openBrowser();
    page = await ctx.newPage();
    await login(page, 'admin', 'admin');
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('the rankings of one category export with the rows the screen shows', async () => {
    await page.goto(`${baseUrl()}/admin/scoring/rankings?year=2025`);
    const tabs = page.getByTestId('category-tabs');
    await tabs.waitFor();
    await tabs.getByText(/^街道/).click();
    const table = page.getByTestId('ranking-table');
    await table.locator('tbody tr.ant-table-row').first().waitFor();
    // the screen's rows: its query (the table pages 20 at a time) and the first page as shown
    const res = await page.request.get(
      `${baseUrl()}/trpc/scoring.results.rankings?input=${encodeURIComponent(JSON.stringify({ year: 2025 }))}`,
    );
    const data = (await res.json()) as {
      result: { data: { rows: { unitName: string; category: string; rank: number }[] } };
    };
    const screen = data.result.data.rows.filter((r) => r.category === 'street');
    expect(screen.length).toBeGreaterThan(0);
    const shown = await table.locator('tbody tr.ant-table-row td:nth-child(2)').allInnerTexts();
    expect(shown).toEqual(screen.slice(0, 20).map((r) => r.unitName));

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('ranking-export').click(),
    ]);
    expect(download.suggestedFilename()).toBe('2025年千分制考核排名（街道）.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const rows: unknown[][] = [];
    ws.eachRow((row, i) => {
      if (i > 1) rows.push([row.getCell(1).value, row.getCell(2).value]);
    });
    expect(ws.getRow(1).getCell(2).value).toBe('考核对象');
    expect(rows).toEqual(screen.map((r) => [r.rank, r.unitName]));
  });
});
