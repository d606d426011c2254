import { createHash } from 'node:crypto';
import { SESSION_COOKIE } from '@zhanqian/api-router';
import { appendAudit, recordAudit } from '@zhanqian/audit';
import { assertInScope, type Principal, principalFor, resolveSession } from '@zhanqian/auth';
import { DomainError, isDomainError, localeFromHeader, t } from '@zhanqian/core';
import type { EvidenceFile } from '@zhanqian/db';
import { checkFile, defaultFileStore, EVIDENCE_POLICY, type FileStore, newFileKey } from '@zhanqian/files';
import { isInSubtree } from '@zhanqian/org';
import { getEvidence, recordEvidence } from '@zhanqian/scoring';
import { isTalentAttachment, mayReadTalentFile, talentOfAccount } from '@zhanqian/talent';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import type { AppDeps } from '../app.ts';
import { allowFramingBySelf, csrfGuard } from '../security.ts';

const UPLOAD_PERMS = [
  'scoring.report',
  'scoring.review',
  'scoring.manage',
  'talent.manage',
  'talent.apply',
] as const;
const DOWNLOAD_PERMS = [
  'scoring.read',
  'scoring.report',
  'scoring.review',
  'talent.read',
  'talent.apply',
] as const;
const SCORING_READ = ['scoring.read', 'scoring.report', 'scoring.review'] as const;

/**
 * Who may read a stored file: whoever uploaded it; a subsidy application's attachment, only the
 * talent office within its subtree and the talent (issue #21 item 14); any other file, scoring
 * staff whose subtree holds its unit (evidence).
 */
async function mayRead(deps: AppDeps, who: Principal, row: EvidenceFile): Promise<boolean> {
  if (row.uploaded_by === who.userId) return true;
  // a subsidy's documents (degree, contract, house purchase) are the talent office's and the talent's only
  if (await isTalentAttachment(deps.db, row.id))
    return (
      (who.permissions.has('talent.read') || who.permissions.has('talent.apply')) &&
      mayReadTalentFile(
        deps.db,
        {
          userId: who.userId,
          memberId: who.memberId,
          scopeRootId: who.scopeRootId,
          staff: who.permissions.has('talent.read'),
        },
        row.id,
      )
    );
  if (
    SCORING_READ.some((p) => who.permissions.has(p)) &&
    (await isInSubtree(deps.db, who.scopeRootId, row.org_unit_id))
  )
    return true;
  return false;
}

/** A talent uploads attachments for their own applications: only an account linked to a talent record. */
async function mayUpload(deps: AppDeps, who: Principal): Promise<boolean> {
  if (UPLOAD_PERMS.some((p) => p !== 'talent.apply' && who.permissions.has(p))) return true;
  return (
    who.permissions.has('talent.apply') &&
    (await talentOfAccount(deps.db, { userId: who.userId, memberId: who.memberId })) !== undefined
  );
}
/** Types a browser shows itself, safely: served inline for preview when asked (`?inline=1`). */
const PREVIEWABLE = new Set(['application/pdf', 'image/png', 'image/jpeg']);
const STATUS = { BAD_INPUT: 400, NOT_FOUND: 404, FORBIDDEN: 403 } as Record<string, 400 | 403 | 404>;

/**
 * Evidence files (佐证材料): `POST /files` (multipart: `file`, optional `orgUnitId`) stores a
 * checked file for a unit in the caller's scope and answers `{ id, name, mime, size }`;
 * `GET /files/:id` serves it to a caller whose scope holds the file's unit, or who may see the
 * subsidy application it is attached to, or who uploaded it (`?inline=1`: a PDF or image shown
 * in place, framable by the platform's own pages only). Both need a session (cookie or
 * bearer) and a scoring or talent permission; every upload is audited.
 */
