import type { ScreenModule } from '@zhanqian/ui/modules';

/** 人才工作 — the admin console's screens (filled in by the domain's screens task). */
export const talentAdmin: ScreenModule = {
  key: 'talent',
  label: { 'zh-CN': '人才工作', en: 'Talent' },
  anyPermission: ["talent.read", "talent.manage"],
  routes: [],
};
