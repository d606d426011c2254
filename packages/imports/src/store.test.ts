import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IMPORT_MAX_BYTES, importMaxBytes, localImportStore } from './store.ts';

const MB = 1024 * 1024;

afterEach(() => {
  delete process.env.ZQ_UPLOAD_MAX_MB;
});

describe('the import upload limit', () => {
  it('is 256 MB unless ZQ_UPLOAD_MAX_MB says otherwise (whole megabytes, 1–65536)', () => {
    expect(importMaxBytes({})).toBe(256 * MB);
    expect(IMPORT_MAX_BYTES).toBe(256 * MB);
    expect(importMaxBytes({ ZQ_UPLOAD_MAX_MB: ' 512 ' })).toBe(512 * MB);
    expect(importMaxBytes({ ZQ_UPLOAD_MAX_MB: '1' })).toBe(MB);
    for (const bad of ['0', '-1', '1.5', '1e3', '64MB', '65537'])
      expect(() => importMaxBytes({ ZQ_UPLOAD_MAX_MB: bad })).toThrow(/ZQ_UPLOAD_MAX_MB/);
  });

  it('the store streams a file up to the limit from the environment and refuses (and removes) one beyond it', async () => {
    process.env.ZQ_UPLOAD_MAX_MB = '1';
    const store = localImportStore(mkdtempSync(join(tmpdir(), 'zq-store-')));
    const body = (chunks: number) =>
      (async function* () {
        for (let i = 0; i < chunks; i++) yield new Uint8Array(256 * 1024);
      })();
    expect((await store.putStream('2026/12/a.csv', body(4))).size).toBe(MB);
    await expect(store.putStream('2026/12/b.csv', body(5))).rejects.toMatchObject({
      messageKey: 'imports.tooLarge',
      params: { mb: 1 },
    });
    expect(existsSync(store.pathOf('2026/12/b.csv'))).toBe(false);
  });
});
