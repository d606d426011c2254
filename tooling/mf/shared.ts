import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The libraries the shells share with the domains' remotes (Module Federation singletons): one
 * instance on the page, provided by the shell. A remote brings none of them (`import: false`), so
 * React, antd, the router, react-query and i18next are downloaded once, and the contexts they
 * hold (the shell's ConfigProvider, QueryClient, router, i18n) reach the remotes' screens. Every
 * entry of @zhanqian/ui is shared as well (uiEntries): the tRPC client (`api` of
 * @zhanqian/ui/trpc), the i18n instance, the formats and status pages are the shell's.
 *
 * Icons (@ant-design/icons, antd-mobile-icons) are not shared: a remote bundles the few it draws.
 * Nor is @trpc/client itself: the remotes call the shell's client through @zhanqian/ui/trpc.
 */
export const SHARED_LIBRARIES = [
  'react',
  'react/jsx-runtime',
  'react-dom',
  'react-router',
  '@tanstack/react-query',
  'i18next',
  'react-i18next',
  'antd',
  'antd-mobile',
] as const;

/** The shells' own entries of @zhanqian/ui, never lent to a remote. */
const SHELL_ONLY = new Set(['@zhanqian/ui/remotes', '@zhanqian/ui/mf-runtime']);

/** The repository root (where pnpm-workspace.yaml is), from any folder in it. */
export function repoRoot(from: string): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no pnpm-workspace.yaml above ${from}`);
  }
}

/** Every entry of @zhanqian/ui (its package.json exports) the shells lend the remotes. */
export function uiEntries(root: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'packages/ui/package.json'), 'utf8')) as {
    exports: Record<string, string>;
  };
  return Object.keys(pkg.exports)
    .map((k) => (k === '.' ? '@zhanqian/ui' : `@zhanqian/ui/${k.replace(/^\.\//, '')}`))
    .filter((k) => !SHELL_ONLY.has(k))
    .sort();
}

/** All shared keys: the libraries and @zhanqian/ui's entries. */
export const sharedKeys = (root: string): string[] => [...SHARED_LIBRARIES, ...uiEntries(root)];

export type SharedLibrary = (typeof SHARED_LIBRARIES)[number];

/**
 * The part of a shared library the shells lend, where it is not all of it. react-router is one
 * module: lending all its exports would put the whole of it (data APIs, server rendering …) in
 * the shells' first load; the remotes get the API of screens. A remote's build fails when it
 * imports a name not listed here (tooling/mf/remote.ts), so nothing is found missing at run time.
 */
export const SHARED_EXPORTS: Partial<Record<SharedLibrary, readonly string[]>> = {
  'react-router': [
    'Link',
    'NavLink',
    'Navigate',
    'Outlet',
    'Route',
    'Routes',
    'createSearchParams',
    'generatePath',
    'isRouteErrorResponse',
    'matchPath',
    'resolvePath',
    'useBeforeUnload',
    'useBlocker',
    'useHref',
    'useInRouterContext',
    'useLocation',
    'useMatch',
    'useNavigate',
    'useNavigationType',
    'useOutletContext',
    'useParams',
    'useResolvedPath',
    'useSearchParams',
  ],
};

/** The npm package a shared key comes from: `react/jsx-runtime` → `react`, `@zhanqian/ui/trpc` → `@zhanqian/ui`. */
export function packageOf(key: string): string {
  const parts = key.split('/');
  return key.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** The Module Federation container name of a domain's remote, e.g. `zq_stars`. */
export const containerName = (domain: string) => `zq_${domain.replace(/-/g, '_')}`;

/** The domains whose screens are remotes (packages/<domain>-ui). */
export const DOMAINS = ['scoring', 'stars', 'talent', 'cadres', 'redsail'] as const;
