// Tables of star-level management (星级管理). Column conventions: see ../schema.ts.
import type { Generated } from 'kysely';

/** The four rated levels of the tree (户 → 党员 → 党支部 → 社区党委). */
export type StarLevel = 'household' | 'member' | 'branch' | 'committee';

/** Per-year settings: the 80% rule as an integer fraction, the empty-children policy, bonuses (fen). */
export interface StarConfigTable {
  year: number;
  threshold_num: number;
  threshold_den: number;
  /** 1: an entity without children passes the share rule; 0 (default): it fails with reason 'empty'. */
  empty_passes: number;
  bonus_household_fen: number;
  bonus_member_fen: number;
  bonus_branch_fen: number;
  bonus_committee_fen: number;
  budget_fen: number;
  updated_at: string;
}

/** Ten criteria per level per year, positions 1–10. */
export interface StarCriterionTable {
  year: number;
  level: StarLevel;
  position: number;
  name: string;
  description: string | null;
}

/**
 * One rating per entity per year: `met_mask` bit (position − 1) set when criterion `position`
 * is met; `stars` = number of bits set (kept for set-based aggregation). `entity_id` is a
 * household id, member id, or org_unit id (branch / committee).
 */
export interface StarRatingTable {
  year: number;
  level: StarLevel;
  entity_id: number;
  met_mask: number;
  stars: number;
  rated_by: number | null;
  rated_at: string;
}

/** One full recomputation of a year, with the policy it applied. */
export interface StarSnapshotTable {
  id: Generated<number>;
  year: number;
  threshold_num: number;
  threshold_den: number;
  empty_passes: number;
  created_at: string;
}

/** The snapshot readers use for a year; `revision` counts incremental updates applied to it. */
export interface StarCurrentTable {
  year: number;
  snapshot_id: number | null;
  revision: number;
  computed_at: string;
}

/**
 * Certification of members, branches and committees in one snapshot (households are ten-star
 * exactly when their rating has 10 stars). `reason`: null when certified, else 'own' (own
 * stars below 10), 'empty' (no children, policy fails) or 'share' (ten-star children below the
 * threshold).
 */
export interface StarResultTable {
  snapshot_id: number;
  level: Exclude<StarLevel, 'household'>;
  entity_id: number;
  parent_id: number;
  own_stars: number;
  own_mask: number;
  children_total: number;
  children_ten: number;
  ten_star: number;
  reason: 'own' | 'empty' | 'share' | null;
}

export interface StarsTables {
  star_config: StarConfigTable;
  star_criterion: StarCriterionTable;
  star_rating: StarRatingTable;
  star_snapshot: StarSnapshotTable;
  star_current: StarCurrentTable;
  star_result: StarResultTable;
}
