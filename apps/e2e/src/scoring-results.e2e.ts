import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, DESKTOP, login, openBrowser, PHONE, shot } from './browser.ts';

// The demo district has 2025 (published) and 2026 (上报中, results computed but not published).
// Issue #21 item 3: before publication only the assessment office sees rankings and award
// amounts, marked 暂定; everyone else reads 结果尚未公布. Item 10: indicator values with their
// unit and scale (地区生产总值增速 is kept in hundredths of a percent: 816 reads 8.16%).

const trpcGet = (page: Page, path: string, input: unknown) =>
  page.request.get(`${baseUrl()}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`);
const data = async (page: Page, path: string, input: unknown) => {
  const res = await trpcGet(page, path, input);
  expect(res.status(), path).toBe(200);
  return (await res.json()).result.data;
};

/** A percentage with two decimals, as every '%×100' value must read. */
const PERCENT = /^\d+\.\d{2}%$/;
// 地区生产总值增速 (economy, first work item, first indicator): unit '%×100'.
const GDP = 'JJ01-1';

describe('appraisal results before publication (#21 item 3)', () => {
  let ctx: BrowserContext;
  let office: BrowserContext;
  let reporter: Page;
  let kaohe: Page;

  beforeAll(async () => {
    ctx = await openBrowser(DESKTOP);
    office = await openBrowser(DESKTOP);
    reporter = await ctx.newPage();
    kaohe = await office.newPage();
  });
  afterAll(async () => {
    await ctx?.close();
    await office?.close();
  });

  it('a unit reporter reads 结果尚未公布 for the open year, on screen and from the API', async () => {
    await login(reporter, 'admin', 'tianbao');
    await reporter.goto(`${baseUrl()}/admin/scoring/rankings?year=2026`);
    const empty = reporter.getByTestId('results-not-published');
    await empty.getByText('结果尚未公布').waitFor();
    expect(await reporter.getByTestId('ranking-table').count()).toBe(0);
    expect(await reporter.getByTestId('ranking-chart').count()).toBe(0);
    expect(await reporter.getByTestId('recompute').count()).toBe(0);
    await shot(reporter, 'scoring-results-not-published-reporter');
    // The server sends no figure: not a row, not an aspect, not a chart.
    const rankings = await data(reporter, 'scoring.results.rankings', { year: 2026 });
    expect(rankings).toMatchObject({ access: 'hidden', rows: [], charts: [], aspects: [], versionId: null });
    for (const path of [
      'scoring.results.bottomTwo',
      'scoring.results.keyAdjustment',
      'scoring.results.priority',
    ])
      expect(await data(reporter, path, { year: 2026 })).toMatchObject({ access: 'hidden', rows: [] });
    const yoy = await data(reporter, 'scoring.results.yearOverYear', { years: [2025, 2026] });
    expect(yoy.years).toEqual([2025]);
    // Award amounts are the office's alone.
    expect((await trpcGet(reporter, 'scoring.results.awards', { year: 2026 })).status()).toBe(403);

    await reporter.goto(`${baseUrl()}/admin/scoring/lists?year=2026`);
    await reporter.getByTestId('results-not-published').getByText('结果尚未公布').waitFor();
    expect(await reporter.getByTestId('bottom-two-table').count()).toBe(0);

    // The published year reads as it always did, with no provisional mark.
    await reporter.goto(`${baseUrl()}/admin/scoring/rankings?year=2025`);
    await reporter.getByTestId('ranking-table').locator('.ant-table-row').first().waitFor();
    expect(await reporter.getByTestId('provisional-tag').count()).toBe(0);
    expect(await reporter.getByTestId('results-provisional').count()).toBe(0);
    expect((await data(reporter, 'scoring.results.rankings', { year: 2025 })).access).toBe('final');
  });

  it('the assessment office sees the open year marked 暂定, with a banner; the published year is not', async () => {
    await login(kaohe, 'admin', 'kaohe');
    await kaohe.goto(`${baseUrl()}/admin/scoring/rankings?year=2026`);
    await kaohe.getByTestId('ranking-table').locator('.ant-table-row').first().waitFor();
    expect(await kaohe.getByTestId('provisional-tag').textContent()).toBe('暂定');
    const banner = kaohe.getByTestId('results-provisional');
    await expect.poll(() => banner.textContent()).toContain('暂定结果：2026年度考核结果尚未公布');
    await expect.poll(() => banner.textContent()).toContain('仅考核办可见');
    await kaohe.getByTestId('ranking-chart').locator('canvas').waitFor();
    await kaohe.waitForTimeout(600);
    await shot(kaohe, 'scoring-results-provisional-office');
    expect((await data(kaohe, 'scoring.results.rankings', { year: 2026 })).access).toBe('provisional');

    await kaohe.goto(`${baseUrl()}/admin/scoring/lists?year=2026`);
    await kaohe.getByTestId('results-provisional').waitFor();
    await kaohe.getByTestId('bottom-two-table').locator('.ant-table-row').first().waitFor();

    await kaohe.goto(`${baseUrl()}/admin/scoring/awards?year=2026`);
    await kaohe.getByTestId('awards-table').locator('.ant-table-row').first().waitFor();
    await kaohe.getByTestId('results-provisional').waitFor();
    expect(await kaohe.getByTestId('provisional-tag').textContent()).toBe('暂定');
    await shot(kaohe, 'scoring-results-provisional-awards');

    await kaohe.goto(`${baseUrl()}/admin/scoring/rankings?year=2025`);
    await kaohe.getByTestId('ranking-table').locator('.ant-table-row').first().waitFor();
    expect(await kaohe.getByTestId('provisional-tag').count()).toBe(0);
    expect(await kaohe.getByTestId('results-provisional').count()).toBe(0);
  });
});

