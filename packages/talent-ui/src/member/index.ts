import type { ScreenModule } from '@zhanqian/ui/modules';

/** 人才工作 — the member app's phone screens (filled in by the domain's screens task). */
export const talentMember: ScreenModule = {
  key: 'talent',
  label: { 'zh-CN': '人才工作', en: 'Talent' },
  anyPermission: ["talent.apply"],
  routes: [],
};
