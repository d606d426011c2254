import type { ComponentType, LazyExoticComponent } from 'react';

/**
 * The microfrontend contract. Each domain's screens live in their own workspace package
 * (e.g. @zhanqian/scoring-ui) with an `admin` and a `member` entry exporting a module like
 * this. Each package is built as a Module Federation remote (tooling/mf) and loaded by the
 * shells at run time: the menu comes from the module's metadata in the server's manifest
 * (GET /mf/manifest.json), the pages from the remote once its area is opened (./remotes.tsx).
 */
export interface ScreenRouteMeta {
  /** Relative to the module's base path, '' for its index. */
  path: string;
  label: { 'zh-CN': string; en: string };
  /** Shown in the menu (false for detail pages reached by links). */
  menu?: boolean;
  /**
   * The user needs any of these to see the route in the menu (default: the module's). Set it
   * to the permissions of the procedures the page calls, so no menu entry leads to 无权访问.
   */
  anyPermission?: string[];
}

export interface ScreenRoute extends ScreenRouteMeta {
  page: LazyExoticComponent<ComponentType>;
}

/** A module without its pages: what a remote's build writes to zq-remote.json for the menus. */
export interface ScreenModuleMeta<R extends ScreenRouteMeta = ScreenRouteMeta> {
  /** URL segment and menu key, e.g. 'scoring'. */
  key: string;
  label: { 'zh-CN': string; en: string };
  /** The user needs any of these permissions (from auth.me) to see the module. */
  anyPermission: string[];
  routes: R[];
}

export interface ScreenModule extends ScreenModuleMeta<ScreenRoute> {}

export const visibleModules = <M extends ScreenModuleMeta<ScreenRouteMeta>>(
  modules: M[],
  permissions: readonly string[],
) => modules.filter((m) => m.anyPermission.some((p) => permissions.includes(p)));

/**
 * Whether a user may open a route of a module: they hold one of the module's permissions and
 * one of the route's (default: the module's). The menu shows these routes, the route guard
 * answers 无权访问 for the others.
 *
 * @example mayOpenRoute(scoringAdmin, awardsRoute, ['scoring.review']) // false (needs scoring.manage)
 */
export const mayOpenRoute = <R extends ScreenRouteMeta>(
  module: ScreenModuleMeta<R>,
  route: R,
  permissions: readonly string[],
) =>
  module.anyPermission.some((p) => permissions.includes(p)) &&
  (route.anyPermission ?? module.anyPermission).some((p) => permissions.includes(p));

/**
 * A module's menu entries for a user: routes shown in the menu whose permissions they hold.
 *
 * @example menuRoutes(scoringAdmin, ['scoring.read']) // rankings yes, the reports import (scoring.manage) no
 */
export const menuRoutes = <R extends ScreenRouteMeta>(
  module: ScreenModuleMeta<R>,
  permissions: readonly string[],
) => module.routes.filter((r) => r.menu !== false && mayOpenRoute(module, r, permissions));
