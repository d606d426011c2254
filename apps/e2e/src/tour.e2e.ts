import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { appsFor } from '@zhanqian/auth';
import { DEMO_ACCOUNTS } from '@zhanqian/seeds';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AxeViolation, axeViolations, formatViolations } from './axe.ts';
import { baseUrl, DEMO_PASSWORD, DESKTOP, login, openBrowser, PHONE, SCREENSHOTS, shot } from './browser.ts';

/**
 * The suite-wide check of issue #21 ("Done when"): every demo account the seed prints signs in
 * to each app its role uses, as a new user would, and opens every menu item it is shown. On
 * every screen: no 无权访问 (403 page or a refused API call), no error panel, no console error
 * or uncaught exception, and no axe-core violation of WCAG 2.1 A/AA — the landing page and
 * each menu's screen (the role's main task screens). Then the three rules behind it: each role
 * has its apps (#21 item 6), menus and route guards agree (item 8), and a street's star tree
 * asks for no star level a street has not (item 7).
 */

/** The phone users of the member app (DESIGN, "Who uses it"); staff use the console. */
const PHONE_ROLES = new Set(['member', 'branch_secretary', 'unit_reporter']);
const CONSOLE_ACCOUNTS = DEMO_ACCOUNTS.filter((a) => appsFor(a.role).includes('admin'));
const PHONE_ACCOUNTS = DEMO_ACCOUNTS.filter(
  (a) => PHONE_ROLES.has(a.role) && appsFor(a.role).includes('member'),
);

/** What the tour found wrong on one account's screens, by kind (each reported in full). */
interface Findings {
  forbidden: string[];
  httpErrors: string[];
  console: string[];
  axe: string[];
  /** Every offending element of each screen's axe-core violations (for test-results/tour-axe.txt). */
  axeNodes: string[];
}

