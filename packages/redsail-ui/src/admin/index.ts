import type { ScreenModule } from '@zhanqian/ui/modules';
import { lazy } from 'react';

/**
 * 红帆引航 — the 非公党工委's console: coverage of the non-public enterprises, leaders' contact
 * points, demonstration points, area work stations and the commercial street, the innovation
 * competition. Each route names the permissions of the procedures its page reads, so no menu
 * entry answers 无权访问 (a street reads its own area's figures, writes none).
 */
export const redsailAdmin: ScreenModule = {
  key: 'redsail',
  label: { 'zh-CN': '红帆引航', en: 'Red Sail' },
  anyPermission: ['redsail.read', 'redsail.manage'],
  routes: [
    {
      path: '',
      anyPermission: ['redsail.read'],
      label: { 'zh-CN': '工作概览', en: 'Overview' },
      page: lazy(() => import('./HomePage.tsx')),
    },
    {
      path: 'enterprises',
      anyPermission: ['redsail.read'],
      label: { 'zh-CN': '两新组织名录', en: 'Enterprise registry' },
      page: lazy(() => import('./EnterprisesPage.tsx')),
    },
    {
      path: 'contacts',
      anyPermission: ['redsail.read'],
      label: { 'zh-CN': '联系点与走访', en: 'Contact points & visits' },
      page: lazy(() => import('./ContactsPage.tsx')),
    },
    {
      path: 'demonstrations',
      anyPermission: ['redsail.read'],
      label: { 'zh-CN': '红色示范点', en: 'Demonstration points' },
      page: lazy(() => import('./DemonstrationsPage.tsx')),
    },
    {
      path: 'stations',
      anyPermission: ['redsail.read'],
      label: { 'zh-CN': '片区工作站与商业街', en: 'Work stations & street' },
      page: lazy(() => import('./StationsPage.tsx')),
    },
    {
      path: 'activities',
      anyPermission: ['redsail.read'],
      label: { 'zh-CN': '站点活动', en: 'Station activities' },
      page: lazy(() => import('./ActivitiesPage.tsx')),
    },
    {
      path: 'competition',
      anyPermission: ['redsail.read'],
      label: { 'zh-CN': '创新项目大赛', en: 'Innovation competition' },
      page: lazy(() => import('./CompetitionPage.tsx')),
    },
  ],
};
