import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, DESKTOP, login, openBrowser, PHONE, shot } from './browser.ts';

// Issue #21 item 13: the phone's 我的 showed the account's username (and the display name 党员)
// instead of the person; /favicon.ico was 404 in both apps.

describe('我的 and the site icon', () => {
  let desk: BrowserContext;
  let phone: BrowserContext;
  beforeAll(async () => {
    desk = await openBrowser(DESKTOP);
    phone = await openBrowser(PHONE);
  });
  afterAll(async () => {
    await desk?.close();
    await phone?.close();
  });

  it("我的 shows the member's name, the username beneath it", async () => {
    const page = await phone.newPage();
    await login(page, 'm', 'dangyuan');
    const me = await page.request.get(`${baseUrl()}/trpc/auth.me`);
    const { memberName, username } = (await me.json()).result.data as {
      memberName: string;
      username: string;
    };
    // the demo member's name on the roll (a person's name, not the account's)
    expect(memberName).toMatch(/^[\u4e00-\u9fa5]{2,4}$/);
    expect(username).toBe('dangyuan');
    await expect.poll(() => page.getByTestId('hello').textContent()).toBe(`${memberName}，您好`);
    await page.goto(`${baseUrl()}/m/me`);
    await expect.poll(() => page.getByTestId('me-name').textContent()).toBe(memberName);
    expect(await page.getByTestId('me-username').textContent()).toBe('账号：dangyuan');
    // the name is the larger of the two
    const size = (id: string) =>
      page.getByTestId(id).evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
    expect(await size('me-name')).toBeGreaterThan(await size('me-username'));
    await shot(page, 'member-me-name');
    await page.close();
  });

  it('both apps link an icon that loads, and /favicon.ico answers', async () => {
    for (const [context, path] of [
      [desk, '/admin/login'],
      [phone, '/m/login'],
    ] as const) {
      const page = await context.newPage();
      const missing: string[] = [];
      page.on('response', (r) => {
        if (r.status() === 404) missing.push(r.url());
      });
      await page.goto(`${baseUrl()}${path}`);
      await page.locator('input[autocomplete="username"]').waitFor();
      const hrefs = await page
        .locator('link[rel="icon"]')
        .evaluateAll((links) => links.map((l) => (l as HTMLLinkElement).href));
      expect(hrefs.length).toBe(2);
      for (const href of hrefs) {
        const res = await page.request.get(href);
        expect([href, res.status()]).toEqual([href, 200]);
        expect(res.headers()['content-type']).toMatch(/^image\/(svg\+xml|x-icon|vnd\.microsoft\.icon)/);
      }
      expect(hrefs.some((h) => h.endsWith(`${path.split('/login')[0]}/favicon.svg`))).toBe(true);
      const root = await page.request.get(`${baseUrl()}/favicon.ico`);
      expect(root.status()).toBe(200);
      expect(root.headers()['content-type']).toBe('image/x-icon');
      expect(missing).toEqual([]);
      await page.close();
    }
  });
});