export function filesRoutes(deps: AppDeps, store: FileStore = defaultFileStore()) {
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
    if (!isDomainError(err) || !STATUS[err.kind]) {
      deps.logger.error({ err }, 'files: internal error');
      return c.json({ error: { code: 'INTERNAL_SERVER_ERROR' } }, 500);
    }
    const locale = localeFromHeader(c.req.header('accept-language') ?? null);
    return c.json(
      { error: { code: err.kind, message: t(err.messageKey, locale, err.params) } },
      STATUS[err.kind]!,
    );
  });

  const deny = async (who: Principal, action: string, needed: readonly string[]) => {
    await recordAudit(deps.db, {
      actorId: who.userId,
      actor: who.username,
      action,
      objectType: 'procedure',
      result: 'denied',
      after: { needed },
    });
    return {
      error: { code: 'FORBIDDEN', message: t('auth.forbidden', 'zh-CN', { permission: needed.join(' | ') }) },
    };
  };

  // The request may exceed the file by the multipart framing and the orgUnitId field; a larger
  // one is refused before it is read in full, and nothing is stored.
  const uploadLimit = bodyLimit({
    maxSize: EVIDENCE_POLICY.maxBytes + 64 * 1024,
    onError: (c) => {
      const locale = localeFromHeader(c.req.header('accept-language') ?? null);
      const mb = Math.floor(EVIDENCE_POLICY.maxBytes / 1048576);
      return c.json(
        { error: { code: 'PAYLOAD_TOO_LARGE', message: t('files.requestTooLarge', locale, { mb }) } },
        413,
      );
    },
  });

  app.post('/', uploadLimit, async (c) => {
    const who = c.get('principal');
    if (!(await mayUpload(deps, who))) {
      return c.json(await deny(who, 'files.upload', UPLOAD_PERMS), 403);
    }
    const form = await c.req.formData().catch(() => null);
    const file = form?.get('file');
    if (!form || !(file instanceof File))
      return c.json({ error: { code: 'BAD_INPUT', message: 'multipart field "file" is required' } }, 400);
    const unitField = form.get('orgUnitId');
    const orgUnitId = unitField ? Number(unitField) : who.orgUnitId;
    if (!Number.isSafeInteger(orgUnitId) || orgUnitId <= 0)
      return c.json({ error: { code: 'BAD_INPUT', message: 'orgUnitId' } }, 400);
    await assertInScope(deps.db, who, orgUnitId);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const type = checkFile(EVIDENCE_POLICY, file.name, file.type || 'application/octet-stream', bytes);
    const { id, key } = newFileKey(type.ext);
    await store.put(key, bytes);
    try {
      const row = await deps.db.transaction().execute(async (trx) => {
        const saved = await recordEvidence(trx, {
          id,
          org_unit_id: orgUnitId,
          uploaded_by: who.userId,
          name: file.name.slice(0, 200),
          mime: type.mime,
          size: bytes.byteLength,
          sha256: createHash('sha256').update(bytes).digest('hex'),
          storage_key: key,
        });
        await appendAudit(trx, {
          actorId: who.userId,
          actor: who.username,
          action: 'files.upload',
          objectType: 'evidence_file',
          objectId: id,
          orgUnitId,
          after: saved,
        });
        return saved;
      });
      return c.json({ id: row.id, name: row.name, mime: row.mime, size: row.size }, 201);
    } catch (err) {
      await store.delete(key);
      throw err;
    }
  });

  app.get('/:id', async (c) => {
    const who = c.get('principal');
    if (!DOWNLOAD_PERMS.some((p) => who.permissions.has(p))) {
      return c.json(await deny(who, 'files.download', DOWNLOAD_PERMS), 403);
    }
    const id = c.req.param('id');
    if (!/^[0-9a-f-]{36}$/.test(id)) return c.json({ error: { code: 'NOT_FOUND' } }, 404);
    const row = await getEvidence(deps.db, id);
    if (!(await mayRead(deps, who, row))) throw new DomainError('FORBIDDEN', 'auth.outOfScope');
    const bytes = await store.get(row.storage_key);
    // A PDF or image asked for preview is shown in place, in a frame of the platform's own
    // pages (security.ts: FILE_PREVIEW_CSP); any other type, or without ?inline=1, downloads.
    const inline = c.req.query('inline') === '1' && PREVIEWABLE.has(row.mime);
    if (inline) allowFramingBySelf(c);
    return new Response(bytes as Uint8Array<ArrayBuffer>, {
      status: 200,
      headers: {
        'content-type': row.mime,
        'content-length': String(bytes.byteLength),
        'content-disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(row.name)}`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
      },
    });
  });

  return app;
}
