import type { ScreenModule } from '@zhanqian/ui/modules';

/** 千分制考核 — the member app's phone screens (filled in by the domain's screens task). */
export const scoringMember: ScreenModule = {
  key: 'scoring',
  label: { 'zh-CN': '千分制考核', en: 'Thousand-point appraisal' },
  anyPermission: ["scoring.report", "scoring.read"],
  routes: [],
};
