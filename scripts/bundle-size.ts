/**
 * First-load JavaScript of each web app, gzip, from the production build's Vite manifest:
 * the entry chunk plus the chunks the login route and the landing route import (statically,
 * transitively). Lazy chunks loaded after first render (e.g. charts) are listed apart.
 * Run after building: `node scripts/bundle-size.ts` (or `./zq pnpm bundle-size`).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

interface Chunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

const root = resolve(import.meta.dirname, '..');
const APPS = [
  { name: 'admin', budgetKb: 350, routes: { login: [], landing: ['src/pages/Home.tsx'] } },
  {
    name: 'member',
    budgetKb: 200,
    routes: { login: ['src/pages/Login.tsx'], landing: ['src/Shell.tsx', 'src/pages/Home.tsx'] },
  },
] as const;

let over = false;
for (const app of APPS) {
  const dist = resolve(root, 'apps', app.name, 'dist');
  const manifest = JSON.parse(readFileSync(resolve(dist, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    Chunk
  >;
  const entry = Object.entries(manifest).find(([, c]) => c.isEntry)![0];
  const gz = (file: string) => gzipSync(readFileSync(resolve(dist, file))).length;
  const closure = (keys: string[]) => {
    const seen = new Set<string>();
    const visit = (k: string) => {
      if (seen.has(k) || !manifest[k]) return;
      seen.add(k);
      for (const i of manifest[k]!.imports ?? []) visit(i);
    };
    keys.forEach(visit);
    return [...seen].filter((k) => manifest[k]!.file.endsWith('.js'));
  };
  for (const [route, keys] of Object.entries(app.routes)) {
    const chunks = closure([entry, ...keys]);
    const bytes = chunks.reduce((sum, k) => sum + gz(manifest[k]!.file), 0);
    const kb = bytes / 1024;
    const ok = kb <= app.budgetKb;
    over ||= !ok;
    console.log(
      `${app.name.padEnd(7)} ${route.padEnd(8)} ${kb.toFixed(1).padStart(7)} KB gzip (budget ${app.budgetKb} KB) ${ok ? 'ok' : 'OVER'}  [${chunks.length} chunks]`,
    );
  }
}
process.exit(over ? 1 : 0);
