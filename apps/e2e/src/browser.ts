import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s), as an authenticator app computes it. */
export function totp(secret: string, at = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of secret.replace(/=+$/, '').toUpperCase())
    bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => Number.parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

// The server refuses a code used twice (replay guard). Test files run in separate module
// contexts, so the last window used per account is kept in a file shared by all of them.
const windowsFile = () => join(tmpdir(), `zq-e2e-totp-${new URL(baseUrl()).port}.json`);
function lastWindowOf(username: string): number | undefined {
  try {
    return (JSON.parse(readFileSync(windowsFile(), 'utf8')) as Record<string, number>)[username];
  } catch {
    return undefined;
  }
}
function rememberWindow(username: string, window: number): void {
  let all: Record<string, number> = {};
  try {
    all = JSON.parse(readFileSync(windowsFile(), 'utf8'));
  } catch {}
  all[username] = window;
  writeFileSync(windowsFile(), JSON.stringify(all));
}

/** Signs in through the login form of the admin console or the member app (with the TOTP step for administrators). */
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
  const codeInput = page.locator('input[autocomplete="one-time-code"]');
  const signedIn = (url: URL) => !url.pathname.endsWith('/login');
  try {
    await Promise.race([
      page.waitForURL(signedIn, { timeout: 20_000 }),
      codeInput.waitFor({ timeout: 20_000 }),
    ]);
  } catch (err) {
    // Say what the form answered (a lockout, a throttle, a wrong password), not only that it waited.
    const said = await page
      .locator('[role="alert"], .ant-alert, .ant-form-item-explain-error, .adm-toast-main, .ant-message')
      .allInnerTexts()
      .catch(() => []);
    await shot(page, `login-failed-${app}-${username}`).catch(() => {});
    throw new Error(
      `sign-in of ${username} at /${app}/login did not finish (page ${page.url()}): ${said.join(' | ') || 'no message on the page'}`,
      { cause: err },
    );
  }
  if (signedIn(new URL(page.url()))) return;
  const secret = inject('totpSecrets')[username];
  if (!secret) throw new Error(`no demo TOTP secret for ${username}`);
  for (let attempt = 0; attempt < 2; attempt++) {
    // The server takes one step of drift and refuses a step at or before the last it accepted:
    // after a sign-in in this window, the next window's code is taken at once, so an account
    // waits for the clock only on its third sign-in within 30 s.
    let now = Math.floor(Date.now() / 30_000);
    const last = lastWindowOf(username);
    let step = last === undefined || last < now ? now : last + 1;
    if (step > now + 1) {
      const wait = (step - 1) * 30_000 - Date.now() + 300;
      process.stderr.write(
        `[e2e] ${username}: ${Math.round(wait / 1000)} s for a fresh authentication code\n`,
      );
      await page.waitForTimeout(wait);
      now = Math.floor(Date.now() / 30_000);
      step = Math.max(step, now);
    }
    rememberWindow(username, step);
    await codeInput.fill(totp(secret, step * 30_000));
    await page.locator('button[type="submit"]').click();
    try {
      await page.waitForURL(signedIn, { timeout: 10_000 });
      return;
    } catch {
      // refused (this step was used elsewhere): the next attempt takes the step after it
    }
  }
  throw new Error(`sign-in of ${username} with a second factor failed`);
}
