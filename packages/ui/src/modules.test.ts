import { lazy } from 'react';
import { describe, expect, it } from 'vitest';
import { mayOpenRoute, menuRoutes, type ScreenModule } from './modules.ts';

const page = lazy(async () => ({ default: () => null }));
const label = { 'zh-CN': 'x', en: 'x' };
const mod: ScreenModule = {
  key: 'm',
  label,
  anyPermission: ['m.read', 'm.manage'],
  routes: [
    { path: '', menu: false, label, page },
    { path: 'list', label, page },
    { path: 'import', label, page, anyPermission: ['m.manage'] },
  ],
};

describe('menu routes', () => {
  it('lists a route only for users holding its permission (else the module’s)', () => {
    expect(menuRoutes(mod, ['m.read']).map((r) => r.path)).toEqual(['list']);
    expect(menuRoutes(mod, ['m.manage']).map((r) => r.path)).toEqual(['list', 'import']);
    expect(menuRoutes(mod, [])).toEqual([]);
  });
});

describe('route guard', () => {
  it('opens exactly the routes the menu would list (and the menu-less ones by the module’s permissions)', () => {
    const [index, list, imp] = mod.routes as [
      ScreenModule['routes'][number],
      ScreenModule['routes'][number],
      ScreenModule['routes'][number],
    ];
    expect(mayOpenRoute(mod, index, ['m.read'])).toBe(true);
    expect(mayOpenRoute(mod, list, ['m.read'])).toBe(true);
    expect(mayOpenRoute(mod, imp, ['m.read'])).toBe(false);
    expect(mayOpenRoute(mod, imp, ['m.manage'])).toBe(true);
    expect(mayOpenRoute(mod, index, ['other'])).toBe(false);
    for (const perms of [['m.read'], ['m.manage'], [], ['other']])
      expect(menuRoutes(mod, perms)).toEqual(
        mod.routes.filter((r) => r.menu !== false && mayOpenRoute(mod, r, perms)),
      );
  });
  it('needs the module’s permission even for a route naming another', () => {
    const odd: ScreenModule = { ...mod, routes: [{ path: 'x', label, page, anyPermission: ['other'] }] };
    expect(mayOpenRoute(odd, odd.routes[0]!, ['other'])).toBe(false);
  });
});
