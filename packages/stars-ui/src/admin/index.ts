import type { ScreenModule } from '@zhanqian/ui/modules';

/** 星级管理 — the admin console's screens (filled in by the domain's screens task). */
export const starsAdmin: ScreenModule = {
  key: 'stars',
  label: { 'zh-CN': '星级管理', en: 'Star-level management' },
  anyPermission: ["stars.read", "stars.manage", "stars.rate"],
  routes: [],
};
