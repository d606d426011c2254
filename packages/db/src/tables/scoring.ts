// Tables of the thousand-point appraisal (千分制). Column conventions: see ../schema.ts.
import type { ColumnType, Generated, Selectable } from 'kysely';

export type SchemeStatus = 'draft' | 'open' | 'closed' | 'published';
export type ScoringNodeLevel = 'aspect' | 'item' | 'indicator';
export type ReportStatus = 'reported' | 'approved' | 'returned';
export type ObjectionStatus = 'open' | 'upheld' | 'rejected';

/** One scheme per year: draft → open (reporting) → closed (read-only) → published. */
export interface ScoringSchemeTable {
  id: Generated<number>;
  year: number;
  name: string;
  status: SchemeStatus;
  /** Scheme-wide bonus cap, hundredths. */
  bonus_cap: number;
  /** JSON array of tie-break keys. */
  tiebreak_json: string;
  /** JSON award table: { poolFen, rules }. */
  awards_json: string;
  priority_top_n: number;
  /** Last day (Asia/Shanghai, inclusive) of the objection window once published. */
  objection_until: string | null;
  /** The result snapshot readers see; switched in one update after a recomputation. */
  current_version_id: number | null;
  created_at: string;
  updated_at: string;
}

/** Aspects, work items and indicators of a scheme, one tree per scheme. */
export interface ScoringNodeTable {
  id: Generated<number>;
  scheme_id: number;
  parent_id: number | null;
  level: ScoringNodeLevel;
  code: string;
  name: string;
  sort_order: number;
  /** Hundredths: base points, a bonus indicator's cap, 0 for a veto. */
  points: number;
  /** Indicators only: the kind and its rule as JSON. */
  kind: string | null;
  rule_json: string | null;
  /** Indicators only: the assessing department (考核部门). */
  assessing_unit_id: number | null;
  /** Indicators only: JSON array of responsible posts (责任人). */
  responsible_json: string | null;
  value_unit: string | null;
  /** Indicators only: index of the aspect in scheme order (denormalized for set-based sums). */
  aspect_index: number | null;
}

/** A leadership team appraised in a year, in a ranking category. */
export interface ScoringSubjectTable {
  id: Generated<number>;
  year: number;
  org_unit_id: number;
  category: string;
}

/** One subject's report for one indicator; its score is computed when it is approved. */
export interface ScoringReportTable {
  id: Generated<number>;
  year: number;
  subject_id: number;
  indicator_id: number;
  /** Copied from the indicator at report time (the scheme is frozen once open). */
  kind: string;
  /**
   * The aspect (index in scheme order) whose score this report counts toward; −1 for bonus
   * and veto indicators, which count toward no aspect. See reportAspectIndex in @zhanqian/scoring.
   */
  aspect_index: number;
  value: number;
  evidence_id: string | null;
  note: string | null;
  status: ReportStatus;
  return_reason: string | null;
  /** Set when approved: hundredths, points lost to a deduction, veto flag 0/1. */
  score: number;
  lost: number;
  veto: number;
  /** Null for reports loaded by the seeds or an import, not typed in by an account. */
  reported_by: number | null;
  reported_at: string;
  reviewed_by: number | null;
  reviewed_at: string | null;
}

/** Where a snapshot's results come from (migration 2026120307_scoring_history). */
export type ResultSource = 'computed' | 'imported';

export interface ScoringResultVersionTable {
  id: Generated<number>;
  year: number;
  created_at: string;
  created_by: number | null;
  /** 'computed' by recomputeScoring, or 'imported': a past year's official results from xlsx. */
  source: ColumnType<ResultSource, ResultSource | undefined, ResultSource>;
}

/** One subject's result in one snapshot. */
export interface ScoringResultTable {
  version_id: number;
  subject_id: number;
  org_unit_id: number;
  category: string;
  base_total: number;
  bonus: number;
  total: number;
  deduction_lost: number;
  vetoed: number;
  rank: number;
  bottom_two: number;
  key_adjustment: number;
  /** Base score per aspect in scheme order, comma-separated ('52000,36000'). */
  aspects: ColumnType<string, string | undefined, string>;
}

export interface ScoringObjectionTable {
  id: Generated<number>;
  year: number;
  subject_id: number;
  raised_by: number;
  reason: string;
  status: ObjectionStatus;
  response: string | null;
  resolved_by: number | null;
  created_at: string;
  resolved_at: string | null;
}

/** Metadata of an uploaded evidence file; the bytes live in @zhanqian/files storage. */
export interface EvidenceFileTable {
  id: string;
  org_unit_id: number;
  uploaded_by: number;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  storage_key: string;
  created_at: string;
}

export interface ScoringTables {
  scoring_scheme: ScoringSchemeTable;
  scoring_node: ScoringNodeTable;
  scoring_subject: ScoringSubjectTable;
  scoring_report: ScoringReportTable;
  scoring_result_version: ScoringResultVersionTable;
  scoring_result: ScoringResultTable;
  scoring_objection: ScoringObjectionTable;
  evidence_file: EvidenceFileTable;
}

export type ScoringScheme = Selectable<ScoringSchemeTable>;
export type ScoringNode = Selectable<ScoringNodeTable>;
export type ScoringSubject = Selectable<ScoringSubjectTable>;
export type ScoringReport = Selectable<ScoringReportTable>;
export type ScoringResult = Selectable<ScoringResultTable>;
export type ScoringObjection = Selectable<ScoringObjectionTable>;
export type EvidenceFile = Selectable<EvidenceFileTable>;
