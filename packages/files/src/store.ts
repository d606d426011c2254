import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { DomainError } from '@zhanqian/core';

/**
 * Where file bytes live, behind one small interface: a local folder by default; an
 * S3-compatible object store implements the same four calls (keys are plain relative
 * paths such as '2026/11/<uuid>.pdf', valid object names too).
 */
export interface FileStore {
  readonly kind: 'local' | 's3';
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** Throws NOT_FOUND ('files.notFound') when the key holds nothing. */
  get(key: string): Promise<Uint8Array>;
  delete(key: string): Promise<void>;
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9/_.-]*$/;

/** Refuses keys that could leave the store's folder ('..', absolute paths, odd characters). */
export function assertKey(key: string): void {
  if (!KEY.test(key) || key.split('/').some((p) => p === '' || p === '.' || p === '..'))
    throw new DomainError('BAD_INPUT', 'files.notFound');
}

/**
 * Files in a local folder (default `data/uploads`).
 *
 * @example const store = localFileStore('data/uploads'); await store.put('2026/11/x.pdf', bytes)
 */
export function localFileStore(root: string): FileStore {
  const base = resolve(root);
  const pathOf = (key: string) => {
    assertKey(key);
    const p = resolve(base, key);
    if (!p.startsWith(base + sep)) throw new DomainError('BAD_INPUT', 'files.notFound');
    return p;
  };
  return {
    kind: 'local',
    async put(key, bytes) {
      const p = pathOf(key);
      await mkdir(dirname(p), { recursive: true });
      await writeFile(p, bytes, { flag: 'wx' });
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(pathOf(key)));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT')
          throw new DomainError('NOT_FOUND', 'files.notFound');
        throw err;
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}

/** The default store: `ZQ_UPLOAD_DIR` or data/uploads. */
export const defaultFileStore = (): FileStore => localFileStore(process.env.ZQ_UPLOAD_DIR ?? 'data/uploads');

/** A new file id and the storage key it goes under ('YYYY/MM/<id><ext>'). */
export function newFileKey(ext: string, now = new Date()): { id: string; key: string } {
  const id = randomUUID();
  const ym = now.toISOString().slice(0, 7).replace('-', '/');
  return { id, key: `${ym}/${id}${ext}` };
}
