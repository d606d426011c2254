import type { ScreenModule } from '@zhanqian/ui/modules';

/** 千分制考核 — the admin console's screens (filled in by the domain's screens task). */
export const scoringAdmin: ScreenModule = {
  key: 'scoring',
  label: { 'zh-CN': '千分制考核', en: 'Thousand-point appraisal' },
  anyPermission: ["scoring.read", "scoring.manage", "scoring.review", "scoring.report"],
  routes: [],
};
