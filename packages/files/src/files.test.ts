import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkFile, EVIDENCE_POLICY } from './policy.ts';
import { localFileStore, newFileKey } from './store.ts';

const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31]);

describe('file policy', () => {
  it('accepts a known type whose content matches', () => {
    expect(checkFile(EVIDENCE_POLICY, '台账.PDF', 'application/pdf', pdf).mime).toBe('application/pdf');
    expect(checkFile(EVIDENCE_POLICY, 'a.pdf', 'application/octet-stream', pdf).ext).toBe('.pdf');
  });
  it('refuses empty, oversized, unknown, mislabelled and disguised files', () => {
    expect(() => checkFile(EVIDENCE_POLICY, 'a.pdf', 'application/pdf', new Uint8Array())).toThrow(
      /files.empty/,
    );
    expect(() => checkFile({ ...EVIDENCE_POLICY, maxBytes: 3 }, 'a.pdf', 'application/pdf', pdf)).toThrow(
      /tooLarge/,
    );
    expect(() => checkFile(EVIDENCE_POLICY, 'a.exe', 'application/pdf', pdf)).toThrow(/badType/);
    expect(() => checkFile(EVIDENCE_POLICY, 'a', 'application/pdf', pdf)).toThrow(/badType/);
    expect(() => checkFile(EVIDENCE_POLICY, 'a.pdf', 'text/html', pdf)).toThrow(/badType/);
    expect(() => checkFile(EVIDENCE_POLICY, 'a.png', 'image/png', pdf)).toThrow(/contentMismatch/);
  });
});

describe('local store', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });
  it('puts, gets and deletes by key, and never leaves its folder', async () => {
    const root = await mkdtemp(join(tmpdir(), 'zq-files-'));
    dirs.push(root);
    const store = localFileStore(root);
    const { id, key } = newFileKey('.pdf', new Date('2026-11-28T00:00:00Z'));
    expect(key).toBe(`2026/11/${id}.pdf`);
    await store.put(key, pdf);
    expect(await store.get(key)).toEqual(pdf);
    await expect(store.put(key, pdf)).rejects.toThrow(); // never overwrites
    await store.delete(key);
    await expect(store.get(key)).rejects.toThrow(/files.notFound/);
    for (const bad of ['../x', '/etc/passwd', 'a/../../x', 'a//b', '.hidden'])
      await expect(store.get(bad)).rejects.toThrow(/files.notFound/);
  });
});
