// Tables of Red Sail (红帆引航): non-public enterprise Party building. Column conventions: see ../schema.ts.
import type { ColumnType, Generated } from 'kysely';

export type RsEnterpriseKind = 'enterprise' | 'social_org' | 'shop';
export type RsEnterpriseSize = 'micro' | 'small' | 'medium' | 'large';
export type RsPartyStatus = 'own' | 'joint' | 'none';
export type RsTradingArea = '财富一条街' | '盼盼路商铺' | '东升商圈';
export type RsDemoStatus = 'applied' | 'evaluated' | 'rejected' | 'recognized' | 'revoked';
export type RsDemoLevel = 'district' | 'municipal' | 'provincial';
export type RsActivityStatus = 'planned' | 'held' | 'cancelled';
export type RsCompetitionStatus = 'open' | 'scoring' | 'closed';

/** A red area work station (红色片区工作站) in a street. */
export interface RsStationTable {
  id: Generated<number>;
  code: string;
  name: string;
  street_id: number;
  address: ColumnType<string, string | undefined, string>;
  created_at: string;
}

/** A joint Party branch (联合党支部): the enterprises sharing it point at it. */
export interface RsJointBranchTable {
  id: Generated<number>;
  name: string;
  created_at: string;
}

/** An enterprise, social organization or shop (两新组织); status columns = its newest status row. */
export interface RsEnterpriseTable {
  id: Generated<number>;
  name: string;
  /** 统一社会信用代码 (GB 32100, check character verified). */
  credit_code: string;
  kind: RsEnterpriseKind;
  industry: string;
  size: RsEnterpriseSize;
  address: string;
  /** The street (org_unit of kind street): scope checks go through it. */
  street_id: number;
  trading_area: RsTradingArea | null;
  registered_on: string;
  party_status: RsPartyStatus;
  joint_branch_id: number | null;
  /** 党建指导员 assigned, or null. */
  instructor_name: string | null;
  station_id: number | null;
  /** Party members whose relationship (组织关系) is here (the registry's figure). */
  member_count: number;
  created_at: string;
  updated_at: string;
  /** Generated (stored): 2 organization-covered, 1 work-covered only, 0 neither. */
  cover: ColumnType<number, never, never>;
}

/** One dated status of an enterprise: the history coverage "as of" a date reads. */
export interface RsEnterpriseStatusTable {
  id: Generated<number>;
  enterprise_id: number;
  on_date: string;
  party_status: RsPartyStatus;
  joint_branch_id: number | null;
  instructor_name: string | null;
  station_id: number | null;
  note: string;
  created_by: number | null;
  created_at: string;
}

/** A platform member whose Party relationship is in an enterprise. */
export interface RsEnterpriseMemberTable {
  member_id: number;
  enterprise_id: number;
  created_at: string;
}

/** A district-level leader keeping contact points (区级领导). */
export interface RsLeaderTable {
  id: Generated<number>;
  name: string;
  title: string;
  /** The leader's account, which receives the visit reminders. */
  user_id: number | null;
  created_at: string;
}

export interface RsContactPointTable {
  id: Generated<number>;
  leader_id: number;
  enterprise_id: number;
  since: string;
  created_at: string;
}

export interface RsVisitTable {
  id: Generated<number>;
  contact_point_id: number;
  visit_date: string;
  content: string;
  problems_raised: string;
  problems_solved: string;
  follow_up_owner: string;
  created_by: number | null;
  created_at: string;
}

/** The yearly minimum of visits per leader and the date reminders start (the year-end window). */
export interface RsVisitMinimumTable {
  year: number;
  min_visits: number;
  remind_from: string;
  updated_at: string;
}

/** A reminder sent: at most one per leader and year. */
export interface RsVisitReminderTable {
  leader_id: number;
  year: number;
  visits: number;
  min_visits: number;
  sent_at: string;
}

export interface RsDemoCriterionTable {
  id: Generated<number>;
  code: string;
  name: string;
  required: number;
  active: number;
  created_at: string;
}

/** A demonstration point (红色示范点) application and its life. */
export interface RsDemoPointTable {
  id: Generated<number>;
  enterprise_id: number;
  status: RsDemoStatus;
  applied_on: string;
  application: string;
  /** JSON array of the criterion codes met, set by the evaluation. */
  met_criteria: string | null;
  passed: number | null;
  evaluated_on: string | null;
  level: RsDemoLevel | null;
  recognized_on: string | null;
  revoked_on: string | null;
  revoke_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface RsDemoReviewTable {
  id: Generated<number>;
  point_id: number;
  year: number;
  passed: number;
  note: string;
  reviewed_on: string;
}

export interface RsActivityTable {
  id: Generated<number>;
  station_id: number;
  title: string;
  planned_on: string;
  place: string;
  plan: string;
  status: RsActivityStatus;
  report: string | null;
  /** JSON array of evidence file ids (photos). */
  photo_file_ids: string;
  created_at: string;
  updated_at: string;
}

export interface RsActivitySigninTable {
  activity_id: number;
  member_id: number;
  signed_at: string;
}

export interface RsCompetitionTable {
  id: Generated<number>;
  year: number;
  title: string;
  call_text: string;
  deadline: string;
  status: RsCompetitionStatus;
  /** The most points a judge may give, in hundredths. */
  max_points: number;
  /** JSON: [{ award, ranks: [from, to] }] (e.g. 一等奖 for rank 1). */
  award_plan: string;
  created_at: string;
  updated_at: string;
}

export interface RsJudgeTable {
  competition_id: number;
  user_id: number;
}

export interface RsEntryTable {
  id: Generated<number>;
  competition_id: number;
  enterprise_id: number;
  title: string;
  summary: string;
  document_file_ids: string;
  award: string | null;
  rank: number | null;
  /** Kept as a case (典型案例) after the competition closed. */
  is_case: number;
  created_at: string;
}

/** A judge's score of an entry, in hundredths of a point. */
export interface RsScoreTable {
  entry_id: number;
  judge_user_id: number;
  points: number;
  submitted_at: string;
}

export interface RedsailTables {
  rs_station: RsStationTable;
  rs_joint_branch: RsJointBranchTable;
  rs_enterprise: RsEnterpriseTable;
  rs_enterprise_status: RsEnterpriseStatusTable;
  rs_enterprise_member: RsEnterpriseMemberTable;
  rs_leader: RsLeaderTable;
  rs_contact_point: RsContactPointTable;
  rs_visit: RsVisitTable;
  rs_visit_minimum: RsVisitMinimumTable;
  rs_visit_reminder: RsVisitReminderTable;
  rs_demo_criterion: RsDemoCriterionTable;
  rs_demo_point: RsDemoPointTable;
  rs_demo_review: RsDemoReviewTable;
  rs_activity: RsActivityTable;
  rs_activity_signin: RsActivitySigninTable;
  rs_competition: RsCompetitionTable;
  rs_judge: RsJudgeTable;
  rs_entry: RsEntryTable;
  rs_score: RsScoreTable;
}
