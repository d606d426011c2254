import type { ScreenModule } from '@zhanqian/ui/modules';
import { lazy } from 'react';

/** 干部工作 — the cadre section's (干部科) screens in the admin console; every page loads lazily. */
export const cadresAdmin: ScreenModule = {
  key: 'cadres',
  label: { 'zh-CN': '干部工作', en: 'Cadres' },
  anyPermission: ['cadres.read', 'cadres.manage'],
  routes: [
    {
      path: '',
      label: { 'zh-CN': '干部档案', en: 'Cadre files' },
      page: lazy(() => import('./FilesPage.tsx')),
    },
    {
      path: 'files/:id',
      label: { 'zh-CN': '干部档案详情', en: 'Cadre file' },
      menu: false,
      page: lazy(() => import('./FileDetailPage.tsx')),
    },
    {
      path: 'nominations',
      label: { 'zh-CN': '干部推荐', en: 'Nominations' },
      page: lazy(() => import('./NominationsPage.tsx')),
    },
    {
      path: 'campaigns',
      label: { 'zh-CN': '选拔工作', en: 'Selection campaigns' },
      page: lazy(() => import('./CampaignsPage.tsx')),
    },
    {
      path: 'campaigns/:id',
      label: { 'zh-CN': '选拔详情', en: 'Campaign' },
      menu: false,
      page: lazy(() => import('./CampaignDetailPage.tsx')),
    },
    {
      path: 'rotation',
      label: { 'zh-CN': '轮岗交流', en: 'Rotation & exchange' },
      page: lazy(() => import('./RotationPage.tsx')),
    },
  ],
};
