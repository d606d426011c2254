import type { ScreenModule } from '@zhanqian/ui/modules';
import { lazy } from 'react';

/** 人才工作 — a talent applies for a one-time subsidy on the phone and follows it. */
export const talentMember: ScreenModule = {
  key: 'talent',
  label: { 'zh-CN': '人才工作', en: 'Talent' },
  anyPermission: ['talent.apply'],
  routes: [
    {
      path: '',
      label: { 'zh-CN': '人才补贴申请', en: 'Talent subsidies' },
      page: lazy(() => import('./MySubsidiesPage.tsx')),
    },
  ],
};
