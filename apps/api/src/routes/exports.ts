import { SESSION_COOKIE } from '@zhanqian/api-router';
import { recordAudit } from '@zhanqian/audit';
import { type Principal, principalFor, resolveSession } from '@zhanqian/auth';
import { isDomainError, localeFromHeader, t } from '@zhanqian/core';
import { ownExport, XLSX_MIME } from '@zhanqian/exports';
import { defaultFileStore, type FileStore } from '@zhanqian/files';
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppDeps } from '../app.ts';

const STATUS = { BAD_INPUT: 400, NOT_FOUND: 404, FORBIDDEN: 403, CONFLICT: 409 } as Record<
  string,
  400 | 403 | 404 | 409
>;

/**
 * `GET /exports/:id`: the file of a large list export (the job `exports.xlsx`), to the account
 * that asked for it only, once written (409 before). The export was audited when asked for;
 * each download is audited too (`exports.download`).
 */
export function exportsRoutes(deps: AppDeps, store: FileStore = defaultFileStore()) {
  const app = new Hono<{ Variables: { principal: Principal } }>();
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
    if (!isDomainError(err) || !STATUS[err.kind]) {
      deps.logger.error({ err }, 'exports: internal error');
      return c.json({ error: { code: 'INTERNAL_SERVER_ERROR' } }, 500);
    }
    const locale = localeFromHeader(c.req.header('accept-language') ?? null);
    return c.json(
      { error: { code: err.kind, message: t(err.messageKey, locale, err.params) } },
      STATUS[err.kind]!,
    );
  });

  app.get('/:id', async (c) => {
    const who = c.get('principal');
    const id = c.req.param('id');
    if (!/^[0-9a-f-]{36}$/.test(id)) return c.json({ error: { code: 'NOT_FOUND' } }, 404);
    const row = await ownExport(deps.db, id, who.userId);
    if (row.status !== 'done' || !row.storage_key) {
      const locale = localeFromHeader(c.req.header('accept-language') ?? null);
      return c.json({ error: { code: 'CONFLICT', message: t('exports.notReady', locale) } }, 409);
    }
    const bytes = await store.get(row.storage_key);
    await recordAudit(deps.db, {
      actorId: who.userId,
      actor: who.username,
      action: 'exports.download',
      objectType: 'export_file',
      objectId: row.id,
      orgUnitId: row.scope_root_id,
      after: { list: row.list, rows: row.done, fileName: row.file_name },
    });
    return new Response(bytes as Uint8Array<ArrayBuffer>, {
      status: 200,
      headers: {
        'content-type': XLSX_MIME,
        'content-length': String(bytes.byteLength),
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(row.file_name)}`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
      },
    });
  });
  return app;
}
