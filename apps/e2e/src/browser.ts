import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';

export const baseUrl = () => inject('baseUrl');
export const DEMO_PASSWORD = 'Zhanqian#2026';
export const SCREENSHOTS = resolve(import.meta.dirname, '../../../test-results/screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

export const DESKTOP = { width: 1366, height: 820 };
export const PHONE = { width: 360, height: 640 };

/** A fresh browser profile (no cookies, no storage) in Debian's chromium. */
export async function openBrowser(viewport = DESKTOP, locale = 'zh-CN'): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'zq-chrome-')), {
    executablePath: process.env.ZQ_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport,
    locale,
    isMobile: viewport.width < 500,
    hasTouch: viewport.width < 500,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Signs in through the login form of the admin console or the member app. */
export async function login(
  page: Page,
  app: 'admin' | 'm',
  username: string,
  password = DEMO_PASSWORD,
): Promise<void> {
  await page.goto(`${baseUrl()}/${app}/login`);
  await page.locator('input[autocomplete="username"]').fill(username);
  await page.locator('input[autocomplete="current-password"]').fill(password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.endsWith('/login'), { timeout: 20_000 });
}
