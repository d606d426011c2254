import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page, type Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { APPS, firstLoadFiles } from '../../../scripts/bundle-size.ts';
import { baseUrl, DESKTOP, login, PHONE, shot } from './browser.ts';

/**
 * The domains' screens as Module Federation remotes (#16): a new build of one domain deployed
 * while the platform runs, a remote that fails, and the first load and shared libraries measured
 * from the network log (compression on).
 */

const root = resolve(import.meta.dirname, '../../..');

interface Entry {
  url: string;
  path: string;
  status: number;
  type: string;
  encoding: string | undefined;
  /** bytes on the wire (the encoded body) */
  encoded: number;
  body?: Buffer;
}

/** Responses still being read into a log: a settled page waits for them (a busy machine lags). */
const recording = new Set<Promise<void>>();

/** Every response of a page: path, status, encoding, bytes on the wire, and the body of scripts. */
function networkLog(page: Page): Entry[] {
  const log: Entry[] = [];
  // what went wrong in the page, for the failure message of a test that waits in vain
  page.on('pageerror', (e) => console.warn(`[${page.url()}] pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') console.warn(`[${page.url()}] console.error: ${m.text().slice(0, 300)}`);
  });
  page.on('requestfinished', (request) => {
    // a response still being read when its test closes the page is not part of the log (and not
    // an unhandled rejection of the run)
    const done = record(request).catch(() => {});
    recording.add(done);
    void done.finally(() => recording.delete(done));
  });
  const record = async (request: Request) => {
    const response = await request.response();
    if (!response) return;
    const url = new URL(request.url());
    const entry: Entry = {
      url: request.url(),
      path: url.pathname,
      status: response.status(),
      type: request.resourceType(),
      encoding: (await response.allHeaders())['content-encoding'],
      encoded: (await request.sizes()).responseBodySize,
    };
    if (url.pathname.endsWith('.js') || url.pathname.endsWith('.html')) entry.body = await response.body();
    log.push(entry);
  };
  return log;
}

const sha = (b: Buffer | undefined) =>
  createHash('sha256')
    .update(b ?? '')
    .digest('hex');
const js = (log: Entry[]) => log.filter((e) => e.path.endsWith('.js'));
/** Settles the network log: what was requested has been recorded. */
const settle = async (page: Page) => {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  await Promise.all([...recording]);
};

/** Opens a menu entry of the console (its group first, when folded). */
async function openMenu(page: Page, group: string, item: string) {
  const entry = page
    .locator('.ant-menu-item')
    .filter({ hasText: new RegExp(`^${item}$`) })
    .first();
  if (!(await entry.isVisible()))
    await page.locator('.ant-menu-submenu-title').filter({ hasText: group }).click();
  await entry.click();
}

let browser: Browser;
/** Signed-in states (cookies), so that each measurement starts from an empty cache without signing in again. */
let adminState: Awaited<ReturnType<BrowserContext['storageState']>>;
let memberState: Awaited<ReturnType<BrowserContext['storageState']>>;

const context = (state?: typeof adminState, viewport = DESKTOP) =>
  browser.newContext({
    viewport,
    locale: 'zh-CN',
    isMobile: viewport.width < 500,
    hasTouch: viewport.width < 500,
    ...(state ? { storageState: state } : {}),
  });

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: process.env.ZQ_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
    ],
  });
  const admin = await context();
  await login(await admin.newPage(), 'admin', 'admin');
  adminState = await admin.storageState();
  await admin.close();
  const member = await context(undefined, PHONE);
  await login(await member.newPage(), 'm', 'shuji');
  memberState = await member.storageState();
  await member.close();
});

afterAll(async () => {
  await browser?.close();
});

/** A copy of packages/stars-ui with a new label in its screens, built on its own (a remote's dist). */
function buildChangedStars(): { dir: string; dist: string } {
  const src = join(root, 'packages/stars-ui');
  const dir = mkdtempSync(join(tmpdir(), 'zq-stars-next-'));
  for (const f of ['package.json', 'tsconfig.json', 'vite.config.ts']) cpSync(join(src, f), join(dir, f));
  cpSync(join(src, 'src'), join(dir, 'src'), { recursive: true });
  symlinkSync(join(src, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const edit = (file: string, from: string, to: string) => {
    const text = readFileSync(join(dir, file), 'utf8');
    expect(text, `${file} holds ${from}`).toContain(from);
    writeFileSync(join(dir, file), text.replaceAll(from, to));
  };
  edit('src/strings.ts', "'stars.tree': '星级树',", "'stars.tree': '星级树（新版）',");
  edit('src/admin/index.ts', "'zh-CN': '星级树与评星'", "'zh-CN': '星级树与评星（新版）'");
  edit('package.json', '"version": "0.1.0"', '"version": "0.1.1"');
  // A build as an operator runs it: not under the test runner (whose VITEST and NODE_ENV=test make
  // @module-federation/vite stand aside).
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_ENV' && k !== 'TEST'),
  );
  const build = spawnSync(process.execPath, [join(src, 'node_modules/vite/bin/vite.js'), 'build'], {
    cwd: dir,
    encoding: 'utf8',
    env,
  });
  expect(build.status, build.stdout + build.stderr).toBe(0);
  return { dir, dist: join(dir, 'dist') };
}

/** `pnpm zq mf …` against the running platform's remotes directory. */
function zqMf(...args: string[]) {
  const r = spawnSync(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', 'apps/api/src/cli/main.ts', 'mf', ...args],
    { cwd: root, encoding: 'utf8', env: { ...process.env, ZQ_MF_DIR: inject('mfDir'), LOG_LEVEL: 'warn' } },
  );
  expect(r.status, r.stdout + r.stderr).toBe(0);
  return r.stdout;
}

type Manifest = { remotes: { domain: string; release: string; entry: string }[] };
const manifest = async (): Promise<Manifest> =>
  (await fetch(`${baseUrl()}/mf/manifest.json`)).json() as Promise<Manifest>;

describe('deploying one domain’s screens', () => {
  let built: { dir: string; dist: string } | undefined;
  afterAll(() => {
    // back to the repository's build for the other test files
    zqMf('undeploy', 'stars');
    if (built) rmSync(built.dir, { recursive: true, force: true });
  });

  it('a new build of the stars screens deployed while the platform runs shows at the next load; the shell’s files are the same', async () => {
    const open = async () => {
      const ctx = await context(adminState);
      const page = await ctx.newPage();
      const log = networkLog(page);
      await page.goto(`${baseUrl()}/admin/stars/tree`);
      await page.locator('.ant-tree').first().waitFor();
      await settle(page);
      return { ctx, page, log };
    };
    const before = await open();
    await expect
      .poll(() => before.page.getByRole('heading', { name: '星级树', exact: true }).count())
      .toBe(1);
    built = buildChangedStars();
    const releasesBefore = await manifest();
    const out = zqMf('deploy', 'stars', '--from', built.dist);
    const releasesAfter = await manifest();
    expect(out).toMatch(/stars 0\.1\.1-[0-9a-f]{8} is live/);

    // the page already open: a reload shows the new build (menu label from the manifest, title from the remote)
    await before.page.reload();
    await before.page.getByRole('heading', { name: '星级树（新版）' }).waitFor();
    await before.page.locator('.ant-menu-submenu-title').filter({ hasText: '星级管理' }).click();
    await before.page.locator('.ant-menu-item').filter({ hasText: '星级树与评星（新版）' }).first().waitFor();
    await shot(before.page, 'mf-stars-new-build');

    // a fresh browser (empty cache) loads the same shell files, byte for byte, and the new remote
    const after = await open();
    await after.page.getByRole('heading', { name: '星级树（新版）' }).waitFor();
    const shellFiles = (log: Entry[]) =>
      new Map(
        log
          .filter(
            (e) =>
              e.path.startsWith('/admin/') && (e.type === 'document' || e.path.startsWith('/admin/assets/')),
          )
          .map((e) => [e.path, sha(e.body)]),
      );
    const shellBefore = shellFiles(before.log);
    expect(shellBefore.size).toBeGreaterThan(3);
    expect(shellFiles(after.log)).toEqual(shellBefore);

    const starsBefore = releasesBefore.remotes.find((r) => r.domain === 'stars')!;
    const starsAfter = releasesAfter.remotes.find((r) => r.domain === 'stars')!;
    expect(starsAfter.release).toMatch(/^0\.1\.1-/);
    expect(starsAfter.release).not.toBe(starsBefore.release);
    // the other departments' remotes are as they were
    expect(releasesAfter.remotes.filter((r) => r.domain !== 'stars')).toEqual(
      releasesBefore.remotes.filter((r) => r.domain !== 'stars'),
    );
    // the old build was loaded before, the new one after: the remote's files changed, not the shell's
    expect(before.log.some((e) => e.path === starsBefore.entry)).toBe(true);
    expect(after.log.some((e) => e.path === starsAfter.entry)).toBe(true);
    expect(after.log.some((e) => e.path.startsWith(`/mf/stars/${starsBefore.release}/`))).toBe(false);
    await before.ctx.close();
    await after.ctx.close();
  });
});

describe('a failing remote', () => {
  it('an entry answering 500 shows the error panel in its area; the menu and the other departments work; retry loads it', async () => {
    const ctx = await context(adminState);
    const page = await ctx.newPage();
    await page.route('**/mf/scoring/*/remoteEntry.js*', (route) =>
      route.fulfill({ status: 500, contentType: 'text/plain', body: 'Internal Server Error' }),
    );
    await page.goto(`${baseUrl()}/admin/scoring/rankings`);
    const panel = page.getByTestId('remote-error');
    await panel.waitFor();
    await expect.poll(() => panel.textContent()).toContain('「千分制考核」暂时无法打开');
    // antd spaces a two-character Chinese label: 重 试
    await expect.poll(() => panel.getByRole('button', { name: /^重\s?试$/ }).count()).toBe(1);
    await shot(page, 'mf-remote-500-admin');

    // the menu and the other departments keep working
    await openMenu(page, '星级管理', '星级树与评星');
    await page.locator('.ant-tree').first().waitFor();
    await openMenu(page, '人才工作', '人才库');
    await page.locator('.ant-table').first().waitFor();
    expect(await page.getByTestId('remote-error').count()).toBe(0);
    await page
      .locator('.ant-menu-item')
      .filter({ hasText: /^首页$/ })
      .click();
    await page.getByTestId('stat-home.households').waitFor();

    // back to the failing department: still its panel; the entry answers again: 重试 loads its screens
    await openMenu(page, '千分制考核', '考核排名');
    await page.getByTestId('remote-error').waitFor();
    await page.unroute('**/mf/scoring/*/remoteEntry.js*');
    await page.getByTestId('remote-retry').click();
    await expect.poll(() => page.getByTestId('remote-error').count()).toBe(0);
    await page.locator('.ant-table, .ant-empty').first().waitFor();
    await ctx.close();
  });

  it('an entry that throws is caught the same way', async () => {
    const ctx = await context(adminState);
    const page = await ctx.newPage();
    await page.route('**/mf/cadres/*/remoteEntry.js*', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/javascript',
        body: 'throw new Error("cadres remote is broken");',
      }),
    );
    await page.goto(`${baseUrl()}/admin/cadres`);
    await page.getByTestId('remote-error').waitFor();
    await expect
      .poll(() => page.getByTestId('remote-error').textContent())
      .toContain('「干部工作」暂时无法打开');
    await page
      .locator('.ant-menu-item')
      .filter({ hasText: /^首页$/ })
      .click();
    await page.getByTestId('stat-home.households').waitFor();
    await ctx.close();
  });

  it('on the phone: the stars screen shows the panel (English too); the tabs and the home page work', async () => {
    const ctx = await context(memberState, PHONE);
    const page = await ctx.newPage();
    await page.route('**/mf/stars/*/remoteEntry.js*', (route) => route.fulfill({ status: 500, body: 'no' }));
    await page.goto(`${baseUrl()}/m/stars`);
    await page.getByTestId('remote-error').waitFor();
    await expect.poll(() => page.getByTestId('remote-error').textContent()).toContain('暂时无法打开');
    await shot(page, 'mf-remote-500-member');
    await page.getByText('我的', { exact: true }).click();
    await page.waitForURL(/\/m\/me$/);
    await page.getByText('首页', { exact: true }).click();
    await page.getByTestId('hello').waitFor();
    // English
    await page.evaluate(() => localStorage.setItem('zq.locale', 'en'));
    await page.goto(`${baseUrl()}/m/stars`);
    await expect
      .poll(() => page.getByTestId('remote-error').textContent())
      .toContain('cannot be opened right now');
    await expect.poll(() => page.getByRole('button', { name: 'Retry' }).count()).toBe(1);
    await ctx.close();
  });
});

describe('first load and shared libraries, from the network log (compression on)', () => {
  /** The first-load files of a route (scripts/bundle-size.ts) as fetched: bytes on the wire. */
  const measure = (log: Entry[], app: 'admin' | 'member', route: 'login' | 'landing') => {
    const prefix = app === 'admin' ? '/admin/' : '/m/';
    const files = firstLoadFiles(app, route).map((f) => prefix + f);
    const fetched = new Map(js(log).map((e) => [e.path, e]));
    for (const f of files) {
      expect(fetched.get(f), `${f} fetched`).toBeDefined();
      // every file the build precompressed (1 KB and more) comes as brotli
      const dist = join(root, 'apps', app, 'dist', f.slice(prefix.length));
      if (existsSync(`${dist}.br`)) expect(fetched.get(f)!.encoding, `${f} compressed`).toBe('br');
    }
    const kb = files.reduce((sum, f) => sum + fetched.get(f)!.encoded, 0) / 1024;
    const others = js(log).filter((e) => !files.includes(e.path));
    console.log(
      `${app} ${route}: ${kb.toFixed(1)} KB of JavaScript on the wire (brotli) in ${files.length} files; after first render: ${others.map((e) => `${e.path} ${(e.encoded / 1024).toFixed(1)} KB`).join(', ') || 'nothing'}`,
    );
    return { kb, others };
  };
  const budget = (app: 'admin' | 'member') => APPS.find((a) => a.name === app)!.budgetKb;

  it('the admin sign-in and landing pages stay within 350 KB, and load no remote', async () => {
    const anon = await context();
    let page = await anon.newPage();
    let log = networkLog(page);
    await page.goto(`${baseUrl()}/admin/login`);
    await page.locator('input[autocomplete="username"]').waitFor();
    await settle(page);
    expect(measure(log, 'admin', 'login').kb).toBeLessThanOrEqual(budget('admin'));
    await anon.close();

    const signedIn = await context(adminState);
    page = await signedIn.newPage();
    log = networkLog(page);
    await page.goto(`${baseUrl()}/admin/`);
    await page.getByTestId('portal-title').waitFor();
    await page.locator('.ant-menu-submenu-title').filter({ hasText: '星级管理' }).waitFor();
    await settle(page);
    const landing = measure(log, 'admin', 'landing');
    expect(landing.kb).toBeLessThanOrEqual(budget('admin'));
    expect(log.filter((e) => e.path.startsWith('/mf/') && e.path !== '/mf/manifest.json')).toEqual([]);
    await signedIn.close();
  });

  it('the member sign-in and landing pages stay within 200 KB, and load no remote', async () => {
    const anon = await context(undefined, PHONE);
    let page = await anon.newPage();
    let log = networkLog(page);
    await page.goto(`${baseUrl()}/m/login`);
    await page.locator('input[autocomplete="username"]').waitFor();
    await settle(page);
    expect(measure(log, 'member', 'login').kb).toBeLessThanOrEqual(budget('member'));
    await anon.close();

    const signedIn = await context(memberState, PHONE);
    page = await signedIn.newPage();
    log = networkLog(page);
    await page.goto(`${baseUrl()}/m/`);
    await page.getByTestId('hello').waitFor();
    await page.getByText('星级评定').first().waitFor();
    await settle(page);
    expect(measure(log, 'member', 'landing').kb).toBeLessThanOrEqual(budget('member'));
    expect(log.filter((e) => e.path.startsWith('/mf/') && e.path !== '/mf/manifest.json')).toEqual([]);
    await signedIn.close();
  });

  /** Strings only each library's own code holds (checked to be in the shell's build). */
  const MARKERS: Record<string, string> = {
    react: 'react.transitional.element',
    'react-router': '__reactRouterVersion',
    '@tanstack/react-query': 'No QueryClient set',
    i18next: 'i18next::',
    'react-i18next': 'You will need to pass in an i18next instance',
  };

  const openedOnce = (log: Entry[], shellPrefix: string, extra: Record<string, string>) => {
    // every file fetched once
    const counts = new Map<string, number>();
    for (const e of js(log)) counts.set(e.url, (counts.get(e.url) ?? 0) + 1);
    expect([...counts].filter(([, n]) => n > 1)).toEqual([]);
    // each shared library's code comes from the shell only, never from a remote
    for (const [lib, marker] of Object.entries({ ...MARKERS, ...extra })) {
      const holders = js(log).filter((e) => e.body?.includes(marker));
      expect(holders.length, `${lib} loaded`).toBeGreaterThan(0);
      expect(
        holders.filter((e) => !e.path.startsWith(shellPrefix)).map((e) => e.path),
        `${lib} only from the shell`,
      ).toEqual([]);
    }
    // the remotes' own files are small: their screens and the federation glue, no library
    const remoteKb = js(log)
      .filter((e) => e.path.startsWith('/mf/'))
      .reduce((s, e) => s + e.encoded, 0);
    return remoteKb / 1024;
  };

  it('the console loads each shared library once, from the shell, across four departments’ remotes', async () => {
    const ctx = await context(adminState);
    const page = await ctx.newPage();
    const log = networkLog(page);
    await page.goto(`${baseUrl()}/admin/stars/tree`);
    await page.locator('.ant-tree').first().waitFor();
    for (const [group, item, path] of [
      ['千分制考核', '考核排名', '/admin/scoring/rankings'],
      ['人才工作', '人才库', '/admin/talent'],
      ['干部工作', '干部档案', '/admin/cadres'],
    ] as const) {
      await openMenu(page, group, item);
      await page.waitForURL((u) => u.pathname === path);
      await page.locator('.ant-table, .ant-empty').first().waitFor();
    }
    await settle(page);
    expect(page.url()).toContain('/admin/cadres');
    for (const domain of ['stars', 'scoring', 'talent', 'cadres'])
      expect(log.some((e) => e.path.startsWith(`/mf/${domain}/`) && e.path.endsWith('/remoteEntry.js'))).toBe(
        true,
      );
    const remoteKb = openedOnce(log, '/admin/assets/', { antd: 'ant-wave' });
    console.log(`admin: four remotes, ${remoteKb.toFixed(1)} KB of their JavaScript on the wire`);
    await ctx.close();
  });

  it('the member app loads each shared library once, from the shell', async () => {
    const ctx = await context(memberState, PHONE);
    const page = await ctx.newPage();
    const log = networkLog(page);
    await page.goto(`${baseUrl()}/m/`);
    await page.getByText('星级评定').first().click();
    await page.getByText('为住户评星').click();
    await page.waitForURL(/\/m\/stars\/rate\/household$/);
    await settle(page);
    const remoteKb = openedOnce(log, '/m/assets/', {
      // its theme variables' names as the library writes them (a screen may read the theme
      // with var(--adm-color-weak); none sets the primary colour)
      'antd-mobile': '--adm-color-primary',
    });
    // and only what the phone's screens use: a remote does not fetch the libraries of its admin
    // pages (the charts) when its member screens open
    expect(
      js(log)
        .filter((e) => e.body?.includes('__ec_inner_'))
        .map((e) => e.path),
    ).toEqual([]);
    const total = js(log).reduce((sum, e) => sum + e.encoded, 0) / 1024;
    console.log(
      `member: home → stars → 为住户评星: ${total.toFixed(1)} KB of JavaScript on the wire, ${remoteKb.toFixed(1)} KB of it the remote's`,
    );
    await ctx.close();
  });
});
