import type { Permission, Principal } from '@zhanqian/auth';
import { MANAGES_APPRAISAL } from '@zhanqian/scoring';

/**
 * The queries whose answers the API keeps in memory and shares (issue #20): the published
 * rankings, the star certification views and statistics (immutable per snapshot version), and a
 * member's home (`auth.me`) and inbox (their own, until they change).
 *
 * An answer is shared only among callers with the same **audience**: everything about the caller
 * that the procedure's permission, scope and visibility rules read. Two callers of one audience,
 * with the same raw input, get the same answer from the procedure, so the one computed for the
 * first can be sent to the second. A caller the procedure would refuse has no audience (null) and
 * always goes the full way (the refusal is then made, and audited, by the procedure itself);
 * refusals and errors are never kept.
 *
 * **tags** name the changes (see @zhanqian/db changes.ts) that drop an answer: its area's version
 * switch (`scoring`, `stars`), the org tree (scopes), the member roll, the caller's account or inbox.
 * **version** is the area whose current version goes into the ETag (answers of snapshots only:
 * the personal ones are not validated by the browser, so they never sit in its cache).
 */
export interface SharedRead {
  audience(p: Principal): string | null;
  tags(p: Principal): string[];
  version: 'scoring' | 'stars' | null;
}

const has = (p: Principal, permission: Permission) => p.permissions.has(permission);

/** Scoring results: the reader's scope, and whether they see provisional results (the assessment office). */
const scoringResults: SharedRead = {
  audience: (p) =>
    has(p, 'scoring.read') ? `scope:${p.scopeRootId}:provisional:${has(p, MANAGES_APPRAISAL) ? 1 : 0}` : null,
  tags: () => ['scoring', 'org'],
  version: 'scoring',
};

/** Star statistics and trends: not for the member role (their own account), else the reader's scope. */
const starAggregates: SharedRead = {
  audience: (p) => (has(p, 'stars.read') && p.role !== 'member' ? `scope:${p.scopeRootId}` : null),
  tags: () => ['stars', 'org', 'member'],
  version: 'stars',
};

/** One entity's certification: a member sees only their own (by member id), anyone else by scope. */
const starCertification: SharedRead = {
  audience: (p) =>
    !has(p, 'stars.read') ? null : p.role === 'member' ? `member:${p.memberId}` : `scope:${p.scopeRootId}`,
  tags: () => ['stars', 'org', 'member'],
  version: 'stars',
};

export const SHARED_READS: Readonly<Record<string, SharedRead>> = {
  'scoring.results.rankings': scoringResults,
  'scoring.results.bottomTwo': scoringResults,
  'scoring.results.keyAdjustment': scoringResults,
  'stars.stats': starAggregates,
  'stars.trend': starAggregates,
  'stars.explain': starCertification,
  // Personal: one user's own answer, dropped when their account, unit tree, roll entry or inbox changes.
  'auth.me': {
    audience: (p) => `user:${p.userId}`,
    tags: (p) => [`user:${p.userId}`, 'org', 'member'],
    version: null,
  },
  'inbox.list': {
    audience: (p) => `user:${p.userId}:unit:${p.orgUnitId}`,
    tags: (p) => [`user:${p.userId}`, `inbox:u:${p.userId}`, `inbox:o:${p.orgUnitId}`],
    version: null,
  },
};
