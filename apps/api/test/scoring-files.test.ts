import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSession, DEFAULT_AUTH_CONFIG } from '@zhanqian/auth';
import type { Database, Kysely } from '@zhanqian/db';
import { describeEachDialect } from '@zhanqian/db/testing';
import { sampleScheme } from '@zhanqian/scoring';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildFixture, callerAs, httpApp } from './fixture.ts';

const PDF = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a]);
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zq-evidence-'));
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
  // Administrators need a second factor to hold a session; these tests are not about TOTP.
  if (!u.totp_secret)
    await db.updateTable('app_user').set({ totp_secret: 'test' }).where('id', '=', u.id).execute();
  return (await createSession(db, u.id, DEFAULT_AUTH_CONFIG)).token;
}

function upload(name: string, type: string, bytes: Uint8Array, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.set('file', new File([bytes], name, { type }));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return form;
}

describeEachDialect('evidence files', (t) => {
  it('uploads, serves within scope, refuses other units, bad files and the unauthenticated', async () => {
    const f = await buildFixture(t.db);
    await t.db
      .insertInto('app_user')
      .values({
        username: 'reporter2',
        display_name: 'r2',
        password_hash: 'x',
        role: 'unit_reporter',
        org_unit_id: f.streets[1]!.street.id,
        password_changed_at: 'x',
        created_at: 'x',
      })
      .execute();
    const app = httpApp(t.db);
    const auth = async (u: string) => ({ authorization: `Bearer ${await tokenFor(t.db, u)}` });

    const res = await app.request('/files', {
      method: 'POST',
      headers: await auth('unit_reporter'),
      body: upload('招商台账.pdf', 'application/pdf', PDF),
    });
    expect(res.status).toBe(201);
    const file = (await res.json()) as { id: string; name: string; size: number; mime: string };
    expect(file).toMatchObject({ name: '招商台账.pdf', size: PDF.byteLength, mime: 'application/pdf' });

    const own = await app.request(`/files/${file.id}`, { headers: await auth('unit_reporter') });
    expect(own.status).toBe(200);
    expect(new Uint8Array(await own.arrayBuffer())).toEqual(PDF);
    expect(own.headers.get('content-type')).toBe('application/pdf');
    expect(own.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await app.request(`/files/${file.id}`, { headers: await auth('kaohe') })).status).toBe(200);
    expect((await app.request(`/files/${file.id}`, { headers: await auth('reporter2') })).status).toBe(403);
    expect((await app.request(`/files/${file.id}`, { headers: await auth('member') })).status).toBe(403);
    expect((await app.request(`/files/${file.id}`)).status).toBe(401);
    expect(
      (await app.request('/files/00000000-0000-0000-0000-000000000000', { headers: await auth('kaohe') }))
        .status,
    ).toBe(404);

    const bad = await app.request('/files', {
      method: 'POST',
      headers: await auth('unit_reporter'),
      body: upload('run.exe', 'application/octet-stream', PDF),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain(
      '不支持的文件类型',
    );
    const disguised = await app.request('/files', {
      method: 'POST',
      headers: await auth('unit_reporter'),
      body: upload('photo.png', 'image/png', PDF),
    });
    expect(disguised.status).toBe(400);
    const elsewhere = await app.request('/files', {
      method: 'POST',
      headers: await auth('unit_reporter'),
      body: upload('a.pdf', 'application/pdf', PDF, { orgUnitId: String(f.streets[1]!.street.id) }),
    });
    expect(elsewhere.status).toBe(403);
    const memberUpload = await app.request('/files', {
      method: 'POST',
      headers: await auth('member'),
      body: upload('a.pdf', 'application/pdf', PDF),
    });
    expect(memberUpload.status).toBe(403);
    expect((await t.db.selectFrom('evidence_file').selectAll().execute()).length).toBe(1);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'result'])
      .where('action', 'like', 'files.%')
      .execute();
    expect(audit).toContainEqual({ action: 'files.upload', result: 'ok' });
    expect(audit).toContainEqual({ action: 'files.upload', result: 'denied' });

    // The evidence goes with a report; another unit's evidence cannot be attached.
    const kaohe = await callerAs(t.db, 'kaohe');
    await kaohe.scoring.scheme.save({ def: sampleScheme(2026) });
    await kaohe.scoring.scheme.setStatus({ year: 2026, to: 'open' });
    const [s1, s2] = await kaohe.scoring.subjects.add({
      year: 2026,
      subjects: [
        { orgUnitId: f.streets[0]!.street.id, category: 'street' },
        { orgUnitId: f.streets[1]!.street.id, category: 'street' },
      ],
    });
    const { ids } = await kaohe.scoring.scheme.get({ year: 2026 });
    const rep = await callerAs(t.db, 'unit_reporter');
    const r = await rep.scoring.report.submit({
      subjectId: s1!.id,
      indicatorId: ids.A1W1I1!,
      value: 700,
      evidenceId: file.id,
    });
    expect(r.evidence_id).toBe(file.id);
    const rep2 = await callerAs(t.db, 'reporter2');
    const err = await rep2.scoring.report
      .submit({ subjectId: s2!.id, indicatorId: ids.A1W1I1!, value: 700, evidenceId: file.id })
      .catch((e) => e);
    expect(err.code).toBe('NOT_FOUND');
  });
});
