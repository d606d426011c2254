import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';

/**
 * Serves the production builds of the web apps: the admin console at /admin/ and the member
 * app at /m/ (single-page apps: unknown paths get index.html; hashed assets are cached for
 * a year; brotli or gzip as precompressed by the build). `/` goes to the admin console;
 * `/favicon.ico` is the shells' icon. Apps that were not built are simply not mounted.
 */
export function mountWebApps(app: Hono<any>, root: string): string[] {
  const mounted: string[] = [];
  for (const [prefix, dir] of [
    ['/admin', 'apps/admin/dist'],
    ['/m', 'apps/member/dist'],
  ] as const) {
    const dist = resolve(root, dir);
    const indexFile = resolve(dist, 'index.html');
    if (!existsSync(indexFile)) continue;
    const html = readFileSync(indexFile, 'utf8');
    app.use(`${prefix}/assets/*`, async (c, next) => {
      await next();
      if (c.res.status === 200) {
        c.header('Cache-Control', 'public, max-age=31536000, immutable');
        if (!c.res.headers.has('Vary')) c.header('Vary', 'Accept-Encoding');
      }
    });
    app.use(
      `${prefix}/*`,
      // The build's .br / .gz copies (tooling/mf/compress.ts) when the browser accepts them.
      serveStatic({
        root: dist,
        precompressed: true,
        rewriteRequestPath: (p) => p.slice(prefix.length) || '/',
      }),
    );
    app.get(prefix, (c) => c.redirect(`${prefix}/`));
    app.get(`${prefix}/*`, (c) => {
      c.header('Cache-Control', 'no-cache');
      return c.html(html);
    });
    mounted.push(prefix);
  }
  if (mounted.includes('/admin')) app.get('/', (c) => c.redirect('/admin/'));
  // The site's icon at the root, where browsers and tools ask without a page's <link rel=icon>
  // (both builds carry the same one, from the shells' public folders).
  const icon = ['apps/admin/dist/favicon.ico', 'apps/member/dist/favicon.ico']
    .map((f) => resolve(root, f))
    .find((f) => existsSync(f));
  if (icon) {
    const bytes = readFileSync(icon);
    app.get('/favicon.ico', (c) =>
      c.body(bytes, 200, { 'content-type': 'image/x-icon', 'cache-control': 'public, max-age=86400' }),
    );
  }
  return mounted;
}
