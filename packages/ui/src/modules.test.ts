import { lazy } from 'react';
import { describe, expect, it } from 'vitest';
import { menuRoutes, type ScreenModule } from './modules.ts';

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
