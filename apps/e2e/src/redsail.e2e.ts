import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, DESKTOP, login, openBrowser, PHONE, shot } from './browser.ts';

/**
 * 红帆引航 (issue #17) in the browser: the 非公党工委 imports enterprises from an xlsx and the
 * home's coverage moves; records a leader's visit; evaluates and recognizes a demonstration
 * point; runs this year's competition round with two judges scoring blind (a tie shares rank 1);
 * plans today's station activity, which the demo member signs in to from the phone.
 *
 * Shares the seeded platform with the other browser tests: it adds its own enterprises (codes
 * made here), one visit, one point, this year's competition and one activity — nothing another
 * file reads.
 */

/** Today and this year in Asia/Shanghai. */
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
const thisYear = () => Number(today().slice(0, 4));

/** A valid unified social credit code (GB 32100: check character over the first 17, weights 3^i mod 31). */
function creditCode(first17: string): string {
  const set = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += set.indexOf(first17[i]!) * (3 ** i % 31);
  const c = 31 - (sum % 31);
  return first17 + set[c === 31 ? 0 : c];
}

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 });

/** A tRPC call with the page's session (for set-up the screens do not offer, e.g. a station). */
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

/** No i18n key of these screens leaks onto the page untranslated. */
async function noRawKeys(page: Page) {
  expect(await page.locator('body').textContent()).not.toMatch(/\brs\.[a-zA-Z]+\.[a-zA-Z]/);
}

/** Confirms the open antd Popconfirm. */
async function confirmPop(page: Page) {
  const ok = page.locator('.ant-popover:visible .ant-btn-primary');
  await ok.click();
  await ok.waitFor({ state: 'hidden' });
}

/**
 * Types a date into an antd DatePicker (by its test id) and clicks that day in its panel: Enter
 * would also submit the form the picker is in.
 */
async function pickDate(page: Page, testId: string, date: string) {
  const input = page
    .getByTestId(testId)
    .locator('input')
    .or(page.locator(`input[data-testid="${testId}"]`));
  await input.first().click();
  await input.first().fill(date);
  await page.locator(`.ant-picker-dropdown:visible td[title="${date}"]`).click();
}

/** Chooses an option of an antd Select (by its test id) by the text typed into its search. */
async function choose(page: Page, testId: string, text: string) {
  const select = page.getByTestId(testId);
  await select.click();
  await page.keyboard.type(text);
  const option = page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text })
    .first();
  await option.waitFor();
  await option.click();
}

/** The home's figures: the total, and each rate as shown with the counts under it ("7 / 9 家"). */
async function homeFigures(page: Page) {
  await page.goto(`${baseUrl()}/admin/redsail`);
  await page.getByTestId('rs-stat-total').waitFor();
  const card = (id: string) => page.locator('.ant-card', { has: page.getByTestId(id) });
  const value = async (id: string) =>
    ((await page.getByTestId(id).locator('.ant-statistic-content').textContent()) ?? '').replace(
      /[,\s]/g,
      '',
    );
  const counts = async (id: string) => {
    const m = ((await card(id).textContent()) ?? '').match(/(\d+) \/ (\d+)/);
    return { part: Number(m?.[1]), whole: Number(m?.[2]) };
  };
  return {
    total: Number(await value('rs-stat-total')),
    org: await value('rs-stat-org'),
    work: await value('rs-stat-work'),
    orgCounts: await counts('rs-stat-org'),
    workCounts: await counts('rs-stat-work'),
  };
}

/** '77.8%' from exact counts, as the screens round (half up on tenths). */
const pct = (part: number, whole: number) => {
  if (whole === 0) return '—';
  const tenths = Math.floor((2000 * part + whole) / (2 * whole));
  return `${Math.floor(tenths / 10)}.${tenths % 10}%`;
};

