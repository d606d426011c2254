import type { ScreenModule } from '@zhanqian/ui/modules';
import { lazy } from 'react';

/** 红帆引航 — a member of an enterprise's branch sees their area work station's activities and signs in. */
export const redsailMember: ScreenModule = {
  key: 'redsail',
  label: { 'zh-CN': '红帆引航', en: 'Red Sail' },
  anyPermission: ['redsail.signIn'],
  routes: [
    {
      path: '',
      label: { 'zh-CN': '站点活动签到', en: 'Station activities' },
      page: lazy(() => import('./ActivitiesPage.tsx')),
    },
  ],
};
