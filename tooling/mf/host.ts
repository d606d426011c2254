import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Plugin, parseAst } from 'vite';
import { installedVersion } from './remote.ts';
import {
  packageOf,
  repoRoot,
  SHARED_EXPORTS,
  SHARED_LIBRARIES,
  type SharedLibrary,
  uiEntries,
} from './shared.ts';

const PROVIDERS = 'virtual:zq-shared-providers';
const ONE = 'virtual:zq-shared/';

type Node = { type: string; [k: string]: any };

/**
 * The export names of an ES module and of what it re-exports with `export *` (followed through
 * `resolveId`); undefined for a CommonJS module (no ES exports).
 */
async function esExports(
  file: string,
  resolveId: (spec: string, importer: string) => Promise<string | undefined>,
  seen = new Set<string>(),
): Promise<Set<string> | undefined> {
  if (seen.has(file)) return new Set();
  seen.add(file);
  const lang = /\.tsx$/.test(file)
    ? 'tsx'
    : /\.[cm]?ts$/.test(file)
      ? 'ts'
      : /\.jsx$/.test(file)
        ? 'jsx'
        : 'js';
  const program = parseAst(readFileSync(file, 'utf8'), { sourceType: 'module', lang }) as unknown as {
    body: Node[];
  };
  const names = new Set<string>();
  let esm = false;
  for (const node of program.body) {
    if (node.type === 'ExportDefaultDeclaration') {
      esm = true;
      names.add('default');
    } else if (node.type === 'ExportNamedDeclaration') {
      esm = true;
      if (node.exportKind === 'type') continue;
      for (const s of node.specifiers ?? [])
        if (s.exportKind !== 'type') names.add(s.exported.name ?? s.exported.value);
      const d = node.declaration;
      if (d && (d.declare || /^TS/.test(d.type))) continue;
      if (d?.id?.name) names.add(d.id.name);
      for (const v of d?.declarations ?? []) if (v.id?.name) names.add(v.id.name);
    } else if (node.type === 'ExportAllDeclaration') {
      esm = true;
      if (node.exportKind === 'type') continue;
      if (node.exported) names.add(node.exported.name ?? node.exported.value);
      else {
        const target = await resolveId(node.source.value, file);
        const inner = target ? await esExports(target, resolveId, seen) : undefined;
        for (const n of inner ?? []) if (n !== 'default') names.add(n);
      }
    } else if (node.type === 'ImportDeclaration') esm = true;
  }
  return esm ? names : undefined;
}

/**
 * The shell's side of the shared singletons (a Vite plugin for apps/admin and apps/member).
 * `import { sharedProviders } from 'virtual:zq-shared-providers'` gives, per shared key, the
 * version this build holds and a loader of the module from this build: the remotes get the
 * shell's own instances.
 *
 * Each loader imports a re-export module listing the package's exports by name rather than a
 * namespace import of the package: a namespace of a barrel (antd, antd-mobile, react-router …)
 * would pull every component into the shell's first chunk, while named re-exports leave what
 * the shell itself does not use in a chunk fetched when a remote first asks for the library.
 */
export function sharedHost(options: { root: string; provide: readonly SharedLibrary[] }): Plugin {
  for (const key of options.provide)
    if (!SHARED_LIBRARIES.includes(key)) throw new Error(`${key} is not a shared library`);
  // The libraries named, and every entry of @zhanqian/ui.
  const provide = [...options.provide, ...uiEntries(repoRoot(options.root))];
  const importer = resolve(options.root, 'index.html');
  let serve = false;
  return {
    name: 'zq-shared-host',
    enforce: 'pre',
    configResolved(config) {
      serve = config.command === 'serve';
    },
    resolveId(id) {
      if (id === PROVIDERS || id.startsWith(ONE)) return `\0${id}`;
      return null;
    },
    async load(id) {
      if (id === `\0${PROVIDERS}`) {
        const lines = provide.map((key) => {
          const version = installedVersion(packageOf(key), options.root) ?? '0.0.0';
          // The dev server (pnpm dev) serves each library whole, pre-bundled, to the shell and to
          // the remotes alike: the package itself; a build, the re-export module below.
          const source = serve ? key : ONE + key;
          return `  ${JSON.stringify(key)}: { version: ${JSON.stringify(version)}, get: () => import(${JSON.stringify(source)}) },`;
        });
        return `export const sharedProviders = {\n${lines.join('\n')}\n};\n`;
      }
      if (!id.startsWith(`\0${ONE}`)) return null;
      const key = id.slice(ONE.length + 1);
      const lent = SHARED_EXPORTS[key as SharedLibrary];
      if (lent) return `export { ${lent.join(', ')} } from ${JSON.stringify(key)};\n`;
      const resolveId = async (spec: string, from: string) => (await this.resolve(spec, from))?.id;
      const file = await resolveId(key, importer);
      if (!file) throw new Error(`cannot resolve the shared library ${key}`);
      const names = await esExports(file, resolveId);
      // CommonJS (react, react-dom): one module, nothing to leave out.
      if (!names)
        return `export * from ${JSON.stringify(key)};\nexport { default } from ${JSON.stringify(key)};\n`;
      const list = [...names].sort();
      return `export { ${list.map((n) => (/^[A-Za-z_$][\w$]*$/.test(n) ? n : JSON.stringify(n))).join(', ')} } from ${JSON.stringify(key)};\n`;
    },
  };
}
