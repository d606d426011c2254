// Tables of cadres, nominations, selections and rotation (干部). Column conventions: see ../schema.ts.
import type { ColumnType, Generated } from 'kysely';

type Rank = 'staff' | 'deputy_section' | 'section' | 'deputy_division' | 'division';

/** A cadre's file (干部档案); the current post is denormalized here, its history in cadre_post. */
export interface CadreTable {
  id: Generated<number>;
  /** The Party member record of the same person, when there is one (self-nomination uses it). */
  member_id: number | null;
  name: string;
  gender: 'M' | 'F';
  birth_date: string;
  /** SM4-GCM ciphertext of the ID-card number (core encryptField, context cadre.id_card). */
  id_card_enc: string | null;
  /** The masked form shown on screen, e.g. 210***********1234 (core maskIdCard). */
  id_card_masked: string | null;
  org_unit_id: number;
  post_title: string;
  post_is_key: number;
  post_since: string;
  rank: Rank;
  rank_since: string;
  education: string;
  party_joined_at: string | null;
  status: 'active' | 'retired';
  created_at: string;
  updated_at: string;
}

export interface CadrePostTable {
  id: Generated<number>;
  cadre_id: number;
  org_unit_id: number;
  title: string;
  rank: Rank;
  is_key: number;
  start_date: string;
  end_date: string | null;
  source: 'initial' | 'appointment' | 'rotation' | 'exchange';
  source_id: number | null;
}

/** Five-quality weights per year, in hundredths of a percent (sum 10000). */
export interface CadreEvalWeightTable {
  year: number;
  morality: number;
  ability: number;
  passion: number;
  performance: number;
  image: number;
  updated_at: string;
}

/** One rater's five-quality scores (hundredths, 0–10000) for a cadre and year. */
export interface CadreEvaluationTable {
  id: Generated<number>;
  cadre_id: number;
  year: number;
  rater: string;
  morality: number;
  ability: number;
  passion: number;
  performance: number;
  image: number;
  created_by: number | null;
  created_at: string;
}

/** An open post to be filled (职位). */
export interface CadreVacancyTable {
  id: Generated<number>;
  org_unit_id: number;
  title: string;
  rank: Rank;
  is_key: number;
  min_years_lower: number;
  max_age: number;
  mass_threshold_pct: number;
  status: 'open' | 'filled' | 'closed';
  opened_on: string;
  created_at: string;
}

export interface CadreNominationTable {
  id: Generated<number>;
  vacancy_id: number;
  cadre_id: number;
  source: 'mass' | 'organization' | 'leader' | 'self';
  /** 谁推荐谁负责: the recommending user, and for a leader's recommendation name and post on record. */
  recommender_user_id: number | null;
  recommender_name: string | null;
  recommender_title: string | null;
  reason: string;
  votes_for: number | null;
  votes_cast: number | null;
  eligible: number;
  reasons_json: string;
  priority: number;
  created_at: string;
}

export interface CadreCampaignTable {
  id: Generated<number>;
  vacancy_id: number;
  kind: 'public_selection' | 'competitive' | 'direct_election';
  title: string;
  stage: string;
  slots: number;
  w_exam: number;
  w_interview: number;
  w_inspection: number;
  publicity_days: number;
  publicity_start: string | null;
  publicity_end: string | null;
  last_on: string;
  created_at: string;
  updated_at: string;
}

export interface CadreCandidateTable {
  id: Generated<number>;
  campaign_id: number;
  cadre_id: number;
  nomination_id: number | null;
  qualified: number | null;
  qualification_note: string | null;
  exam_score: number | null;
  interview_score: number | null;
  inspection_score: number | null;
  decided: ColumnType<number, number | undefined, number>;
  appointed: ColumnType<number, number | undefined, number>;
  created_at: string;
}

export interface CadreCampaignEventTable {
  id: Generated<number>;
  campaign_id: number;
  from_stage: string;
  to_stage: string;
  on_date: string;
  at: string;
  actor_id: number | null;
}

export interface CadreObjectionTable {
  id: Generated<number>;
  campaign_id: number;
  candidate_id: number;
  content: string;
  submitted_on: string;
  status: 'open' | 'upheld' | 'dismissed';
  resolution: string | null;
  created_by: number | null;
  created_at: string;
  resolved_at: string | null;
}

/** 轮岗交流: one person-time each. */
export interface CadreRotationTable {
  id: Generated<number>;
  cadre_id: number;
  year: number;
  on_date: string;
  kind: 'rotation' | 'exchange';
  from_unit_id: number;
  from_title: string;
  to_unit_id: number;
  to_title: string;
  to_is_key: number;
  note: string;
  created_by: number | null;
  created_at: string;
}

/** 公推直选: one round of the direct election of a campaign (migration 2026120401). */
export interface CadreVoteTable {
  id: Generated<number>;
  campaign_id: number;
  round: number;
  status: 'open' | 'counted';
  seats: number;
  /** The candidate ids on the ballot (JSON array). */
  candidates_json: string;
  /** Electors on the roll when the round opened. */
  electorate: number;
  /** Ballots cast must exceed this percentage of the electorate; null: no quorum. */
  quorum_pct: number | null;
  opened_on: string;
  opened_at: string;
  opened_by: number | null;
  closed_at: string | null;
  closed_by: number | null;
  /** The count (JSON, see @zhanqian/cadres VoteCount) once the round is closed. */
  result_json: string | null;
}

/** Who may vote in a round and whether they have; nothing about what they chose. */
export interface CadreVoteRollTable {
  vote_id: number;
  member_id: number;
  voted: ColumnType<number, number | undefined, number>;
}

/** One ballot: what was chosen, with no voter, time or sequence (random id). */
export interface CadreBallotTable {
  vote_id: number;
  id: string;
  /** The candidate ids marked (JSON array, ascending); [] is a blank ballot. */
  choices: string;
}

export interface CadresTables {
  cadre: CadreTable;
  cadre_post: CadrePostTable;
  cadre_eval_weight: CadreEvalWeightTable;
  cadre_evaluation: CadreEvaluationTable;
  cadre_vacancy: CadreVacancyTable;
  cadre_nomination: CadreNominationTable;
  cadre_campaign: CadreCampaignTable;
  cadre_candidate: CadreCandidateTable;
  cadre_campaign_event: CadreCampaignEventTable;
  cadre_objection: CadreObjectionTable;
  cadre_rotation: CadreRotationTable;
  cadre_vote: CadreVoteTable;
  cadre_vote_roll: CadreVoteRollTable;
  cadre_ballot: CadreBallotTable;
}
