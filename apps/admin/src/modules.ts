import type { ScreenModule } from '@zhanqian/ui/modules';

/**
 * The domains' admin screens, each from its own package (@zhanqian/<domain>-ui/admin).
 * A module's pages are lazy: adding one here costs the first load nothing.
 */
export const domainModules: ScreenModule[] = [];
