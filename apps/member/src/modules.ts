import { cadresMember } from '@zhanqian/cadres-ui/member';
import { scoringMember } from '@zhanqian/scoring-ui/member';
import { starsMember } from '@zhanqian/stars-ui/member';
import { talentMember } from '@zhanqian/talent-ui/member';
import type { ScreenModule } from '@zhanqian/ui/modules';

/** The domains' phone screens, each from its own package (@zhanqian/<domain>-ui/member), lazy per route. */
export const domainModules: ScreenModule[] = [starsMember, scoringMember, talentMember, cadresMember].filter(
  (m) => m.routes.length > 0,
);
