import type { ScreenModule } from '@zhanqian/ui/modules';
import { lazy } from 'react';

/** 干部工作 — the member app's phone screens: self-nomination for an open post, following the campaign, the 公推直选 ballot. */
export const cadresMember: ScreenModule = {
  key: 'cadres',
  label: { 'zh-CN': '干部工作', en: 'Cadres' },
  anyPermission: ['cadres.selfNominate', 'cadres.vote'],
  routes: [
    {
      path: '',
      label: { 'zh-CN': '干部自荐与选拔进度', en: 'Self-nomination and campaigns' },
      anyPermission: ['cadres.selfNominate'],
      page: lazy(() => import('./pages.ts').then((m) => ({ default: m.PostsPage }))),
    },
    {
      path: 'votes',
      label: { 'zh-CN': '公推直选投票', en: 'Direct election' },
      anyPermission: ['cadres.vote'],
      page: lazy(() => import('./pages.ts').then((m) => ({ default: m.VotesPage }))),
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
