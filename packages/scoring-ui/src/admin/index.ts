import type { ScreenModule } from '@zhanqian/ui/modules';
import { lazy } from 'react';

/** 千分制考核 — the admin console's screens (pages load lazily on their route). */
export const scoringAdmin: ScreenModule = {
  key: 'scoring',
  label: { 'zh-CN': '千分制考核', en: 'Thousand-point appraisal' },
  anyPermission: ['scoring.read', 'scoring.manage', 'scoring.review', 'scoring.report'],
  routes: [
    {
      path: '',
      menu: false,
      label: { 'zh-CN': '千分制考核', en: 'Appraisal' },
      page: lazy(() => import('./IndexPage.tsx')),
    },
    {
      path: 'scheme',
      label: { 'zh-CN': '考核方案', en: 'Scheme' },
      page: lazy(() => import('./SchemePage.tsx')),
    },
    {
      path: 'report',
      label: { 'zh-CN': '指标填报', en: 'Report indicators' },
      page: lazy(() => import('./ReportPage.tsx')),
    },
    {
      path: 'review',
      label: { 'zh-CN': '上报审核', en: 'Review reports' },
      page: lazy(() => import('./ReviewPage.tsx')),
    },
    {
      path: 'rankings',
      label: { 'zh-CN': '考核排名', en: 'Rankings' },
      page: lazy(() => import('./RankingsPage.tsx')),
    },
    {
      path: 'lists',
      label: { 'zh-CN': '后两位与重点调整', en: 'Bottom two & adjustment' },
      page: lazy(() => import('./ListsPage.tsx')),
    },
    {
      path: 'objections',
      label: { 'zh-CN': '结果异议', en: 'Objections' },
      page: lazy(() => import('./ObjectionsPage.tsx')),
    },
    {
      path: 'awards',
      label: { 'zh-CN': '考核奖励', en: 'Awards' },
      page: lazy(() => import('./AwardsPage.tsx')),
    },
  ],
};
