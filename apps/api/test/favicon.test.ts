import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_AUTH_CONFIG } from '@zhanqian/auth';
import { describeEachDialect } from '@zhanqian/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { logger } from './fixture.ts';

// Issue #21 item 13: /favicon.ico was 404 in both apps. The shells carry an icon (public/
// favicon.svg and favicon.ico, linked from index.html) and the server answers /favicon.ico.

const repo = resolve(import.meta.dirname, '../../..');

it('both shells carry the icon and link it from their page', () => {
  for (const app of ['admin', 'member']) {
    const ico = readFileSync(join(repo, `apps/${app}/public/favicon.ico`));
    // ICONDIR: reserved 0, type 1 (icon), at least one image
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    expect(ico.readUInt16LE(4)).toBeGreaterThan(0);
    expect(readFileSync(join(repo, `apps/${app}/public/favicon.svg`), 'utf8')).toMatch(/^<svg /);
    const html = readFileSync(join(repo, `apps/${app}/index.html`), 'utf8');
    expect(html).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml" />');
    expect(html).toMatch(/<link rel="icon" href="\/favicon.ico"/);
  }
});

describeEachDialect('the site icon', (t) => {
  let root: string;
  const icon = Buffer.from([0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0]);
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'zq-web-'));
    for (const app of ['admin', 'member']) {
      mkdirSync(join(root, `apps/${app}/dist`), { recursive: true });
      writeFileSync(join(root, `apps/${app}/dist/index.html`), '<!doctype html><div id="root"></div>');
      writeFileSync(join(root, `apps/${app}/dist/favicon.ico`), icon);
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('answers /favicon.ico with the built icon, and each app its own copy', async () => {
    const app = createApp({ db: t.db, authConfig: DEFAULT_AUTH_CONFIG, logger, webRoot: root });
    const res = await app.request('/favicon.ico');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/x-icon');
    expect(res.headers.get('cache-control')).toContain('max-age=');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(icon);
    for (const path of ['/admin/favicon.ico', '/m/favicon.ico']) {
      const own = await app.request(path);
      expect([path, own.status]).toEqual([path, 200]);
      expect(Buffer.from(await own.arrayBuffer())).toEqual(icon);
    }
    // without built apps there is nothing to serve
    const bare = createApp({ db: t.db, authConfig: DEFAULT_AUTH_CONFIG, logger });
    expect((await bare.request('/favicon.ico')).status).toBe(404);
  });
});
