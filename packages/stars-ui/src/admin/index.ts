import type { ScreenModule } from '@zhanqian/ui/modules';
import { lazy } from 'react';

// The strings are added by each page (../setup.ts): this entry is evaluated before the shell
// initializes i18next, and i18next.addResources does not exist before init.

/**
 * 星级管理 — the admin console's screens; every page loads on its route. A route names the
 * permissions of the procedures its page needs when they are narrower than the module's, so the
 * menu shows no entry that would answer 无权访问.
 */
export const starsAdmin: ScreenModule = {
  key: 'stars',
  label: { 'zh-CN': '星级管理', en: 'Star-level management' },
  anyPermission: ['stars.read', 'stars.manage', 'stars.rate'],
  routes: [
    // The module's address (/admin/stars) opens the tree; the menu links 'tree' (a submenu and
    // its first item cannot share one key).
    {
      path: '',
      menu: false,
      label: { 'zh-CN': '星级树与评星', en: 'Tree and ratings' },
      page: lazy(() => import('./TreePage.tsx')),
    },
    {
      path: 'tree',
      label: { 'zh-CN': '星级树与评星', en: 'Tree and ratings' },
      page: lazy(() => import('./TreePage.tsx')),
    },
    {
      path: 'import',
      // the template and the import need stars.rate (a reader without it gets 无权访问)
      anyPermission: ['stars.rate'],
      label: { 'zh-CN': '批量导入', en: 'Bulk import' },
      page: lazy(() => import('./ImportPage.tsx')),
    },
    {
      path: 'stats',
      label: { 'zh-CN': '统计分析', en: 'Statistics' },
      page: lazy(() => import('./StatsPage.tsx')),
    },
    {
      path: 'paylist',
      // the pay list is the bonus payer's: stars.manage (a branch secretary does not pay)
      anyPermission: ['stars.manage'],
      label: { 'zh-CN': '七一奖励名单', en: '1 July bonus list' },
      page: lazy(() => import('./PayListPage.tsx')),
    },
    {
      path: 'settings',
      label: { 'zh-CN': '标准与奖励设置', en: 'Criteria and bonuses' },
      page: lazy(() => import('./SettingsPage.tsx')),
    },
  ],
};
