import type { ScreenModule } from '@zhanqian/ui/modules';

/** 干部工作 — the member app's phone screens (filled in by the domain's screens task). */
export const cadresMember: ScreenModule = {
  key: 'cadres',
  label: { 'zh-CN': '干部工作', en: 'Cadres' },
  anyPermission: ["cadres.selfNominate"],
  routes: [],
};
