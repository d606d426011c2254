import type { ScreenModule } from '@zhanqian/ui/modules';
import { lazy } from 'react';

/**
 * 千分制考核 — the admin console's screens (pages load lazily on their route). Each route names
 * the permissions of the procedures its page reads, so the menu shows no entry that would
 * answer 无权访问 (scoring.manage holders also hold scoring.read).
 */
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
      anyPermission: ['scoring.read', 'scoring.report', 'scoring.review'],
      label: { 'zh-CN': '考核方案', en: 'Scheme' },
      page: lazy(() => import('./SchemePage.tsx')),
    },
    {
      path: 'report',
      anyPermission: ['scoring.report'],
      label: { 'zh-CN': '指标填报', en: 'Report indicators' },
      page: lazy(() => import('./ReportPage.tsx')),
    },
    {
      path: 'review',
      anyPermission: ['scoring.review'],
      label: { 'zh-CN': '上报审核', en: 'Review reports' },
      page: lazy(() => import('./ReviewPage.tsx')),
    },
    {
      path: 'rankings',
      anyPermission: ['scoring.read'],
      label: { 'zh-CN': '考核排名', en: 'Rankings' },
      page: lazy(() => import('./RankingsPage.tsx')),
    },
    {
      path: 'lists',
      anyPermission: ['scoring.read'],
      label: { 'zh-CN': '后两位与重点调整', en: 'Bottom two & adjustment' },
      page: lazy(() => import('./ListsPage.tsx')),
    },
    {
      path: 'objections',
      anyPermission: ['scoring.read', 'scoring.report'],
      label: { 'zh-CN': '结果异议', en: 'Objections' },
      page: lazy(() => import('./ObjectionsPage.tsx')),
    },
    {
      path: 'awards',
      anyPermission: ['scoring.manage'],
      label: { 'zh-CN': '考核奖励', en: 'Awards' },
      page: lazy(() => import('./AwardsPage.tsx')),
    },
    {
      path: 'history-import',
      anyPermission: ['scoring.manage'],
      label: { 'zh-CN': '历年结果导入', en: 'Import past results' },
      page: lazy(() => import('./HistoryImportPage.tsx')),
    },
    {
      path: 'reports-import',
      anyPermission: ['scoring.manage'],
      label: { 'zh-CN': '指标数据批量导入', en: 'Import indicator data' },
      page: lazy(() => import('./ReportsImportPage.tsx')),
    },
  ],
};
