import type { ScreenModule } from '@zhanqian/ui/modules';

/** The domains' phone screens, each from its own package (@zhanqian/<domain>-ui/member), lazy per route. */
export const domainModules: ScreenModule[] = [];
