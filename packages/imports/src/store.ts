import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '@zhanqian/core';
import { assertKey } from '@zhanqian/files';

/**
 * Import files may be large: their own limit, not the 1 MiB of JSON requests. The default,
 * 256 MB, takes a street's 1.2 million households as CSV (73 MB) with room to spare; the
 * file is streamed to disk, so the limit costs disk, not memory. `ZQ_UPLOAD_MAX_MB` sets it.
 */
export const IMPORT_MAX_MB_DEFAULT = 256;
export const IMPORT_MAX_BYTES = IMPORT_MAX_MB_DEFAULT * 1024 * 1024;

/**
 * The upload limit in bytes: `ZQ_UPLOAD_MAX_MB` (whole megabytes, 1–65536) or the default.
 * A value that is not such a number is refused (thrown) rather than read as no limit.
 *
 * @example importMaxBytes({ ZQ_UPLOAD_MAX_MB: '512' }) // 536870912
 */
export function importMaxBytes(env: Record<string, string | undefined> = process.env): number {
  const raw = env.ZQ_UPLOAD_MAX_MB?.trim();
  if (!raw) return IMPORT_MAX_BYTES;
  const mb = Number(raw);
  if (!/^\d+$/.test(raw) || mb < 1 || mb > 65_536)
    throw new Error(`ZQ_UPLOAD_MAX_MB: expected whole megabytes from 1 to 65536, got "${raw}"`);
  return mb * 1024 * 1024;
}

/**
 * Where uploaded import files live: a folder (`ZQ_UPLOAD_DIR`/imports, beside the evidence
 * files). Written and read as streams, so a large file never sits in memory; the readers
 * need a path (exceljs' streaming reader and csv-parse read from it).
 */
export interface ImportStore {
  /** Streams `body` to `key`; refuses (and removes the part written) beyond `maxBytes`. */
  putStream(
    key: string,
    body: AsyncIterable<Uint8Array>,
    maxBytes?: number,
  ): Promise<{ size: number; sha256: string; head: Uint8Array }>;
  /** A local path to read the file from. */
  pathOf(key: string): string;
  delete(key: string): Promise<void>;
}

export function localImportStore(root: string): ImportStore {
  const base = resolve(root);
  const pathOf = (key: string) => {
    assertKey(key);
    const p = resolve(base, key);
    if (!p.startsWith(base + sep)) throw new DomainError('BAD_INPUT', 'files.notFound');
    return p;
  };
  return {
    pathOf,
    async putStream(key, body, maxBytes = importMaxBytes()) {
      const p = pathOf(key);
      await mkdir(dirname(p), { recursive: true });
      const hash = createHash('sha256');
      let size = 0;
      let head = new Uint8Array(0);
      const meter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.byteLength;
          if (size > maxBytes) {
            done(new DomainError('BAD_INPUT', 'imports.tooLarge', { mb: Math.floor(maxBytes / 1048576) }));
            return;
          }
          if (head.byteLength < 8)
            head = new Uint8Array([...head, ...chunk.subarray(0, 8 - head.byteLength)]);
          hash.update(chunk);
          done(null, chunk);
        },
      });
      try {
        await pipeline(body, meter, createWriteStream(p, { flags: 'wx' }));
      } catch (err) {
        await rm(p, { force: true });
        throw err;
      }
      return { size, sha256: hash.digest('hex'), head };
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}

/** The default store: `ZQ_UPLOAD_DIR`/imports (data/uploads/imports). */
export const defaultImportStore = (): ImportStore =>
  localImportStore(resolve(process.env.ZQ_UPLOAD_DIR ?? 'data/uploads', 'imports'));
