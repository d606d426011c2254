import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_AUTH_CONFIG } from '@zhanqian/auth';
import { describeEachDialect } from '@zhanqian/db/testing';
import { afterEach, expect, it } from 'vitest';
import { buildFixture, httpApp, httpSignIn } from './fixture.ts';

const uploads = mkdtempSync(join(tmpdir(), 'zq-imports-limit-'));
process.env.ZQ_UPLOAD_DIR = uploads;

/** Files kept in the import store (every month's folder). */
const stored = () =>
  existsSync(join(uploads, 'imports'))
    ? readdirSync(join(uploads, 'imports'), { recursive: true, withFileTypes: true }).filter((e) =>
        e.isFile(),
      ).length
    : 0;

/** A CSV body of `mb` megabytes, made as it streams (never whole in memory), without a declared length. */
const csvStream = (mb: number) => {
  let sent = 0;
  // One 1,024-byte line (the text, spaces, a newline), 1,024 of them a megabyte.
  const line = new Uint8Array(1024).fill(0x20);
  line.set(new TextEncoder().encode('户主,1号楼,1单元,101,3,,,,否,'));
  line[1023] = 0x0a;
  const chunk = new Uint8Array(1024 * 1024);
  for (let i = 0; i < 1024; i++) chunk.set(line, i * 1024);
  return new ReadableStream<Uint8Array>({
    pull(c) {
      if (sent === 0) c.enqueue(new TextEncoder().encode('户主姓名,楼栋,单元,门牌\n'));
      if (sent++ < mb) c.enqueue(chunk);
      else c.close();
    },
  });
};

afterEach(() => {
  delete process.env.ZQ_UPLOAD_MAX_MB;
});

describeEachDialect('imports: the upload limit (ZQ_UPLOAD_MAX_MB)', (t) => {
  async function signedIn() {
    await buildFixture(t.db);
    const app = httpApp(t.db, DEFAULT_AUTH_CONFIG);
    const res = await httpSignIn(app, t.db, 'district_admin');
    const token = ((await res.json()) as { result: { data: { token: string } } }).result.data.token;
    const post = (
      name: string,
      body: Uint8Array | ReadableStream<Uint8Array>,
      headers: Record<string, string> = {},
    ) =>
      app.request(`/imports/upload?kind=households&name=${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, ...headers },
        body,
        duplex: 'half',
      } as RequestInit);
    const limits = async (auth = true) => {
      const r = await app.request('/imports/limits', {
        headers: auth ? { authorization: `Bearer ${token}` } : {},
      });
      return { status: r.status, body: await r.json() };
    };
    return { post, limits };
  }

  it('takes a 65 MB file by default (the street-scale CSV is 73 MB; the old limit was 64 MB) and tells the browser 256 MB', async () => {
    const { post, limits } = await signedIn();
    expect(await limits()).toEqual({ status: 200, body: { maxBytes: 256 * 2 ** 20, maxMb: 256 } });
    expect((await limits(false)).status).toBe(401);
    const before = stored();
    const ok = await post('street.csv', csvStream(65));
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as { size: number }).size).toBeGreaterThan(65 * 2 ** 20);
    expect(stored()).toBe(before + 1);
  });

  it('a limit lowered through the environment: 413 beyond it, declared or streamed, and nothing kept', async () => {
    process.env.ZQ_UPLOAD_MAX_MB = '2';
    const { post, limits } = await signedIn();
    expect((await limits()).body).toEqual({ maxBytes: 2 * 2 ** 20, maxMb: 2 });
    const before = stored();
    const batches = async () => (await t.db.selectFrom('import_batch').select('id').execute()).length;

    // Declared over the limit: refused before reading, with the limit in the message.
    const declared = await post('big.csv', new Uint8Array(3 * 2 ** 20), {
      'content-length': String(3 * 2 ** 20),
      'accept-language': 'en',
    });
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: { message: string } }).error.message).toBe(
      'The import file exceeds the 2 MB limit',
    );
    // No length declared: counted as it streams, cut off at the limit, the part written removed.
    const streamed = await post('big.csv', csvStream(3));
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as { error: { message: string } }).error.message).toBe(
      '导入文件超过 2 MB 上限',
    );
    expect(await batches()).toBe(0);
    expect(stored()).toBe(before);

    // Under it: taken.
    expect((await post('small.csv', csvStream(1))).status).toBe(201);
    expect(await batches()).toBe(1);
  });

  it('a value that is not whole megabytes stops the app from being built', async () => {
    await buildFixture(t.db);
    for (const bad of ['0', '-5', '1.5', 'lots', '70000']) {
      process.env.ZQ_UPLOAD_MAX_MB = bad;
      expect(() => httpApp(t.db, DEFAULT_AUTH_CONFIG)).toThrow(/ZQ_UPLOAD_MAX_MB/);
    }
  });
});
