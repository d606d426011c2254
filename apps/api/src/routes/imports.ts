import { IMPORT_PERMISSION, SESSION_COOKIE } from '@zhanqian/api-router';
import { appendAudit, recordAudit } from '@zhanqian/audit';
import { assertInScope, type Principal, principalFor, resolveSession } from '@zhanqian/auth';
import { isDomainError, localeFromHeader, t } from '@zhanqian/core';
import type { ImportKind } from '@zhanqian/db';
import {
  batchView,
  createBatch,
  defaultImportStore,
  type ImportStore,
  importMaxBytes,
} from '@zhanqian/imports';
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import type { AppDeps } from '../app.ts';
import { csrfGuard } from '../security.ts';

const STATUS = { BAD_INPUT: 400, NOT_FOUND: 404, FORBIDDEN: 403, CONFLICT: 409 } as Record<
  string,
  400 | 403 | 404 | 409
>;

/**
 * `POST /imports/upload?kind=units|members|households&unitId=N&name=FILE` with the file as the
 * raw request body (what `fetch(url, { method: 'POST', body: file })` sends): streamed to the
 * import store under its own limit (`ZQ_UPLOAD_MAX_MB`, default 256 MB, not the 1 MiB of
 * /trpc; 413 beyond), recorded as a batch for the unit picked (default: the caller's scope
 * root), audited. Answers the batch; the dry run and the commit are tRPC's `imports.*`.
 * `GET /imports/limits` tells the browser the limit, so it can refuse a larger file before
 * sending it. Session and CSRF rules are those of /files.
 */
export function importsRoutes(
  deps: AppDeps,
  store: ImportStore = defaultImportStore(),
  maxBytes = importMaxBytes(),
) {
  const app = new Hono<{ Variables: { principal: Principal } }>();
  app.use('*', csrfGuard({ trustProxy: deps.trustProxy ?? false, logger: deps.logger }));
  app.use('*', async (c, next) => {
    const bearer = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const token = bearer ?? getCookie(c, SESSION_COOKIE) ?? null;
    const user = token ? await resolveSession(deps.db, token, deps.authConfig) : null;
    const locale = localeFromHeader(c.req.header('accept-language') ?? null);
    if (!user) return c.json({ error: { code: 'UNAUTHORIZED', message: t('auth.required', locale) } }, 401);
    c.set('principal', await principalFor(deps.db, user));
    await next();
  });
  app.onError((err, c) => {
    if (err instanceof HTTPException) return err.getResponse();
    const locale = localeFromHeader(c.req.header('accept-language') ?? null);
    if (!isDomainError(err) || !STATUS[err.kind]) {
      deps.logger.error({ err }, 'imports: internal error');
      return c.json({ error: { code: 'INTERNAL_SERVER_ERROR', message: t('internal.error', locale) } }, 500);
    }
    const status = err.messageKey === 'imports.tooLarge' ? 413 : STATUS[err.kind]!;
    return c.json({ error: { code: err.kind, message: t(err.messageKey, locale, err.params) } }, status);
  });

  app.get('/limits', (c) => c.json({ maxBytes, maxMb: Math.floor(maxBytes / 1048576) }));

  app.post('/upload', async (c) => {
    const who = c.get('principal');
    const locale = localeFromHeader(c.req.header('accept-language') ?? null);
    const kind = c.req.query('kind') as ImportKind;
    if (!(kind in IMPORT_PERMISSION))
      return c.json({ error: { code: 'BAD_INPUT', message: t('imports.badKind', locale) } }, 400);
    const needed = IMPORT_PERMISSION[kind];
    if (!who.permissions.has(needed)) {
      await recordAudit(deps.db, {
        actorId: who.userId,
        actor: who.username,
        action: 'imports.upload',
        objectType: 'procedure',
        result: 'denied',
        after: { needed: [needed], kind },
      });
      return c.json(
        { error: { code: 'FORBIDDEN', message: t('auth.forbidden', locale, { permission: needed }) } },
        403,
      );
    }
    const unitId = c.req.query('unitId') ? Number(c.req.query('unitId')) : who.scopeRootId;
    if (!Number.isSafeInteger(unitId) || unitId <= 0 || unitId > 2_147_483_647)
      return c.json({ error: { code: 'BAD_INPUT', message: 'unitId' } }, 400);
    await assertInScope(deps.db, who, unitId);
    const name = (c.req.query('name') ?? '').trim().slice(0, 200);
    // Refused before reading when the declared length is over the limit; a body without one is
    // counted as it streams and cut off at the limit.
    const declared = Number(c.req.header('content-length') ?? '0');
    if (declared > maxBytes)
      return c.json(
        {
          error: {
            code: 'PAYLOAD_TOO_LARGE',
            message: t('imports.tooLarge', locale, { mb: Math.floor(maxBytes / 1048576) }),
          },
        },
        413,
      );
    const body = c.req.raw.body;
    if (!body)
      return c.json(
        { error: { code: 'BAD_INPUT', message: t('imports.emptyUpload', locale, { name }) } },
        400,
      );
    const batch = await createBatch(
      deps.db,
      store,
      {
        kind,
        scopeUnitId: unitId,
        fileName: name,
        body: body as unknown as AsyncIterable<Uint8Array>,
        uploadedBy: who.userId,
        actor: who.username,
        maxBytes,
      },
      (trx, b) =>
        appendAudit(trx as never, {
          actorId: who.userId,
          actor: who.username,
          action: 'imports.upload',
          objectType: 'import_batch',
          objectId: b.id,
          orgUnitId: unitId,
          after: { kind, file: b.file_name, size: Number(b.size), sha256: b.sha256 },
        }).then(() => undefined),
    );
    return c.json(batchView(batch), 201);
  });

  return app;
}
