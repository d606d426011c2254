import { cadresAdmin } from '@zhanqian/cadres-ui/admin';
import { scoringAdmin } from '@zhanqian/scoring-ui/admin';
import { starsAdmin } from '@zhanqian/stars-ui/admin';
import { talentAdmin } from '@zhanqian/talent-ui/admin';
import type { ScreenModule } from '@zhanqian/ui/modules';

/**
 * The domains' admin screens, each from its own package (@zhanqian/<domain>-ui/admin).
 * A module's pages are lazy: adding one here costs the first load nothing.
 */
export const domainModules: ScreenModule[] = [scoringAdmin, starsAdmin, talentAdmin, cadresAdmin].filter(
  (m) => m.routes.length > 0,
);
