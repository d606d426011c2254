import { type Logger, SESSION_COOKIE } from '@zhanqian/api-router';
import { localeFromHeader, t } from '@zhanqian/core';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';

/**
 * The browser-facing controls of the security baseline (等保 2.0 level 3):
 * - security headers on every response: a Content-Security-Policy that only allows the
 *   platform's own scripts, no framing (frame-ancestors 'none' + X-Frame-Options DENY),
 *   nosniff, a strict Referrer-Policy, and HSTS when cookies are Secure (behind TLS);
 * - CSRF protection for state-changing requests: a request from another origin is refused,
 *   and a cookie-authenticated one must prove it comes from the platform's own pages (a
 *   same-origin `Origin` header, or the custom header `X-ZQ-Client` that a cross-site form
 *   cannot send and a cross-site script cannot send without a CORS preflight, which the API
 *   never grants: CORS is closed, no Access-Control-Allow-* header is ever sent);
 * - a request size limit on the API.
 * One exception to "no framing": a stored file (PDF, image) served for preview (`GET
 * /files/:id?inline=1`) may be framed by the platform's own pages only, and carries its own
 * stricter policy (FILE_PREVIEW_CSP) instead of the app's: it runs nothing and loads nothing.
 */

/** The header the platform's web client sends with every call (see @zhanqian/ui's tRPC client). */
export const CLIENT_HEADER = 'x-zq-client';
/** Largest tRPC request body accepted (file uploads have their own routes and limits). */
export const MAX_TRPC_BODY_BYTES = 1024 * 1024;
/** Most calls one batched tRPC request may carry (the web client does not batch at all). */
export const MAX_TRPC_BATCH = 10;

/**
 * The policy of a file served for preview in a frame of the platform's own pages (issue #21
 * item 15: the PDF preview was blank because every answer forbade framing). Nothing may load
 * or run in it (default-src 'none'); only the platform's pages may frame it. Browsers show a
 * PDF with their built-in viewer in such a frame (the viewer is not subject to the document's
 * own source lists), an image as is.
 */
export const FILE_PREVIEW_CSP = "default-src 'none'; frame-ancestors 'self'";

const FRAME_SELF = 'zqFramableBySelf';
/** Marks the answer being built as a file preview the platform's own pages may frame. */
export function allowFramingBySelf(c: Context): void {
  c.set(FRAME_SELF as never, true as never);
}

export function securityHeaders(opts: { hsts: boolean }): MiddlewareHandler {
  const headers = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      // antd's CSS-in-JS inserts <style> elements at run time.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      // previews of stored files (same origin, served with FILE_PREVIEW_CSP); no other frames
      frameSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    xContentTypeOptions: 'nosniff',
    referrerPolicy: 'strict-origin-when-cross-origin',
    strictTransportSecurity: opts.hsts ? 'max-age=31536000; includeSubDomains' : false,
    crossOriginOpenerPolicy: 'same-origin',
    crossOriginResourcePolicy: 'same-origin',
    permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
  });
  return async (c, next) => {
    await headers(c, next);
    if (c.get(FRAME_SELF as never) === true && c.res.status === 200) {
      c.res.headers.set('content-security-policy', FILE_PREVIEW_CSP);
      c.res.headers.set('x-frame-options', 'SAMEORIGIN');
    }
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function requestHost(req: Request, trustProxy: boolean): string {
  const forwarded = trustProxy ? req.headers.get('x-forwarded-host')?.split(',')[0]?.trim() : undefined;
  return forwarded || req.headers.get('host') || new URL(req.url).host;
}

function originHost(value: string): string | null {
  try {
    return new URL(value).host;
  } catch {
    return null;
  }
}

/**
 * Refuses (403) a state-changing request that may be forged by another site. Scripts that
 * authenticate with `Authorization: Bearer` are not exposed to CSRF and pass.
 */
export function csrfGuard(opts: { trustProxy: boolean; logger: Logger }): MiddlewareHandler {
  return async (c, next) => {
    const req = c.req.raw;
    if (SAFE_METHODS.has(req.method)) return next();
    // Browsers send Origin on every cross-origin and same-origin POST; Referer is the fallback.
    const origin = req.headers.get('origin') ?? req.headers.get('referer');
    const host = requestHost(req, opts.trustProxy);
    const sameOrigin = origin !== null && origin !== 'null' && originHost(origin) === host;
    const fetchSite = req.headers.get('sec-fetch-site');
    let reason: string | null = null;
    if (origin !== null && !sameOrigin) reason = 'cross-origin';
    else if (fetchSite === 'cross-site') reason = 'cross-site';
    else if (
      !/^Bearer\s/i.test(req.headers.get('authorization') ?? '') &&
      getCookie(c, SESSION_COOKIE) !== undefined &&
      !sameOrigin &&
      !req.headers.get(CLIENT_HEADER)
    )
      reason = 'cookie-without-origin';
    if (reason) {
      opts.logger.warn({ path: c.req.path, origin, host, reason }, 'csrf: request refused');
      return c.json(
        {
          error: {
            code: -32003,
            message: '跨站请求被拒绝 (cross-site request refused)',
            data: { code: 'FORBIDDEN', httpStatus: 403, reason },
          },
        },
        403,
      );
    }
    return next();
  };
}

/** 413 for a tRPC body over MAX_TRPC_BODY_BYTES. */
export const trpcBodyLimit = (): MiddlewareHandler =>
  bodyLimit({
    maxSize: MAX_TRPC_BODY_BYTES,
    onError: (c) =>
      c.json(
        {
          error: {
            code: -32600,
            message: '请求过大 (request too large)',
            data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 },
          },
        },
        413,
      ),
  });

/**
 * `Cache-Control: no-store` on every answer under it: tRPC answers carry personal data. A
 * snapshot's answer with an ETag (hot.ts: rankings, star views) is `private, no-cache` instead:
 * the browser may keep it but asks each time (If-None-Match, 304), and no shared cache keeps it.
 */
export const noStore = (): MiddlewareHandler => async (c, next) => {
  await next();
  c.res.headers.set('cache-control', c.res.headers.has('etag') ? 'private, no-cache' : 'no-store');
};

/**
 * Refuses (400, before any procedure runs) a batched tRPC request (`?batch=1`) of more than
 * MAX_TRPC_BATCH calls, or one holding any `auth.*` call: sign-in and account calls go one
 * per request, so a batch cannot multiply sign-in attempts past the lockout's count.
 */
export function trpcBatchGuard(): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    if (url.searchParams.get('batch') !== '1') return next();
    let paths: string[];
    try {
      paths = decodeURIComponent(url.pathname.replace(/^\/trpc\/?/, '')).split(',');
    } catch {
      return next(); // tRPC answers the bad encoding itself (400)
    }
    const locale = localeFromHeader(c.req.header('accept-language') ?? null);
    const refuse = (message: string) =>
      c.json({ error: { code: -32600, message, data: { code: 'BAD_REQUEST', httpStatus: 400 } } }, 400);
    if (paths.length > MAX_TRPC_BATCH)
      return refuse(t('input.batchTooLarge', locale, { max: MAX_TRPC_BATCH }));
    if (paths.some((p) => /^\/*auth[./]/.test(p.trim()))) return refuse(t('input.batchAuth', locale));
    return next();
  };
}
