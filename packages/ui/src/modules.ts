import type { ComponentType, LazyExoticComponent } from 'react';

/**
 * The microfrontend contract. Each domain's screens live in their own workspace package
 * (e.g. @zhanqian/scoring-ui) with an `admin` and a `member` entry exporting a module like
 * this; the shells list the modules and load each page lazily on its route, so a domain's
 * screens change and are tested without touching the shell or another domain.
 */
export interface ScreenRoute {
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
  page: LazyExoticComponent<ComponentType>;
}

export interface ScreenModule {
  /** URL segment and menu key, e.g. 'scoring'. */
  key: string;
  label: { 'zh-CN': string; en: string };
  /** The user needs any of these permissions (from auth.me) to see the module. */
  anyPermission: string[];
  routes: ScreenRoute[];
}

export const visibleModules = (modules: ScreenModule[], permissions: readonly string[]) =>
  modules.filter((m) => m.anyPermission.some((p) => permissions.includes(p)));

/**
 * A module's menu entries for a user: routes shown in the menu whose permissions they hold.
 *
 * @example menuRoutes(scoringAdmin, ['scoring.read']) // rankings yes, the reports import (scoring.manage) no
 */
export const menuRoutes = (module: ScreenModule, permissions: readonly string[]) =>
  module.routes.filter(
    (r) => r.menu !== false && (r.anyPermission ?? module.anyPermission).some((p) => permissions.includes(p)),
  );