describe('红帆引航: the 非公党工委 at work, a member on the phone', () => {
  let desk: BrowserContext;
  let desk2: BrowserContext;
  let phone: BrowserContext;
  let staff: Page;
  let judge2: Page;
  let member: Page;
  const stamp = Date.now()
    .toString(36)
    .toUpperCase()
    .replace(/[IOSVZ]/g, 'X')
    .slice(-6)
    .padStart(6, '0');
  const names = [`红帆测试科技有限公司${stamp}`, `红帆测试物流有限公司${stamp}`];
  const activityTitle = `红帆测试主题党日${stamp}`;
  let before: Awaited<ReturnType<typeof homeFigures>>;

  beforeAll(async () => {
    desk = await openBrowser(DESKTOP);
    desk2 = await openBrowser(DESKTOP);
    phone = await openBrowser(PHONE);
    staff = await desk.newPage();
    judge2 = await desk2.newPage();
    member = await phone.newPage();
    for (const p of [staff, judge2, member])
      p.on('pageerror', (e) => console.error('page error:', e.message, e.stack));
  });
  afterAll(async () => {
    await desk?.close();
    await desk2?.close();
    await phone?.close();
  });

  it('feigong sees the Red Sail menu and the home with coverage in percent (one decimal), visits and stations as charts', async () => {
    await login(staff, 'admin', 'feigong');
    await staff.getByTestId('portal-title').waitFor();
    const menu = staff.locator('.ant-menu-submenu', {
      has: staff.locator('.ant-menu-submenu-title', { hasText: '红帆引航' }),
    });
    await menu.locator('.ant-menu-submenu-title').click();
    await menu.locator('li.ant-menu-item').first().waitFor();
    expect((await menu.locator('li.ant-menu-item').allInnerTexts()).map((s) => s.trim())).toEqual([
      '工作概览',
      '两新组织名录',
      '联系点与走访',
      '红色示范点',
      '片区工作站与商业街',
      '站点活动',
      '创新项目大赛',
    ]);
    before = await homeFigures(staff);
    // one decimal, or a dash for an empty registry
    expect(before.org).toMatch(/^(\d{1,3}\.\d%|—)$/);
    expect(before.work).toMatch(/^(\d{1,3}\.\d%|—)$/);
    await staff.getByTestId('rs-chart-trend').locator('canvas').waitFor();
    await noRawKeys(staff);
    await shot(staff, 'redsail-home-before');
  });

  it('imports two enterprises with their own Party branches from the template, after a check', async () => {
    await staff.goto(`${baseUrl()}/admin/redsail/enterprises`);
    await staff.getByTestId('rs-ent-table').locator('.ant-table-row').first().waitFor();
    await staff.getByTestId('rs-ent-import').click();
    const [template] = await Promise.all([
      staff.waitForEvent('download'),
      staff.getByTestId('rs-imp-template').click(),
    ]);
    expect(template.suggestedFilename()).toMatch(/\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await template.path())!);
    const sheet = wb.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
    // fill by the template's own headers (their order is the template's business)
    const rowOf = (values: Record<string, string | number>) => {
      const row: (string | number | null)[] = [];
      header.forEach((h, i) => {
        if (i === 0) return;
        const key = Object.keys(values).find((k) => h.includes(k));
        row[i - 1] = key === undefined ? null : values[key]!;
      });
      return row;
    };
    const codes = [creditCode(`91210800MA${stamp}0`), creditCode(`91210800MA${stamp}1`)];
    // drop any sample rows the template carries
    for (let r = sheet.rowCount; r >= 2; r--) sheet.spliceRows(r, 1);
    for (const [i, name] of names.entries())
      sheet.addRow(
        rowOf({
          信用代码: codes[i]!,
          名称: name,
          类型: '企业',
          行业: '信息技术',
          规模: '小型',
          地址: '站前区测试路 1 号',
          街道编码: 'S1',
          登记日期: '2024-03-01',
          党组织: '独立党支部',
          党员: 3,
        }),
      );
    await staff
      .getByTestId('rs-imp')
      .locator('input[type="file"]')
      .setInputFiles({
        name: '两新组织.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: Buffer.from(await wb.xlsx.writeBuffer()),
      });
    const errors = staff.getByTestId('rs-imp-errors');
    const counts = staff.getByTestId('rs-imp-counts');
    await counts.or(errors).first().waitFor();
    if (await errors.isVisible()) throw new Error(`import refused: ${await errors.textContent()}`);
    await poll(() =>
      staff.getByTestId('rs-imp-count-new').locator('.ant-statistic-content').textContent(),
    ).toBe('2');
    await shot(staff, 'redsail-import-checked');
    await staff.getByTestId('rs-imp-run').click();
    await staff.locator('.ant-modal-confirm .ant-btn-primary').click();
    await staff.locator('.ant-message').getByText('已导入').waitFor();
    // the registry finds them by name
    await staff.getByTestId('rs-ent-search').locator('input').fill(stamp);
    await staff.keyboard.press('Enter');
    await poll(() => staff.getByTestId('rs-ent-table').locator('.ant-table-row').count()).toBe(2);
    expect(await staff.getByTestId('rs-ent-table').textContent()).toContain('独立党支部');
    await noRawKeys(staff);
    await shot(staff, 'redsail-enterprises-imported');
  });

  it('has what the screens below work on: a station, a leader with a contact point, evaluation criteria', async () => {
    // The demo seed brings these; made here when it does not (yet), so the story runs on any seed.
    const mine = await trpc<{ rows: { id: number; street_id: number }[] }>(
      staff,
      'query',
      'redsail.enterprises.list',
      {
        filter: { q: stamp },
      },
    );
    expect(mine.rows).toHaveLength(2);
    const stations = await trpc<unknown[]>(staff, 'query', 'redsail.stations.list');
    if (stations.length === 0)
      await trpc(staff, 'mutation', 'redsail.stations.create', {
        code: `E2E${stamp}`,
        name: `站前红色片区工作站（测试${stamp}）`,
        streetId: mine.rows[0]!.street_id,
      });
    const leaders = await trpc<{ leaders: { contactPoints: unknown[] }[] }>(
      staff,
      'query',
      'redsail.contacts.overview',
      {
        year: thisYear(),
      },
    );
    if (!leaders.leaders.some((l) => l.contactPoints.length > 0)) {
      const leader = await trpc<{ id: number }>(staff, 'mutation', 'redsail.contacts.createLeader', {
        name: `测试领导${stamp}`,
        title: '区委常委',
      });
      await trpc(staff, 'mutation', 'redsail.contacts.addPoint', {
        leaderId: leader.id,
        enterpriseId: mine.rows[1]!.id,
        since: today(),
      });
    }
    const criteria = await trpc<unknown[]>(staff, 'query', 'redsail.demo.criteria');
    if (criteria.length === 0)
      for (const [code, name] of [
        ['E2E1', '党组织班子健全，活动经常'],
        ['E2E2', '有固定活动场所'],
      ])
        await trpc(staff, 'mutation', 'redsail.demo.saveCriterion', { code, name, required: true });
  });

  it('the home’s coverage moves by the two covered enterprises', async () => {
    const after = await homeFigures(staff);
    expect(after.total).toBe(before.total + 2);
    // both have their own branch: organization- and so work-covered
    expect(after.orgCounts).toEqual({ part: before.orgCounts.part + 2, whole: before.total + 2 });
    expect(after.workCounts).toEqual({ part: before.workCounts.part + 2, whole: before.total + 2 });
    // the rates are the exact fractions, shown with one decimal
    expect(after.org).toBe(pct(after.orgCounts.part, after.total));
    expect(after.work).toBe(pct(after.workCounts.part, after.total));
    expect(before.org).toBe(pct(before.orgCounts.part, before.total));
    await shot(staff, 'redsail-home-after-import');
  });

  it('records a leader’s visit to a contact point; the leader’s count goes up by one', async () => {
    await staff.goto(`${baseUrl()}/admin/redsail/contacts`);
    const card = staff
      .locator('[data-testid^="rs-leader-"]', { has: staff.getByTestId('rs-cp-record') })
      .first();
    await card.waitFor();
    const visitsOf = async () => Number(((await card.textContent()) ?? '').match(/本年走访 (\d+)/)?.[1]);
    const n = await visitsOf();
    await card.getByTestId('rs-cp-record').click();
    await pickDate(staff, 'rs-visit-date', today());
    await staff.getByTestId('rs-visit-content').fill('了解企业党支部换届和党员发展情况');
    await staff.getByTestId('rs-visit-save').click();
    await staff.locator('.ant-message').getByText('走访已记录').waitFor();
    await poll(visitsOf).toBe(n + 1);
    await poll(() => staff.getByTestId('rs-visits').textContent()).toContain('了解企业党支部换届');
    await noRawKeys(staff);
    await shot(staff, 'redsail-visit-recorded');
  });

  it('a new enterprise applies as a demonstration point, is evaluated and recognized at district level', async () => {
    await staff.goto(`${baseUrl()}/admin/redsail/demonstrations`);
    await staff.getByTestId('rs-demo-table').waitFor();
    // the counts come with the list: read them once its rows are in (not the 0 shown while loading)
    await staff.getByTestId('rs-demo-table').locator('.ant-table-row').first().waitFor();
    const districtBefore = Number(
      await staff.getByTestId('rs-demo-count-district').locator('.ant-statistic-content').textContent(),
    );
    await staff.getByTestId('rs-demo-apply').click();
    await choose(staff, 'rs-demo-enterprise', names[0]!);
    await staff.getByTestId('rs-demo-ok').click();
    await staff.locator('.ant-message').getByText('完成').first().waitFor();
    const row = staff.getByTestId('rs-demo-table').locator('.ant-table-row', { hasText: names[0]! });
    await poll(() => row.textContent()).toContain('已申报');
    // evaluate: every criterion met
    await row.locator('[data-testid^="rs-demo-evaluate-"]').click();
    const boxes = staff.getByTestId('rs-demo-criteria').locator('input[type="checkbox"]');
    await boxes.first().waitFor();
    for (const box of await boxes.all()) await box.check();
    await shot(staff, 'redsail-demo-evaluate');
    await staff.getByTestId('rs-demo-ok').click();
    await poll(() => row.textContent()).toContain('评估通过');
    // recognize at district level, dated today
    await row.locator('[data-testid^="rs-demo-recognize-"]').click();
    await staff.getByTestId('rs-demo-level').getByText('区级').click();
    await pickDate(staff, 'rs-demo-date', today());
    await staff.getByTestId('rs-demo-ok').click();
    await poll(() => row.textContent()).toContain('已认定');
    expect(await row.textContent()).toContain(today());
    await poll(async () =>
      Number(
        await staff.getByTestId('rs-demo-count-district').locator('.ant-statistic-content').textContent(),
      ),
    ).toBe(districtBefore + 1);
    await noRawKeys(staff);
    await shot(staff, 'redsail-demo-recognized');
  });

  it('calls this year’s competition with two judges (feigong and a street’s jiedao) and enters both new enterprises', async () => {
    await staff.goto(`${baseUrl()}/admin/redsail/competition`);
    await staff.getByTestId('rs-cmp-call').click();
    await staff.getByTestId('rs-call-title').fill(`${thisYear()} 年党建创新项目评比`);
    await pickDate(staff, 'rs-call-deadline', today());
    await choose(staff, 'rs-call-judges', '非公党工委干部');
    await choose(staff, 'rs-call-judges', '站前街道干部');
    await staff.keyboard.press('Escape');
    await staff.getByTestId('rs-call-ok').click();
    await staff.locator('.ant-message').getByText('评比已发布').waitFor();
    await staff.getByTestId('rs-cmp-board').waitFor();
    for (const [i, name] of names.entries()) {
      await staff.getByTestId('rs-cmp-enter').click();
      await choose(staff, 'rs-entry-enterprise', name);
      await staff.getByTestId('rs-entry-title').fill(`项目${i + 1}：红帆${stamp}`);
      await staff.getByTestId('rs-entry-ok').click();
      await staff.locator('.ant-message').getByText('已报名').last().waitFor();
    }
    await poll(() => staff.getByTestId('rs-cmp-entries').locator('.ant-table-row').count()).toBe(2);
    await staff.getByTestId('rs-cmp-start').click();
    await confirmPop(staff);
    await staff.getByTestId('rs-cmp-blind').waitFor();
    await noRawKeys(staff);
  });

  /** Scores an entry (by its row's title) in the judge's board. */
  async function score(page: Page, title: string, points: string) {
    const row = page.getByTestId('rs-cmp-entries').locator('.ant-table-row', { hasText: title });
    await row.locator('.ant-input-number input').fill(points);
    await row.locator('[data-testid^="rs-score-submit-"]').click();
    await confirmPop(page);
    await poll(() => row.textContent()).toContain(`我的评分 ${points}`);
    return row;
  }

  it('two judges score blind (each sees another’s score of an entry only after their own), a tie shares rank 1', async () => {
    const [a, b] = [`项目1：红帆${stamp}`, `项目2：红帆${stamp}`];
    const rowA = await score(staff, a, '90.00');
    // nobody else scored yet: only one's own score
    expect(await rowA.textContent()).toContain('1 / 2');
    await score(staff, b, '80.00');
    await shot(staff, 'redsail-judge1-scored');

    await login(judge2, 'admin', 'jiedao');
    await judge2.goto(`${baseUrl()}/admin/redsail/competition`);
    const rowA2 = judge2.getByTestId('rs-cmp-entries').locator('.ant-table-row', { hasText: a });
    await rowA2.waitFor();
    // before scoring, feigong's 90 is not shown to the second judge
    expect(await rowA2.textContent()).not.toContain('90.00');
    expect(await rowA2.textContent()).toContain('提交本项目评分后可见');
    await shot(judge2, 'redsail-judge2-blind');
    await score(judge2, a, '80.00');
    // once submitted, both scores of the entry show
    await poll(() => rowA2.textContent()).toContain('90.00');
    await score(judge2, b, '90.00');

    await staff.reload();
    await staff.getByTestId('rs-cmp-close').click();
    await confirmPop(staff);
    await staff.locator('.ant-message').getByText('已排名并确定奖项').waitFor();
    const rows = staff.getByTestId('rs-cmp-entries').locator('.ant-table-row');
    await poll(() => rows.count()).toBe(2);
    // 90 + 80 and 80 + 90: the same mean, rank 1 both, both take the first prize
    for (const r of await rows.all()) {
      const text = (await r.textContent()) ?? '';
      expect(text.startsWith('1')).toBe(true);
      expect(text).toContain('85.00');
      expect(text).toContain('一等奖');
    }
    await noRawKeys(staff);
    await shot(staff, 'redsail-competition-ranked');
  });

  it('plans today’s activity at a station; the member signs in from the phone, once', async () => {
    await staff.goto(`${baseUrl()}/admin/redsail/activities`);
    await staff.getByTestId('rs-act-plan').click();
    await staff.getByTestId('rs-act-station').click();
    await staff.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await staff.getByTestId('rs-act-name').fill(activityTitle);
    await pickDate(staff, 'rs-act-date', today());
    await staff.getByTestId('rs-act-save').click();
    await staff.locator('.ant-message').getByText('活动已发布').waitFor();
    const row = staff.getByTestId('rs-act-table').locator('.ant-table-row', { hasText: activityTitle });
    await row.waitFor();

    await login(member, 'm', 'dangyuan');
    await member.goto(`${baseUrl()}/m/redsail`);
    const card = member.locator('[data-testid^="rs-m-activity-"]', { hasText: activityTitle });
    await card.waitFor();
    await shot(member, 'redsail-member-activities');
    await card.getByTestId('rs-m-signin').click();
    await poll(() => member.getByTestId('rs-m-notice').textContent()).toContain('已签到');
    await card.getByTestId('rs-m-signed').waitFor();
    expect(await card.getByTestId('rs-m-signin').count()).toBe(0);
    await noRawKeys(member);
    await shot(member, 'redsail-member-signed-in');

    // the console counts the sign-in
    await staff.reload();
    // 计划中, one sign-in
    await poll(() =>
      staff.getByTestId('rs-act-table').locator('.ant-table-row', { hasText: activityTitle }).textContent(),
    ).toContain('计划中1');
  });

  it('the home shows the new coverage, the visit and the station’s activity', async () => {
    const after = await homeFigures(staff);
    expect(after.total).toBe(before.total + 2);
    for (const chart of ['rs-chart-trend', 'rs-chart-visits', 'rs-chart-stations'])
      await staff.getByTestId(chart).locator('canvas').waitFor();
    await shot(staff, 'redsail-home-after');
  });
});
