import type { ScreenModule } from '@zhanqian/ui/modules';
import { lazy } from 'react';

/** 千分制考核 — the member app's phone screens: the unit reporter's form. */
export const scoringMember: ScreenModule = {
  key: 'scoring',
  label: { 'zh-CN': '千分制考核', en: 'Thousand-point appraisal' },
  anyPermission: ['scoring.report'],
  routes: [
    {
      path: 'report',
      label: { 'zh-CN': '千分制指标填报', en: 'Report appraisal indicators' },
      page: lazy(() => import('./ReportListPage.tsx')),
    },
    {
      path: 'report/:indicatorId',
      menu: false,
      label: { 'zh-CN': '填报指标', en: 'Report an indicator' },
      page: lazy(() => import('./ReportFormPage.tsx')),
    },
  ],
};
