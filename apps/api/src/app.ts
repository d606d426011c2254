import { join } from 'node:path';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import {
  appRouter,
  createContextInner,
  type Logger,
  SESSION_COOKIE,
  SHARED_READS,
} from '@zhanqian/api-router';
import type { AuthConfig } from '@zhanqian/auth';
import { localeFromHeader } from '@zhanqian/core';
import { changeFeedOf, type Database, dialectOf, type Kysely, sql } from '@zhanqian/db';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { getCookie } from 'hono/cookie';
import { type Answer, etagMatches, HotCache, type HotLimits } from './hot.ts';
import { exportsRoutes } from './routes/exports.ts';
import { filesRoutes } from './routes/files.ts';
import { importsRoutes } from './routes/imports.ts';
import { mfRoutes } from './routes/mf.ts';
import {
  csrfGuard,
  MAX_TRPC_BATCH,
  noStore,
  securityHeaders,
  trpcBatchGuard,
  trpcBodyLimit,
} from './security.ts';
import { mountWebApps } from './static.ts';

export interface AppDeps {
  db: Kysely<Database>;
  authConfig: AuthConfig;
  logger: Logger;
  cookieSecure?: boolean;
  /** Behind a load balancer, take the client address from X-Forwarded-For. */
  trustProxy?: boolean;
  /** Serve the built web apps from this repository root (see static.ts). */
  webRoot?: string;
  /** The deployed remotes of the domains' screens (ZQ_MF_DIR; default <webRoot>/data/mf; see mf.ts). */
  mfDir?: string;
  /** Sizes of the in-memory session and answer caches (hot.ts); defaults suit a district. */
  hot?: HotLimits;
}

function clientIp(req: Request, trustProxy: boolean, remote: string | undefined): string | null {
  if (trustProxy) {
    const fwd = req.headers.get('x-forwarded-for');
    if (fwd) return fwd.split(',')[0]!.trim();
  }
  return remote ?? null;
}

/** The HTTP surface: /healthz and tRPC at /trpc. Tested in-process with `app.request()`. */
export function createApp(deps: AppDeps) {
  const app = new Hono<{ Bindings: { incoming?: { socket?: { remoteAddress?: string } } } }>();
  const dialect = dialectOf(deps.db);
  const hot = new HotCache(deps.db, changeFeedOf(deps.db), deps.authConfig, deps.hot);

  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    deps.logger.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  });

  // JSON answers (tRPC, /files listings) gzip- or deflate-compressed when the client accepts it
  // (1 KB and more); the web apps' files come precompressed (static.ts, routes/mf.ts) and pass as they are.
  app.use(compress());

  // Security headers, no caching of API answers, CSRF refusal, the body limit and the batch
  // limits (security.ts).
  app.use(securityHeaders({ hsts: deps.cookieSecure ?? false }));
  app.use(
    '/trpc/*',
    noStore(),
    csrfGuard({ trustProxy: deps.trustProxy ?? false, logger: deps.logger }),
    trpcBodyLimit(),
    trpcBatchGuard(),
  );

  // A bare JSON route with no database work: load-balancer probes and the benchmarks' floor.
  app.get('/ping', (c) => c.json({ ok: true }));

  app.get('/healthz', async (c) => {
    try {
      await sql`select 1`.execute(deps.db);
      return c.json({ status: 'ok', db: dialect });
    } catch (err) {
      deps.logger.error({ err }, 'health check failed');
      return c.json({ status: 'error', db: dialect }, 503);
    }
  });

  /**
   * A shared read's answer from memory (hot.ts): the ETag of a snapshot's answer, and 304 to a
   * client that holds it. Snapshot answers may sit in the browser's own cache (private, revalidated
   * every time); personal ones stay no-store.
   */
  const answered = (req: Request, a: Answer): Response => {
    const headers = new Headers({ 'content-type': 'application/json' });
    if (a.etag) {
      headers.set('etag', a.etag);
      if (etagMatches(req.headers.get('if-none-match'), a.etag))
        return new Response(null, { status: 304, headers });
    }
    return new Response(a.body, { status: 200, headers });
  };

  app.all('/trpc/*', async (c) => {
    const req = c.req.raw;
    const locale = localeFromHeader(req.headers.get('accept-language'));
    const bearer = req.headers.get('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const token = bearer ?? getCookie(c, SESSION_COOKIE) ?? null;
    const caller = token ? await hot.caller(token) : null;
    const user = caller?.user ?? null;
    const principal = caller?.principal ?? null;

    // One query by GET (the web client never batches): maybe a shared read already answered.
    const url = new URL(req.url);
    const path = url.pathname.slice('/trpc/'.length);
    const slot =
      req.method === 'GET' && !url.searchParams.has('batch')
        ? hot.slot(path, SHARED_READS[path], principal, locale, url.searchParams.get('input'))
        : null;
    if (slot) {
      const kept = hot.get(slot);
      if (kept) return answered(req, kept);
    }

    const ip = clientIp(req, deps.trustProxy ?? false, c.env?.incoming?.socket?.remoteAddress);
    const res = await fetchRequestHandler({
      endpoint: '/trpc',
      req,
      router: appRouter,
      maxBatchSize: MAX_TRPC_BATCH,
      createContext: ({ resHeaders }) =>
        createContextInner({
          db: deps.db,
          authConfig: deps.authConfig,
          logger: deps.logger,
          principal,
          sessionToken: user ? token : null,
          locale,
          ip,
          userAgent: req.headers.get('user-agent'),
          setCookie: (name, value, opts) => {
            const parts = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
            if (opts?.maxAgeSeconds) parts.push(`Max-Age=${opts.maxAgeSeconds}`);
            if (deps.cookieSecure) parts.push('Secure');
            resHeaders.append('Set-Cookie', parts.join('; '));
          },
          clearCookie: (name) =>
            resHeaders.append('Set-Cookie', `${name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`),
        }),
    });
    // A write is seen by this process's next request: wait until the feed has told the caches.
    if (req.method !== 'GET') await hot.settle();
    if (slot && res.status === 200 && !res.headers.has('set-cookie'))
      return answered(req, await hot.put(slot, await res.text()));
    return res;
  });

  app.route('/files', filesRoutes(deps));
  app.route('/imports', importsRoutes(deps));
  app.route('/exports', exportsRoutes(deps));
  if (deps.webRoot) {
    app.route('/mf', mfRoutes({ root: deps.webRoot, mfDir: deps.mfDir ?? join(deps.webRoot, 'data', 'mf') }));
    mountWebApps(app, deps.webRoot);
  }
  return app;
}
