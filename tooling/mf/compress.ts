import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin, ResolvedConfig } from 'vite';

const COMPRESSIBLE = /\.(js|mjs|css|html|json|svg|txt|wasm)$/;

/** Every file under `dir` worth compressing (text, at least `min` bytes; no source maps, no copies). */
function candidates(dir: string, min: number): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === '.vite' ? [] : candidates(path, min);
    return COMPRESSIBLE.test(e.name) && statSync(path).size >= min ? [path] : [];
  });
}

/**
 * Writes `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip, level 9) beside every text file of
 * the build, with node:zlib: the server sends them as they are when the browser accepts the
 * encoding (Content-Encoding, Vary: Accept-Encoding), so no request pays for compression.
 */
export function precompress(options: { minBytes?: number } = {}): Plugin {
  const min = options.minBytes ?? 1024;
  let config: ResolvedConfig;
  return {
    name: 'zq-precompress',
    apply: 'build',
    configResolved(c) {
      config = c;
    },
    closeBundle() {
      // `vite build --watch` (pnpm dev): rebuilt at every change, served uncompressed
      if (config.build.watch) return;
      const outDir = join(config.root, config.build.outDir);
      for (const file of candidates(outDir, min)) {
        const data = readFileSync(file);
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(data, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
              [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            },
          }),
        );
        writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
      }
    },
  };
}
