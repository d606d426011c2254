import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { DEFAULT_AUTH_CONFIG } from '@zhanqian/auth';
import { describeEachDialect } from '@zhanqian/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { buildFixture, httpSignIn, logger } from './fixture.ts';

/** A built web app and a built remote, each file with its .br and .gz as the build writes them. */
function webRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'zq-web-'));
  const write = (path: string, text: string, precompressed = true) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    if (precompressed) {
      writeFileSync(`${path}.br`, brotliCompressSync(Buffer.from(text)));
      writeFileSync(`${path}.gz`, gzipSync(Buffer.from(text)));
    }
  };
  const js = `export const x = ${JSON.stringify('站前区'.repeat(800))};\n`;
  write(join(root, 'apps/admin/dist/index.html'), '<!doctype html><div id="root"></div>', false);
  write(join(root, 'apps/admin/dist/assets/index-abc123.js'), js);
  const remote = join(root, 'packages/stars-ui/dist');
  write(
    join(remote, 'zq-remote.json'),
    JSON.stringify({ domain: 'stars', name: 'zq_stars', version: '0.1.0', modules: {} }),
    false,
  );
  write(join(remote, 'remoteEntry.js'), js);
  return root;
}

describeEachDialect('HTTP compression', (t) => {
  let root: string;
  beforeAll(() => {
    root = webRoot();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const app = () =>
    createApp({ db: t.db, authConfig: DEFAULT_AUTH_CONFIG, logger, webRoot: root, mfDir: join(root, 'mf') });

  it('sends a static asset as its precompressed brotli or gzip copy, with Vary; as is to a client without', async () => {
    const a = app();
    const br = await a.request('/admin/assets/index-abc123.js', {
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(br.status).toBe(200);
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(br.headers.get('content-type')).toMatch(/javascript/);
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toContain('站前区');

    const gz = await a.request('/admin/assets/index-abc123.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toContain('站前区');

    const plain = await a.request('/admin/assets/index-abc123.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(await plain.text()).toContain('站前区');

    // a remote's files too
    const { remotes } = (await (await a.request('/mf/manifest.json')).json()) as {
      remotes: { entry: string }[];
    };
    const entry = await a.request(remotes[0]!.entry, { headers: { 'accept-encoding': 'br' } });
    expect(entry.headers.get('content-encoding')).toBe('br');
    expect(entry.headers.get('cache-control')).toContain('immutable');
  });

  it('compresses a tRPC JSON answer for a client that accepts gzip, and not for one that does not', async () => {
    await buildFixture(t.db);
    const a = app();
    const login = await httpSignIn(a, t.db, 'district_admin');
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const input = encodeURIComponent(JSON.stringify({ 0: { depth: 3 }, 1: {}, 2: { depth: 3 }, 3: {} }));
    const path = `/trpc/org.tree,org.overview,org.tree,org.overview?batch=1&input=${input}`;

    const gz = await a.request(path, { headers: { cookie, 'accept-encoding': 'gzip, deflate, br' } });
    expect(gz.status).toBe(200);
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('content-type')).toMatch(/application\/json/);
    const body = gunzipSync(Buffer.from(await gz.arrayBuffer())).toString();
    const parsed = JSON.parse(body) as { result: { data: unknown } }[];
    expect(parsed).toHaveLength(4);

    const plain = await a.request(path, { headers: { cookie } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(JSON.parse(await plain.text())).toEqual(parsed);
    expect(body.length).toBeGreaterThan(1024);
  });
});