/** Watches a page for console errors, uncaught exceptions and refused or failed API calls. */
function watch(page: Page, findings: Findings, where: () => string) {
  const inflight = new Set<Request>();
  page.on('console', (m) => {
    if (m.type() === 'error') findings.console.push(`${where()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => findings.console.push(`${where()}: uncaught ${e.message}`));
  page.on('request', (r) => inflight.add(r));
  page.on('requestfinished', (r) => inflight.delete(r));
  page.on('requestfailed', (r) => inflight.delete(r));
  page.on('response', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/trpc/') && r.status() >= 400)
      findings.httpErrors.push(`${where()}: ${r.status()} ${url.pathname}${decodeURIComponent(url.search)}`);
  });
  return inflight;
}

/** Waits until the screen is settled: no request under way and no spinner for 600 ms (20 s at most). */
async function settle(page: Page, inflight: Set<Request>) {
  const deadline = Date.now() + 20_000;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    const spinning = await page
      .locator('.ant-spin-spinning, .ant-skeleton-active, .adm-dot-loading, .adm-skeleton')
      .count();
    if (inflight.size > 0 || spinning > 0) quietSince = Date.now();
    else if (Date.now() - quietSince > 600) return;
    await page.waitForTimeout(150);
  }
}

/**
 * Waits (2 s at most) for the CSS transitions and finite animations under way: a button enabled
 * when its data arrives fades from its disabled colours for 0.2 s, and axe-core would read the
 * colours of the fade's first frame (seen on a loaded machine: 考核方案's export button).
 */
async function transitionsDone(page: Page) {
  await page.evaluate(() =>
    Promise.race([
      Promise.all(
        document
          .getAnimations()
          .filter((a) => a.effect?.getComputedTiming().endTime !== Number.POSITIVE_INFINITY)
          .map((a) => a.finished.catch(() => undefined)),
      ),
      new Promise((done) => setTimeout(done, 2000)),
    ]),
  );
}

/** The checks of one settled screen. */
async function inspect(page: Page, findings: Findings, label: string, shotName: string, axe = true) {
  const refused = await page.getByTestId('forbidden').count();
  const text = ((await page.locator('body').textContent()) ?? '').replace(/\s+/g, ' ');
  if (refused > 0 || text.includes('无权访问')) findings.forbidden.push(`${label}: 无权访问`);
  for (const id of ['error-state', 'remote-error'])
    if ((await page.getByTestId(id).count()) > 0)
      findings.forbidden.push(
        `${label}: ${id} ${((await page.getByTestId(id).first().textContent()) ?? '').slice(0, 200)}`,
      );
  if (axe) {
    await transitionsDone(page);
    const violations = await axeViolations(page);
    if (violations.length) {
      findings.axe.push(`${label}:\n${summarize(violations)}`);
      findings.axeNodes.push(`${label}:\n${formatViolations(violations)}`);
    }
  }
  // what the screen shows first (a full-page picture of a long table took seconds, ~150 times)
  await page.screenshot({ path: join(SCREENSHOTS, `${shotName}.png`) });
}

/** One line per rule: impact, how many elements, the first of them and what to fix. */
function summarize(violations: AxeViolation[]): string {
  return violations
    .map((v) => {
      const first = v.nodes[0];
      const fix = first?.failureSummary?.split('\n')[1]?.trim() ?? v.help;
      return `  ${v.id} [${v.impact}] ×${v.nodes.length}: ${first?.target.join(' >>> ')} — ${fix}`;
    })
    .join('\n');
}

function report(findings: Findings) {
  const say = (what: string, list: string[]) => `${what} (${list.length}):\n${list.join('\n')}\n`;
  expect.soft(findings.forbidden.length, say('无权访问 or an error panel', findings.forbidden)).toBe(0);
  expect.soft(findings.httpErrors.length, say('API calls answered >= 400', findings.httpErrors)).toBe(0);
  expect.soft(findings.console.length, say('console errors', findings.console)).toBe(0);
  // axe-core WCAG 2.1 A/AA (issue #21 item 19): no violation on any screen the tour opens. The
  // rule and first element of each go in the message; every element, with what to fix, in
  // test-results/tour-axe.txt.
  if (findings.axe.length) {
    mkdirSync('test-results', { recursive: true });
    appendFileSync(
      'test-results/tour-axe.txt',
      `${say('screens with axe-core WCAG 2.1 A/AA violations', findings.axeNodes)}\n`,
    );
  }
  expect
    .soft(findings.axe.length, say('screens with axe-core WCAG 2.1 A/AA violations', findings.axe))
    .toBe(0);
}

// the findings of this run only
rmSync('test-results/tour-axe.txt', { force: true });

const empty = (): Findings => ({ forbidden: [], httpErrors: [], console: [], axe: [], axeNodes: [] });

describe('tour: every demo account opens every menu item of the admin console', () => {
  let browser: BrowserContext;
  beforeAll(async () => {
    browser = await openBrowser(DESKTOP);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('covers every demo account the seed prints', () => {
    const toured = new Set([...CONSOLE_ACCOUNTS, ...PHONE_ACCOUNTS].map((a) => a.username));
    expect(DEMO_ACCOUNTS.filter((a) => !toured.has(a.username))).toEqual([]);
    expect(CONSOLE_ACCOUNTS.map((a) => a.username)).not.toContain('dangyuan');
  });

  for (const account of CONSOLE_ACCOUNTS) {
    it(`${account.username} (${account.note})`, { timeout: 420_000 }, async () => {
      await browser.clearCookies();
      const page = await browser.newPage();
      const findings = empty();
      let where = 'sign-in';
      const inflight = watch(page, findings, () => where);
      await login(page, 'admin', account.username);
      where = 'landing';
      await page.getByTestId('portal-title').waitFor();
      await settle(page, inflight);
      await inspect(page, findings, `${account.username} landing`, `tour-admin-${account.username}-home`);

      // open every submenu, then every item it shows, one after another
      const menu = page.locator('.ant-layout-sider .ant-menu');
      const openMenu = async () => {
        if ((await menu.count()) === 0) {
          // the last screen took the console down (reported below): start again from home
          await page.goto(`${baseUrl()}/admin/`);
          await menu.waitFor();
        }
        for (;;) {
          const closed = menu.locator(
            '.ant-menu-submenu:not(.ant-menu-submenu-open) > .ant-menu-submenu-title',
          );
          if ((await closed.count()) === 0) break;
          await closed.first().click();
          await page.waitForTimeout(250);
        }
        return menu.locator('li.ant-menu-item');
      };
      const labels = (await (await openMenu()).allInnerTexts()).map((l) => l.trim());
      expect(labels.length).toBeGreaterThan(0);
      for (let i = 0; i < labels.length; i++) {
        where = labels[i]!;
        await (await openMenu()).nth(i).click();
        await settle(page, inflight);
        const path = new URL(page.url()).pathname;
        if ((await menu.count()) === 0)
          findings.forbidden.push(
            `${account.username} ${where} (${path}): the console is gone (application error)`,
          );
        await inspect(
          page,
          findings,
          `${account.username} ${where} (${path})`,
          `tour-admin-${account.username}-${path.replace(/^\/admin\/?/, '').replace(/\W+/g, '_') || 'home'}`,
        );
      }
      // the home page's shortcuts lead where the menu does (each domain's start page)
      await page.goto(`${baseUrl()}/admin/`);
      const shortcuts = page.locator('.ant-card', { hasText: '常用功能' }).locator('button');
      await shortcuts.first().waitFor();
      const names = (await shortcuts.allInnerTexts()).map((l) => l.trim());
      for (let i = 0; i < names.length; i++) {
        where = `常用功能 ${names[i]}`;
        if (i > 0) {
          await page.goto(`${baseUrl()}/admin/`);
          await shortcuts.first().waitFor();
        }
        await shortcuts.nth(i).click();
        await settle(page, inflight);
        const path = new URL(page.url()).pathname;
        await inspect(
          page,
          findings,
          `${account.username} ${where} (${path})`,
          `tour-admin-${account.username}-shortcut-${i}`,
          false, // the menu's screens were checked with axe above
        );
      }
      await page.close();
      report(findings);
    });
  }
});

describe('tour: the phone users open every entry of the member app', () => {
  let phone: BrowserContext;
  beforeAll(async () => {
    phone = await openBrowser(PHONE);
  });
  afterAll(async () => {
    await phone?.close();
  });

  for (const account of PHONE_ACCOUNTS) {
    it(`${account.username} (${account.note})`, { timeout: 300_000 }, async () => {
      await phone.clearCookies();
      const page = await phone.newPage();
      const findings = empty();
      let where = 'sign-in';
      const inflight = watch(page, findings, () => where);
      await login(page, 'm', account.username);
      where = 'home';
      await page.getByTestId('role-hint').waitFor();
      await settle(page, inflight);
      await inspect(page, findings, `${account.username} home`, `tour-m-${account.username}-home`);
      // the home page's entries (the domains' screens, inbox, direct line), one after another
      const entries = page.locator('.adm-list').first().locator('.adm-list-item');
      const labels = (await entries.allInnerTexts()).map((l) => l.split('\n')[0]!.trim());
      expect(labels.length).toBeGreaterThan(2);
      for (let i = 0; i < labels.length; i++) {
        where = labels[i]!;
        await page.goto(`${baseUrl()}/m/`);
        await page.getByTestId('role-hint').waitFor();
        await entries.nth(i).click();
        await page.waitForURL((u) => u.pathname !== '/m/' && u.pathname !== '/m');
        await settle(page, inflight);
        const path = new URL(page.url()).pathname;
        await inspect(
          page,
          findings,
          `${account.username} ${where} (${path})`,
          `tour-m-${account.username}-${path.replace(/^\/m\/?/, '').replace(/\W+/g, '_')}`,
        );
      }
      // the tabs
      for (const tab of ['消息', '我的']) {
        where = tab;
        await page.locator('.adm-tab-bar-item', { hasText: tab }).click();
        await settle(page, inflight);
        await inspect(page, findings, `${account.username} ${tab}`, `tour-m-${account.username}-tab-${tab}`);
      }
      await page.close();
      report(findings);
    });
  }
});

/** Signs in at a login form and returns the message the app shows (no second step expected). */
async function refusedSignIn(page: Page, app: 'admin' | 'm', username: string): Promise<string> {
  await page.goto(`${baseUrl()}/${app}/login`);
  await page.locator('input[autocomplete="username"]').fill(username);
  await page.locator('input[autocomplete="current-password"]').fill(DEMO_PASSWORD);
  await page.locator('button[type="submit"]').click();
  const message = app === 'admin' ? page.getByTestId('login-error') : page.locator('.adm-toast-main');
  await message.waitFor();
  return ((await message.textContent()) ?? '').trim();
}

describe('each role has the apps it uses (#21 item 6)', () => {
  let browser: BrowserContext;
  beforeAll(async () => {
    browser = await openBrowser(DESKTOP);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the console refuses a Party member at sign-in and sends them to /m/', async () => {
    await browser.clearCookies();
    const page = await browser.newPage();
    const message = await refusedSignIn(page, 'admin', 'dangyuan');
    expect(message).toBe('党员账号不能登录管理后台，请使用党员手机端登录：/m/');
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    expect((await browser.cookies()).filter((c) => c.httpOnly)).toEqual([]);
    await shot(page, 'roles-admin-login-dangyuan-refused');
    const violations = await axeViolations(page);
    expect(violations, formatViolations(violations)).toEqual([]);
    await page.close();
  });

  it('a member signed in on the phone gets no portal in the console, only the way back', async () => {
    await browser.clearCookies();
    const page = await browser.newPage();
    await login(page, 'm', 'dangyuan');
    await page.goto(`${baseUrl()}/admin/`);
    await page.getByTestId('wrong-app').waitFor();
    expect(await page.getByTestId('wrong-app').textContent()).toContain('党员账号请使用党员手机端');
    expect(await page.getByTestId('portal-title').count()).toBe(0);
    expect(await page.locator('.ant-menu').count()).toBe(0);
    // nor through a page's address
    await page.goto(`${baseUrl()}/admin/scoring/rankings`);
    await page.getByTestId('wrong-app').waitFor();
    expect(await page.getByTestId('remote-scoring').count()).toBe(0);
    await shot(page, 'roles-admin-dangyuan-wrong-app');
    const violations = await axeViolations(page);
    expect(violations, formatViolations(violations)).toEqual([]);
    await page.getByRole('link', { name: '前往党员手机端' }).click();
    await page.getByTestId('role-hint').waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/m\/?$/);
    await page.close();
  });

  it('the member app refuses the three administrators and sends them to /admin/', {
    timeout: 120_000,
  }, async () => {
    await browser.clearCookies();
    const page = await browser.newPage();
    expect(await refusedSignIn(page, 'm', 'auditor')).toContain('/admin/');
    expect(new URL(page.url()).pathname).toBe('/m/login');
    // signed in at the console, the phone app shows the way there and no screens
    await login(page, 'admin', 'auditor');
    await page.goto(`${baseUrl()}/m/`);
    await page.getByTestId('wrong-app').waitFor();
    expect(await page.getByTestId('wrong-app').textContent()).toContain('此账号请使用管理后台');
    expect(await page.locator('.adm-tab-bar').count()).toBe(0);
    await page.close();
  });
});

describe('menus and route guards agree (#21 item 8)', () => {
  let browser: BrowserContext;
  beforeAll(async () => {
    browser = await openBrowser(DESKTOP);
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** The entries of one submenu of the console's menu, opened. */
  async function submenu(page: Page, title: string): Promise<string[]> {
    const sub = page.locator('.ant-menu-submenu', {
      has: page.locator('.ant-menu-submenu-title', { hasText: title }),
    });
    if ((await sub.count()) === 0) return [];
    if (!(await sub.getAttribute('class'))?.includes('ant-menu-submenu-open'))
      await sub.locator('.ant-menu-submenu-title').click();
    await sub.locator('li.ant-menu-item').first().waitFor();
    return (await sub.locator('li.ant-menu-item').allInnerTexts()).map((s) => s.trim());
  }

  const SCORING: [string, string[]][] = [
    ['rencai', ['考核方案', '上报审核']],
    ['feigong', ['考核方案', '上报审核']],
    // a reporter reads the published results too (scoring.read), but reviews and pays nothing
    ['tianbao', ['考核方案', '指标填报', '考核排名', '后两位与重点调整', '结果异议']],
  ];
  for (const [username, entries] of SCORING)
    it(`${username} sees only the 千分制 entries it may open`, async () => {
      await browser.clearCookies();
      const page = await browser.newPage();
      await login(page, 'admin', username);
      await page.getByTestId('portal-title').waitFor();
      expect(await submenu(page, '千分制考核')).toEqual(entries);
      await page.close();
    });

  it('the branch secretary’s 星级管理 has no pay list (stars.manage)', async () => {
    await browser.clearCookies();
    const page = await browser.newPage();
    await login(page, 'admin', 'shuji');
    await page.getByTestId('portal-title').waitFor();
    const stars = await submenu(page, '星级管理');
    expect(stars).toContain('星级树与评星');
    expect(stars).not.toContain('七一奖励名单');
    await page.close();
  });

  it('a typed address of a page not in the menu shows 无权访问 and asks the API nothing it would refuse', async () => {
    await browser.clearCookies();
    const page = await browser.newPage();
    const refused: string[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/trpc/') && r.status() === 403) refused.push(r.url());
    });
    await login(page, 'admin', 'rencai');
    for (const path of ['scoring/awards', 'scoring/rankings', 'stars', 'stars/paylist', 'users', 'imports']) {
      await page.goto(`${baseUrl()}/admin/${path}`);
      await page.getByTestId('forbidden').waitFor();
      expect(await page.getByTestId('forbidden').textContent()).toContain('无权访问');
    }
    await shot(page, 'roles-guard-rencai-awards');
    expect(refused).toEqual([]);
    // and what the menu lists opens
    await page.goto(`${baseUrl()}/admin/scoring/review`);
    await page.getByTestId('remote-scoring').waitFor();
    await page.waitForTimeout(1000);
    expect(await page.getByTestId('forbidden').count()).toBe(0);
    await page.close();
  });
});

describe('a street admin’s star tree (#21 item 7)', () => {
  let browser: BrowserContext;
  beforeAll(async () => {
    browser = await openBrowser(DESKTOP);
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** A tree node's expander in the admin star tree. */
  async function expand(page: Page, key: string) {
    const node = page.getByTestId(`node-${key}`);
    await node.waitFor();
    await page.locator('.ant-tree-treenode', { has: node }).locator('.ant-tree-switcher').click();
  }

  it('jiedao opens the tree at the street, its communities and branches, rates a branch: no level=street', async () => {
    await browser.clearCookies();
    const page = await browser.newPage();
    const failures: string[] = [];
    const levels: string[] = [];
    page.on('response', (r) => {
      const url = new URL(r.url());
      if (!url.pathname.startsWith('/trpc/')) return;
      if (r.status() >= 400) failures.push(`${r.status()} ${url.pathname}${decodeURIComponent(url.search)}`);
      if (url.pathname.includes('stars.entities')) {
        const input = decodeURIComponent(url.search);
        for (const m of input.matchAll(/"level":"(\w+)"/g)) levels.push(m[1]!);
      }
    });
    await login(page, 'admin', 'jiedao');
    await page.goto(`${baseUrl()}/admin/stars/tree`);
    // the root is the street (unit 7, open from the start), no star level of its own: its
    // communities below, each with its stars
    await page.getByTestId('node-u7').waitFor();
    await expect.poll(() => page.getByTestId('node-u8').textContent()).toMatch(/★|未评/);
    await expand(page, 'u8');
    await page.getByTestId('node-u9').click();
    await page.getByTestId('entity-panel').waitFor();
    const saved = async () => {
      const done = page.waitForResponse((r) => r.url().includes('/trpc/stars.rate'));
      await page.getByTestId('rate-save').click();
      expect((await done).status()).toBe(200);
      await page.waitForTimeout(1500); // the tree reloads what is open
    };
    await page.getByTestId('criterion-1').click();
    await saved();
    await shot(page, 'roles-stars-tree-jiedao-rated');
    // back as it was, for the other tests
    await page.getByTestId('criterion-1').click();
    await saved();
    expect(failures).toEqual([]);
    expect(levels).toContain('committee');
    expect(levels).not.toContain('street');
    await page.close();
  });
});
