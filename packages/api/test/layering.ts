/**
 * The layering rule of the monorepo (DESIGN.md "Microfrontends", issue #16): layers read
 * top-down. Apps (apps/*) depend on packages, never on another app; packages (packages/*,
 * seeds, tooling/*) never on an app. bench/ is a tool above both (it drives the server with
 * its test fixture) and is not checked.
 *
 * Checked: every workspace package.json dependency list, every tsconfig.json `extends` and
 * `references`, and every import in the workspaces' sources, tests and root config files:
 * `import … from`, `import type`, `export … from`, side-effect `import '…'`, dynamic
 * `import('…')`, `require('…')` and `vi.mock('…')`, by package name (`@zhanqian/api/…`) or by relative
 * path (`../../apps/api/src/…`). Spawning an app as a process (a path in a string) is not an
 * import and is allowed (apps/e2e does it).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export type Layer = 'app' | 'package' | 'tool';

export interface Workspace {
  name: string;
  /** Relative to the repository root, with `/`. */
  dir: string;
  layer: Layer;
}

export interface Violation {
  /** The file (relative to the root) that holds the dependency. */
  file: string;
  from: string;
  to: string;
  /** What names the dependency: the import specifier or `dependencies: @zhanqian/x`. */
  via: string;
  rule: 'package → app' | 'app → app';
}

const TOOLS = new Set(['bench']);
const SOURCE = /\.(?:[cm]?[jt]sx?)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'coverage', '.turbo']);
const DEP_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

const posix = (p: string) => p.split(sep).join('/');

export function layerOf(dir: string): Layer {
  if (dir.startsWith('apps/')) return 'app';
  if (TOOLS.has(dir)) return 'tool';
  return 'package';
}

/** The workspaces named by pnpm-workspace.yaml (`dir` or `dir/*` entries). */
export function listWorkspaces(root: string): Workspace[] {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const globs: string[] = [];
  let inPackages = false;
  for (const line of yaml.split('\n')) {
    if (/^packages:\s*$/.test(line)) {
      inPackages = true;
      continue;
    }
    if (inPackages) {
      const m = /^\s+-\s+['"]?([^'"#\s]+)['"]?/.exec(line);
      if (m) globs.push(m[1]!);
      else if (/^\S/.test(line)) inPackages = false;
    }
  }
  const dirs: string[] = [];
  for (const g of globs) {
    if (g.endsWith('/*')) {
      const base = g.slice(0, -2);
      if (!existsSync(join(root, base))) continue;
      for (const d of readdirSync(join(root, base)).sort())
        if (existsSync(join(root, base, d, 'package.json'))) dirs.push(`${base}/${d}`);
    } else if (existsSync(join(root, g, 'package.json'))) dirs.push(g);
  }
  return dirs.map((dir) => ({
    dir,
    name: (JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as { name: string }).name,
    layer: layerOf(dir),
  }));
}

/** The module specifiers a source file names (comments are not stripped: a commented import counts). */
export function importSpecifiers(source: string): string[] {
  const out: string[] = [];
  const patterns = [
    // import x from '…', import type { X } from '…', export { x } from '…', export * from '…'
    /\b(?:import|export)\s+(?:type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"\n]+)['"]/g,
    // import '…' (side effect)
    /\bimport\s*['"]([^'"\n]+)['"]/g,
    // import('…'), require('…'), vi.mock('…')
    /\b(?:import|require|mock)\s*\(\s*['"`]([^'"`\n]+)['"`]\s*[,)]/g,
    // type-level: import('…').X in a type position is covered above; /// <reference path="…" />
    /\/\/\/\s*<reference\s+(?:path|types)\s*=\s*['"]([^'"\n]+)['"]/g,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) out.push(m[1]!);
  return out;
}

function walk(dir: string, files: string[]) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir)) {
    if (SKIP_DIRS.has(entry)) continue;
    const p = join(dir, entry);
    const st = statSync(p);
    if (st.isDirectory()) walk(p, files);
    else if (SOURCE.test(entry) && !entry.endsWith('.d.ts.map')) files.push(p);
  }
}

/** A workspace's files to check: src/, test/ and the config files at its root. */
function sourceFiles(root: string, ws: Workspace): string[] {
  const base = join(root, ws.dir);
  const files: string[] = [];
  for (const sub of readdirSync(base)) {
    if (SKIP_DIRS.has(sub)) continue;
    const p = join(base, sub);
    if (statSync(p).isDirectory()) walk(p, files);
    else if (SOURCE.test(sub)) files.push(p);
  }
  return files;
}

function ruleFor(from: Workspace, to: Workspace): Violation['rule'] | null {
  if (from.dir === to.dir || to.layer !== 'app' || from.layer === 'tool') return null;
  return from.layer === 'app' ? 'app → app' : 'package → app';
}

/** Every dependency in `root` that runs against the layers; empty when the layers hold. */
export function findViolations(root: string): Violation[] {
  const workspaces = listWorkspaces(root);
  const byName = new Map(workspaces.map((w) => [w.name, w]));
  // Longest directory first, so apps/api-x is not taken for apps/api.
  const byDir = [...workspaces].sort((a, b) => b.dir.length - a.dir.length);
  const owner = (abs: string) => {
    const rel = posix(relative(root, abs));
    return byDir.find((w) => rel === w.dir || rel.startsWith(`${w.dir}/`));
  };
  const target = (spec: string, fromFile: string): Workspace | undefined => {
    if (spec.startsWith('.') || spec.startsWith('/')) return owner(resolve(dirname(fromFile), spec));
    const m = /^(@[^/]+\/[^/]+|[^@/][^/]*)/.exec(spec);
    return m ? byName.get(m[1]!) : undefined;
  };

  const violations: Violation[] = [];
  const add = (file: string, from: Workspace, to: Workspace | undefined, via: string) => {
    if (!to) return;
    const rule = ruleFor(from, to);
    if (rule) violations.push({ file: posix(relative(root, file)), from: from.name, to: to.name, via, rule });
  };

  for (const ws of workspaces) {
    const manifestPath = join(root, ws.dir, 'package.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
    for (const field of DEP_FIELDS) {
      const deps = (manifest[field] ?? {}) as Record<string, string>;
      for (const dep of Object.keys(deps)) add(manifestPath, ws, byName.get(dep), `${field}: ${dep}`);
    }

    const tsconfigPath = join(root, ws.dir, 'tsconfig.json');
    if (existsSync(tsconfigPath)) {
      const text = readFileSync(tsconfigPath, 'utf8');
      const config = JSON.parse(text.replace(/^\s*\/\/.*$/gm, '')) as {
        extends?: string | string[];
        references?: { path: string }[];
      };
      const ext = config.extends === undefined ? [] : [config.extends].flat();
      for (const e of ext) add(tsconfigPath, ws, target(e, tsconfigPath), `extends: ${e}`);
      for (const r of config.references ?? [])
        add(tsconfigPath, ws, target(r.path, tsconfigPath), `references: ${r.path}`);
    }

    for (const file of sourceFiles(root, ws))
      for (const spec of importSpecifiers(readFileSync(file, 'utf8')))
        add(file, ws, target(spec, file), spec);
  }
  return violations;
}

export const describeViolation = (v: Violation) =>
  `${v.rule}: ${v.file} (${v.from}) → ${v.to} via '${v.via}'`;
