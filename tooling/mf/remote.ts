import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { federation } from '@module-federation/vite';
import react from '@vitejs/plugin-react';
import type { Plugin, UserConfig } from 'vite';
import { precompress } from './compress.ts';
import {
  containerName,
  packageOf,
  repoRoot,
  SHARED_EXPORTS,
  type SharedLibrary,
  sharedKeys,
} from './shared.ts';

export { containerName, packageOf, SHARED_LIBRARIES, sharedKeys } from './shared.ts';

/** The version of `pkg` as installed where `from` resolves it (walking up, then pnpm's hidden hoist). */
export function installedVersion(pkg: string, from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    for (const candidate of [
      join(dir, 'node_modules', pkg, 'package.json'),
      join(dir, 'node_modules', '.pnpm', 'node_modules', pkg, 'package.json'),
    ]) {
      if (existsSync(candidate))
        return (JSON.parse(readFileSync(candidate, 'utf8')) as { version: string }).version;
    }
    // a workspace package resolves to its own folder
    const own = join(dir, 'package.json');
    if (existsSync(own)) {
      const json = JSON.parse(readFileSync(own, 'utf8')) as { name?: string; version?: string };
      if (json.name === pkg) return json.version;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The repository a remote belongs to: the one above its folder, or this file's (a copy of a
 * remote's package built elsewhere, its node_modules linked, shares the same libraries).
 */
function repositoryOf(dir: string): string {
  try {
    return repoRoot(dir);
  } catch {
    return repoRoot(import.meta.dirname);
  }
}

/** `^19.3.1` for an installed 19.3.1; `*` when it cannot be found. */
export function caretRange(pkg: string, from: string): string {
  const v = installedVersion(pkg, from);
  return v ? `^${v}` : '*';
}

/** A screen module without its pages: what the menu and the home page show. */
export interface ModuleMeta {
  key: string;
  label: { 'zh-CN': string; en: string };
  anyPermission: string[];
  routes: {
    path: string;
    label: { 'zh-CN': string; en: string };
    menu?: boolean;
    anyPermission?: string[];
  }[];
}

/** dist/zq-remote.json: the remote's identity and its modules' menus. */
export interface RemoteInfo {
  domain: string;
  name: string;
  version: string;
  modules: { admin?: ModuleMeta; member?: ModuleMeta };
}

/**
 * Reads a side's screen module in Node (its entry holds only data and React.lazy pages, which
 * are never called here) and keeps everything but the pages.
 */
export async function moduleMeta(file: string): Promise<ModuleMeta | undefined> {
  const exports = (await import(`${pathToFileURL(file).href}?t=${Date.now()}`)) as Record<string, unknown>;
  const module = Object.values(exports).find(
    (v): v is ModuleMeta => typeof v === 'object' && v !== null && 'key' in v && 'routes' in v,
  );
  if (!module || module.routes.length === 0) return undefined;
  return {
    key: module.key,
    label: module.label,
    anyPermission: module.anyPermission,
    routes: module.routes.map(({ path, label, menu, anyPermission }) => ({
      path,
      label,
      ...(menu === undefined ? {} : { menu }),
      ...(anyPermission === undefined ? {} : { anyPermission }),
    })),
  };
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)(['"])([^'"]+)\1/g;
const TYPE_ONLY = /\b(?:import|export)\s+type\s[^;]*?\bfrom\s*(['"])([^'"]+)\1/gs;

/** The bare specifiers a module's code imports or re-exports for real (not `import type`). */
function runtimeSpecifiers(code: string): Set<string> {
  const count = new Map<string, number>();
  for (const m of code.matchAll(SPECIFIER)) count.set(m[2]!, (count.get(m[2]!) ?? 0) + 1);
  for (const m of code.matchAll(TYPE_ONLY)) count.set(m[2]!, (count.get(m[2]!) ?? 0) - 1);
  return new Set([...count].filter(([spec, n]) => n > 0 && !spec.startsWith('.')).map(([spec]) => spec));
}

/** What the sources under `dir` import at run time (JSX compiles to react/jsx-runtime). */
function importedSpecifiers(dir: string): Set<string> {
  const found = new Set<string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      if (e.isDirectory()) walk(path);
      else if (/\.[cm]?[jt]sx?$/.test(e.name) && !/\.test\.[jt]sx?$/.test(e.name)) {
        if (/\.[jt]sx$/.test(e.name)) found.add('react/jsx-runtime');
        for (const spec of runtimeSpecifiers(readFileSync(path, 'utf8'))) found.add(spec);
      }
    }
  };
  walk(dir);
  return found;
}

/**
 * Keeps a remote's imports of the shared libraries to what the shells lend, at build time rather
 * than as `undefined` in a screen at run time: a name a library lends only in part
 * (SHARED_EXPORTS), or a shared library the remote did not import when its build started (its
 * sharing is decided then: `vite build --watch` must be restarted).
 */
function lentExportsOnly(shared: Set<string>, all: readonly string[]): Plugin {
  return {
    name: 'zq-lent-exports-only',
    enforce: 'pre',
    transform(code, id) {
      if (id.includes('/node_modules/') || !/\.[cm]?[jt]sx?$/.test(id)) return null;
      for (const spec of runtimeSpecifiers(code))
        if (all.includes(spec) && !shared.has(spec))
          this.error(`${id}: ${spec} is shared, and this build started without it: restart the build`);
      for (const m of code.matchAll(/import\s+(?!type\b)\{([^}]*)\}\s+from\s+['"]([^'"]+)['"]/g)) {
        const lent = SHARED_EXPORTS[m[2] as SharedLibrary];
        if (!lent) continue;
        for (const spec of m[1]!.split(',')) {
          const name = spec
            .trim()
            .replace(/^type\s+.*$/, '')
            .split(/\s+as\s+/)[0]!
            .trim();
          if (name && !lent.includes(name))
            this.error(
              `${id}: ${m[2]} lends the remotes ${lent.join(', ')}; not ${name} (tooling/mf/shared.ts)`,
            );
        }
      }
      return null;
    },
  };
}

const EXPOSES = { './admin': './src/admin/index.ts', './member': './src/member/index.ts' };

/**
 * The Vite configuration of a domain's remote (packages/<domain>-ui): Module Federation 2
 * (@module-federation/vite) with the admin and member entries exposed, every shared library
 * consumed from the shell (`import: false`: never bundled, never downloaded twice), content-hashed
 * chunks, relative URLs (the build works wherever it is deployed: /mf/<domain>/<release>/),
 * its own package version in dist/zq-remote.json.
 */
export function remoteConfig(dir: string): UserConfig {
  const pkg = JSON.parse(readFileSync(resolve(dir, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  const domain = pkg.name.replace(/^@zhanqian\//, '').replace(/-ui$/, '');
  // Only the shared libraries the remote imports: one it does not is left out of its share
  // configuration, or its remote entry would fetch it from the shell on start.
  const all = sharedKeys(repositoryOf(dir));
  const imported = importedSpecifiers(resolve(dir, 'src'));
  const shared = new Set(all.filter((key) => imported.has(key)));
  return {
    root: dir,
    // Relative: chunks resolve against the remote entry's own URL, wherever it is deployed.
    base: './',
    plugins: [
      precompress(),
      lentExportsOnly(shared, all),
      react(),
      federation({
        name: containerName(domain),
        filename: 'remoteEntry.js',
        manifest: true,
        dts: false,
        // The MF runtime comes from the shell (globalThis._FEDERATION_RUNTIME_CORE): not one copy per remote.
        experiments: { externalRuntime: true },
        exposes: EXPOSES,
        shared: Object.fromEntries(
          [...shared].map((key) => [
            key,
            {
              singleton: true,
              import: false as const,
              requiredVersion: caretRange(packageOf(key), dir),
              suppressMissingImportWarning: true,
            },
          ]),
        ),
      }),
      {
        // What the shells need before loading any remote code: the menu entries of each side.
        name: 'zq-remote-info',
        async generateBundle() {
          const info: RemoteInfo = { domain, name: containerName(domain), version: pkg.version, modules: {} };
          for (const side of ['admin', 'member'] as const) {
            const meta = await moduleMeta(resolve(dir, EXPOSES[`./${side}`]));
            if (meta) info.modules[side] = meta;
          }
          this.emitFile({
            type: 'asset',
            fileName: 'zq-remote.json',
            source: `${JSON.stringify(info, null, 2)}\n`,
          });
        },
      },
    ],
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: 1500,
      // No index.html: the exposed entries are the build's inputs (remoteEntry.js is added by the plugin).
      rolldownOptions: {
        input: { admin: resolve(dir, EXPOSES['./admin']), member: resolve(dir, EXPOSES['./member']) },
      },
    },
  };
}
