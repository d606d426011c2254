import type { ScreenModule } from '@zhanqian/ui/modules';

/** 星级管理 — the member app's phone screens (filled in by the domain's screens task). */
export const starsMember: ScreenModule = {
  key: 'stars',
  label: { 'zh-CN': '星级管理', en: 'Star-level management' },
  anyPermission: ["stars.read", "stars.rate"],
  routes: [],
};
