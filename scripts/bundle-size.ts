/**
 * First-load JavaScript of each web app, gzip, from the production build's Vite manifest:
 * the entry chunk plus the chunks the login route and the landing route import (statically,
 * transitively). Lazy chunks loaded after first render (e.g. charts) are listed apart, and so
 * are the domains' screens: Module Federation remotes, loaded when their area is opened.
 * Brotli, as the server sends it to browsers (the build's .br copies), is shown beside.
 * Run after building: `node scripts/bundle-size.ts` (or `./zq pnpm bundle-size`).
 * The browser tests measure the same routes over the network (apps/e2e/src/mf.e2e.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

interface Chunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

const root = resolve(import.meta.dirname, '..');
export const APPS = [
  { name: 'admin', budgetKb: 350, routes: { login: [], landing: ['src/pages/Home.tsx'] } },
  {
    name: 'member',
    budgetKb: 200,
    routes: { login: ['src/pages/Login.tsx'], landing: ['src/Shell.tsx', 'src/pages/Home.tsx'] },
  },
] as const;

export type AppName = (typeof APPS)[number]['name'];

/** The files (relative to the app's dist) a route loads first: its entry and static imports. */
export function firstLoadFiles(app: AppName, route: 'login' | 'landing'): string[] {
  const spec = APPS.find((a) => a.name === app)!;
  const dist = resolve(root, 'apps', app, 'dist');
  const manifest = JSON.parse(readFileSync(resolve(dist, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    Chunk
  >;
  const entry = Object.entries(manifest).find(([, c]) => c.isEntry)![0];
  const seen = new Set<string>();
  const visit = (k: string) => {
    if (seen.has(k) || !manifest[k]) return;
    seen.add(k);
    for (const i of manifest[k]!.imports ?? []) visit(i);
  };
  [entry, ...spec.routes[route]].forEach(visit);
  return [...seen].map((k) => manifest[k]!.file).filter((f) => f.endsWith('.js'));
}

if (import.meta.main) {
  let over = false;
  for (const app of APPS) {
    const dist = resolve(root, 'apps', app.name, 'dist');
    const gz = (file: string) => gzipSync(readFileSync(resolve(dist, file))).length;
    const br = (file: string) => {
      const pre = resolve(dist, `${file}.br`);
      return existsSync(pre)
        ? readFileSync(pre).length
        : brotliCompressSync(readFileSync(resolve(dist, file))).length;
    };
    for (const route of ['login', 'landing'] as const) {
      const files = firstLoadFiles(app.name, route);
      const kb = files.reduce((sum, f) => sum + gz(f), 0) / 1024;
      const brKb = files.reduce((sum, f) => sum + br(f), 0) / 1024;
      const ok = kb <= app.budgetKb;
      over ||= !ok;
      console.log(
        `${app.name.padEnd(7)} ${route.padEnd(8)} ${kb.toFixed(1).padStart(7)} KB gzip, ${brKb.toFixed(1).padStart(7)} KB brotli (budget ${app.budgetKb} KB) ${ok ? 'ok' : 'OVER'}  [${files.length} chunks]`,
      );
    }
  }
  process.exit(over ? 1 : 0);
}
