import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { DOMAIN_RE, manifest, RELEASE_RE, releaseDir } from '../mf.ts';

/**
 * The domains' remotes (see ../mf.ts), public like the shells' own files:
 * - `GET /mf/manifest.json` → `{ remotes: [{ domain, name, version, release, entry, modules }] }`,
 *   read from disk at each request (no-cache): a deployment is live at the next page load;
 * - `GET /mf/<domain>/<release>/<file>` → the release's files, cached for good (a release's
 *   content never changes), precompressed .br / .gz served when the browser accepts them.
 */
export function mfRoutes(opts: { root: string; mfDir: string }) {
  const app = new Hono<{ Variables: { releaseDir: string; prefix: string } }>();
  app.get('/manifest.json', (c) => {
    c.header('Cache-Control', 'no-cache');
    return c.json(manifest(opts.root, opts.mfDir));
  });
  app.get(
    '/:domain/:release/*',
    async (c, next) => {
      const { domain, release } = c.req.param();
      if (!DOMAIN_RE.test(domain) || !RELEASE_RE.test(release)) return c.notFound();
      const dir = releaseDir(opts.root, opts.mfDir, domain, release);
      if (!dir) return c.notFound();
      c.set('releaseDir', dir);
      c.set('prefix', `/${domain}/${release}/`);
      await next();
      if (c.res.status === 200) {
        c.header('Cache-Control', 'public, max-age=31536000, immutable');
        if (!c.res.headers.has('Vary')) c.header('Vary', 'Accept-Encoding');
      }
    },
    serveStatic({
      precompressed: true,
      // The path within the release (the app may be mounted at /mf or tested alone).
      rewriteRequestPath: (p, c) =>
        join(c.get('releaseDir'), p.slice(p.indexOf(c.get('prefix')) + c.get('prefix').length)),
    }),
    (c) => c.notFound(),
  );
  return app;
}
