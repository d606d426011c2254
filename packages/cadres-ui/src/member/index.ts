import type { ScreenModule } from '@zhanqian/ui/modules';
import { lazy } from 'react';

/** 干部工作 — the member app's phone screens: self-nomination for an open post, following the campaign. */
export const cadresMember: ScreenModule = {
  key: 'cadres',
  label: { 'zh-CN': '干部工作', en: 'Cadres' },
  anyPermission: ['cadres.selfNominate'],
  routes: [
    {
      path: '',
      label: { 'zh-CN': '干部自荐与选拔进度', en: 'Self-nomination and campaigns' },
      page: lazy(() => import('./pages.ts').then((m) => ({ default: m.PostsPage }))),
    },
    {
      path: 'nominate/:vacancyId',
      label: { 'zh-CN': '我要自荐', en: 'Nominate myself' },
      menu: false,
      page: lazy(() => import('./pages.ts').then((m) => ({ default: m.NominatePage }))),
    },
    {
      path: 'campaign/:id',
      label: { 'zh-CN': '选拔进度', en: 'Campaign progress' },
      menu: false,
      page: lazy(() => import('./pages.ts').then((m) => ({ default: m.CampaignPage }))),
    },
  ],
};
