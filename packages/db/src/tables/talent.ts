// Tables of talent, the special fund, subsidies and awards (人才). Column conventions: see ../schema.ts.
import type { ColumnType, Generated } from 'kysely';

export type TalentIntroducedVia = 'public_selection' | 'introduction' | 'local';
export type TalentGender = 'M' | 'F';
export type TalentSubsidyKind = 'settling' | 'housing';
export type TalentSubsidyStatus =
  | 'submitted'
  | 'reviewed'
  | 'approved'
  | 'disbursed'
  | 'rejected'
  | 'withdrawn'
  | 'cancelled';
export type TalentFundEntryKind = 'budget' | 'commitment' | 'disbursement' | 'reversal';
export type TalentAwardTitle = 'leading' | 'entrepreneur' | 'expert' | 'top_professional';
export type TalentAwardCycleStatus = 'nominating' | 'scoring' | 'shortlisted' | 'publicity' | 'awarded';
export type TalentNominationStatus =
  | 'nominated'
  | 'shortlisted'
  | 'not_shortlisted'
  | 'withdrawn'
  | 'awarded';

/** Talent tiers (人才层次) with their one-time subsidy amounts in fen. */
export interface TalentTierTable {
  id: Generated<number>;
  code: string;
  name: string;
  rank: number;
  settling_fen: number;
  housing_fen: number;
  created_at: string;
}

/** The catalogue of urgently needed and scarce fields (急需紧缺人才目录), one row per year and field. */
export interface TalentCatalogueTable {
  id: Generated<number>;
  year: number;
  field_code: string;
  field_name: string;
  created_at: string;
}

/** The talent registry. `member_id` / `user_id` link a talent to a platform account. */
export interface TalentPersonTable {
  id: Generated<number>;
  name: string;
  gender: TalentGender;
  birth_date: string | null;
  field_code: string;
  field_name: string;
  employer: string;
  introduced_on: string;
  introduced_via: TalentIntroducedVia;
  tier_id: number;
  /** The unit that keeps the record (the talent office); scope checks go through it. */
  org_unit_id: number;
  member_id: number | null;
  user_id: number | null;
  created_at: string;
  updated_at: string;
}

/** A fund: the row every fund movement locks, so that approvals serialize. */
export interface TalentFundTable {
  id: Generated<number>;
  code: string;
  name: string;
  org_unit_id: number;
  lock_seq: ColumnType<number, number | undefined, number>;
  created_at: string;
}

/**
 * The append-only ledger of a fund (the DB refuses UPDATE and DELETE). Each entry carries its
 * signed effect on the three balances, so every balance and report is a plain sum.
 */
export interface TalentFundEntryTable {
  id: Generated<number>;
  fund_id: number;
  kind: TalentFundEntryKind;
  /** Always positive; the direction comes from the kind (and, for a reversal, the reversed kind). */
  amount_fen: number;
  d_available_fen: number;
  d_committed_fen: number;
  d_disbursed_fen: number;
  /** The entry a reversal undoes (each entry at most once). */
  reverses_entry_id: number | null;
  ref_type: 'subsidy' | 'award' | null;
  ref_id: number | null;
  entry_date: string;
  reason: string;
  approved_by: number | null;
  approved_by_name: string;
  created_at: string;
}

export interface TalentSubsidyApplicationTable {
  id: Generated<number>;
  talent_id: number;
  kind: TalentSubsidyKind;
  status: TalentSubsidyStatus;
  amount_fen: number;
  /** The catalogue year the eligibility was judged against. */
  catalogue_year: number;
  eligibility_json: string;
  applied_via: 'member_app' | 'staff';
  applied_by: number | null;
  applied_at: string;
  note: string | null;
  reviewed_by: number | null;
  reviewed_at: string | null;
  decided_by: number | null;
  decided_at: string | null;
  decision_reason: string | null;
  commitment_entry_id: number | null;
  disbursement_entry_id: number | null;
  disbursed_on: string | null;
  /** The payer (拨付); the approver is `decided_by` while approved or disbursed. */
  disbursed_by: ColumnType<number | null, number | null | undefined, number | null>;
  updated_at: string;
}

export type TalentDutyStep = 'apply' | 'review' | 'approve' | 'disburse';

/** A pair of steps of a subsidy application that must be done by different accounts (职责分离). */
export interface TalentDutyPairTable {
  step_a: TalentDutyStep;
  step_b: TalentDutyStep;
  updated_by: number | null;
  updated_at: string;
}

export type TalentAttachmentKind = 'degree' | 'contract' | 'house' | 'other';

/** A file of the evidence store attached to a subsidy application. */
export interface TalentAttachmentTable {
  id: Generated<number>;
  application_id: number;
  file_id: string;
  kind: TalentAttachmentKind;
  added_by: number | null;
  created_at: string;
}

export interface TalentAwardCycleTable {
  id: Generated<number>;
  year: number;
  name: string;
  status: TalentAwardCycleStatus;
  publicity_start: string | null;
  publicity_end: string | null;
  awarded_on: string | null;
  created_at: string;
  updated_at: string;
}

/** Per cycle and title: how many awards and how much each. */
export interface TalentAwardQuotaTable {
  cycle_id: number;
  title: TalentAwardTitle;
  quota: number;
  amount_fen: number;
}

export interface TalentAwardExpertTable {
  id: Generated<number>;
  cycle_id: number;
  name: string;
  user_id: number | null;
}

export interface TalentNominationTable {
  id: Generated<number>;
  cycle_id: number;
  talent_id: number;
  title: TalentAwardTitle;
  nominated_by: string;
  reason: string;
  status: TalentNominationStatus;
  combined_score: number | null;
  rank: number | null;
  award_fen: number | null;
  award_entry_id: number | null;
  status_reason: string | null;
  created_at: string;
  updated_at: string;
}

/** One expert's score of one nominee, in integer hundredths; unique per (nomination, expert). */
export interface TalentAwardScoreTable {
  id: Generated<number>;
  nomination_id: number;
  expert_id: number;
  score: number;
  entered_by: number | null;
  created_at: string;
}

export interface TalentTables {
  talent_tier: TalentTierTable;
  talent_catalogue: TalentCatalogueTable;
  talent_person: TalentPersonTable;
  talent_fund: TalentFundTable;
  talent_fund_entry: TalentFundEntryTable;
  talent_subsidy_application: TalentSubsidyApplicationTable;
  talent_duty_pair: TalentDutyPairTable;
  talent_attachment: TalentAttachmentTable;
  talent_award_cycle: TalentAwardCycleTable;
  talent_award_quota: TalentAwardQuotaTable;
  talent_award_expert: TalentAwardExpertTable;
  talent_nomination: TalentNominationTable;
  talent_award_score: TalentAwardScoreTable;
}
