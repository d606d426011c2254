import type { ScreenModule } from '@zhanqian/ui/modules';
import { lazy } from 'react';

/** 人才工作 — the talent office's console: registry, subsidies, the special fund, the biennial selection. */
export const talentAdmin: ScreenModule = {
  key: 'talent',
  label: { 'zh-CN': '人才工作', en: 'Talent' },
  anyPermission: ['talent.read', 'talent.manage'],
  routes: [
    {
      path: '',
      label: { 'zh-CN': '人才库', en: 'Talent registry' },
      page: lazy(() => import('./RegistryPage.tsx')),
    },
    {
      path: 'applications',
      label: { 'zh-CN': '补贴申请', en: 'Subsidy applications' },
      page: lazy(() => import('./ApplicationsPage.tsx')),
    },
    {
      path: 'fund',
      label: { 'zh-CN': '专项资金', en: 'Talent fund' },
      page: lazy(() => import('./FundPage.tsx')),
    },
    {
      path: 'awards',
      label: { 'zh-CN': '优秀人才评选', en: 'Excellent-talent selection' },
      page: lazy(() => import('./AwardsPage.tsx')),
    },
  ],
};
