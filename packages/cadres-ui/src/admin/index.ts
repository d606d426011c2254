import type { ScreenModule } from '@zhanqian/ui/modules';

/** 干部工作 — the admin console's screens (filled in by the domain's screens task). */
export const cadresAdmin: ScreenModule = {
  key: 'cadres',
  label: { 'zh-CN': '干部工作', en: 'Cadres' },
  anyPermission: ["cadres.read", "cadres.manage"],
  routes: [],
};
