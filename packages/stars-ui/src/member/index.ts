import type { ScreenModule } from '@zhanqian/ui/modules';
import { lazy } from 'react';

// The strings are added by each page (../setup.ts): this entry is evaluated before the shell
// initializes i18next, and i18next.addResources does not exist before init.

/** 星级管理 — the member app's phone screens; one entry on the home page, the rest reached from it. */
export const starsMember: ScreenModule = {
  key: 'stars',
  label: { 'zh-CN': '星级评定', en: 'Stars' },
  anyPermission: ['stars.read', 'stars.rate'],
  routes: [
    {
      path: '',
      label: { 'zh-CN': '星级评定', en: 'Stars' },
      page: lazy(() => import('./HubPage.tsx')),
    },
    {
      path: 'rate/household',
      menu: false,
      label: { 'zh-CN': '为住户评星', en: 'Rate households' },
      page: lazy(() => import('./RatePage.tsx').then((m) => ({ default: m.RateHouseholds }))),
    },
    {
      path: 'rate/member',
      menu: false,
      label: { 'zh-CN': '为党员评星', en: 'Rate members' },
      page: lazy(() => import('./RatePage.tsx').then((m) => ({ default: m.RateMembers }))),
    },
    {
      path: 'mine',
      menu: false,
      label: { 'zh-CN': '我的星级', en: 'My stars' },
      page: lazy(() => import('./MinePage.tsx')),
    },
  ],
};