describe('indicator values with their unit and scale (#21 item 10)', () => {
  let desk: BrowserContext;
  let phone: BrowserContext;
  let reporter: Page;
  let kaohe: Page;
  let mobile: Page;

  beforeAll(async () => {
    desk = await openBrowser(DESKTOP);
    phone = await openBrowser(PHONE);
    reporter = await desk.newPage();
    kaohe = await desk.newPage();
    mobile = await phone.newPage();
  });
  afterAll(async () => {
    await desk?.close();
    await phone?.close();
  });

  it('the report form shows the target and the reported value as percentages', async () => {
    await login(reporter, 'admin', 'tianbao');
    const mine = await data(reporter, 'scoring.report.mine', { year: 2026 });
    const row = (
      mine.rows as {
        indicator: { code: string; unit: string; rule: { kind: string; target: number } };
        report: { value: number } | null;
      }[]
    ).find((r) => r.indicator.code === GDP)!;
    expect(row.indicator.unit).toBe('%×100');
    const pct = (n: number) => `${Math.trunc(n / 100)}.${String(n % 100).padStart(2, '0')}%`;

    await reporter.goto(`${baseUrl()}/admin/scoring/report?year=2026`);
    // every indicator, reported or approved (the default lists only what is still to do)
    await reporter.getByTestId('report-filter').getByText('全部').click();
    await reporter.getByTestId('report-table').locator('.ant-table-row').first().waitFor();
    const target = reporter.getByTestId(`target-${GDP}`);
    await target.waitFor();
    expect(await target.textContent()).toContain(`目标 ${pct(row.indicator.rule.target)}`);
    expect(row.report).not.toBeNull();
    const value = (await reporter.getByTestId(`value-${GDP}`).textContent())!;
    expect(value).toMatch(PERCENT);
    expect(value).toBe(pct(row.report!.value));
    // No raw integer of a '%×100' indicator anywhere in the row.
    const text = (await reporter.locator('.ant-table-row', { has: target }).textContent())!;
    expect(text).not.toContain(`目标 ${row.indicator.rule.target}，`);
    await shot(reporter, 'scoring-units-report-table');
  });

  it('the review queue shows targets and values with their unit', async () => {
    await login(kaohe, 'admin', 'kaohe');
    await kaohe.goto(`${baseUrl()}/admin/scoring/review?year=2026`);
    await kaohe.getByTestId('review-status').getByText('已通过').click();
    // 地区生产总值增速, 社会消费品零售总额增速, 网络零售额增速: all kept in hundredths of a percent
    await kaohe.getByTestId('review-search').locator('input').fill('增速');
    await kaohe.getByTestId('review-search').locator('input').press('Enter');
    const row = kaohe.getByTestId('review-table').locator('.ant-table-row', { hasText: '增速' }).first();
    await row.waitFor();
    const value = (await row.locator('[data-testid^="review-value-"]').textContent())!;
    expect(value).toMatch(PERCENT);
    await expect.poll(() => row.textContent()).toMatch(/目标 \d+\.\d{2}%/);
    await shot(kaohe, 'scoring-units-review');
  });

  it('the phone form shows the rule with the unit and takes a percentage with decimals', async () => {
    await login(mobile, 'm', 'tianbao');
    const mine = await data(mobile, 'scoring.report.mine', { year: 2026 });
    const row = (mine.rows as { indicator: { id: number; code: string; rule: { target: number } } }[]).find(
      (r) => r.indicator.code === GDP,
    )!;
    await mobile.goto(`${baseUrl()}/m/scoring/report/${row.indicator.id}?year=2026`);
    const rule = mobile.getByTestId('m-rule');
    await rule.waitFor();
    await expect.poll(() => rule.textContent()).toMatch(/目标 \d+\.\d{2}%/);
    const input = mobile.getByTestId('m-value').locator('input');
    await expect.poll(() => input.inputValue()).toMatch(/^\d+(\.\d{1,2})?$/);
    await shot(mobile, 'scoring-units-phone-form');
  });
});
