import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSession, DEFAULT_AUTH_CONFIG } from '@zhanqian/auth';
import type { Database, Kysely } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FILE_PREVIEW_CSP } from '../src/security.ts';
import { buildFixture, httpApp } from './fixture.ts';

// Issue #21 item 15: the evidence preview was blank for PDF, because every answer (the file's
// too) forbade framing. A PDF or image asked for preview may be framed by the platform's own
// pages, under a policy of its own that loads and runs nothing; everything else keeps the
// app's policy (no framing at all).

const PDF = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a]);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
const DOCX = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]);
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zq-preview-'));
  process.env.ZQ_UPLOAD_DIR = dir;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function tokenFor(db: Kysely<Database>, username: string) {
  const u = await db
    .selectFrom('app_user')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  if (!u.totp_secret)
    await db.updateTable('app_user').set({ totp_secret: 'test' }).where('id', '=', u.id).execute();
  return (await createSession(db, u.id, DEFAULT_AUTH_CONFIG)).token;
}

describeEachDialect('file previews: framing', (t) => {
  it('serves a PDF or image for preview framable by self only; everything else keeps no framing', async () => {
    await buildFixture(t.db);
    const app = httpApp(t.db);
    const auth = { authorization: `Bearer ${await tokenFor(t.db, 'unit_reporter')}` };
    const store = async (name: string, type: string, bytes: Uint8Array) => {
      const form = new FormData();
      form.set('file', new File([bytes], name, { type }));
      const res = await app.request('/files', { method: 'POST', headers: auth, body: form });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    };
    const pdf = await store('招商台账.pdf', 'application/pdf', PDF);
    const png = await store('现场照片.png', 'image/png', PNG);
    const docx = await store('说明.docx', 'application/octet-stream', DOCX);

    // the app's pages: frames of their own origin only (the previews), no plugins, never framed
    const page = await app.request('/healthz');
    const appCsp = page.headers.get('content-security-policy')!;
    expect(appCsp).toContain("frame-src 'self'");
    expect(appCsp).not.toMatch(/frame-src[^;]*(blob:|\*|data:)/);
    expect(appCsp).toContain("object-src 'none'");
    expect(appCsp).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');

    for (const [id, mime] of [
      [pdf, 'application/pdf'],
      [png, 'image/png'],
    ] as const) {
      const res = await app.request(`/files/${id}?inline=1`, { headers: auth });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(mime);
      expect(res.headers.get('content-disposition')).toMatch(/^inline; filename\*=UTF-8''%E/);
      expect(res.headers.get('content-security-policy')).toBe(FILE_PREVIEW_CSP);
      expect(FILE_PREVIEW_CSP).toBe("default-src 'none'; frame-ancestors 'self'");
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('private, no-store');
    }
    expect(
      decodeURIComponent(
        (await app.request(`/files/${pdf}?inline=1`, { headers: auth })).headers
          .get('content-disposition')!
          .split("UTF-8''")[1]!,
      ),
    ).toBe('招商台账.pdf');

    // the same file without ?inline=1 downloads, and may not be framed
    const download = await app.request(`/files/${pdf}`, { headers: auth });
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; /);
    expect(download.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(download.headers.get('x-frame-options')).toBe('DENY');

    // a type the browser would not show safely is never inline, nor framable
    const word = await app.request(`/files/${docx}?inline=1`, { headers: auth });
    expect(word.status).toBe(200);
    expect(word.headers.get('content-disposition')).toMatch(/^attachment; /);
    expect(word.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(word.headers.get('x-frame-options')).toBe('DENY');

    // a refusal is no preview: the app's policy (and no file)
    for (const [headers, status] of [
      [{}, 401],
      [{ authorization: `Bearer ${await tokenFor(t.db, 'member')}` }, 403],
    ] as const) {
      const res = await app.request(`/files/${pdf}?inline=1`, { headers });
      expect(res.status).toBe(status);
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
  });
});
