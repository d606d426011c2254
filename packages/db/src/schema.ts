import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { AccountsTables } from './tables/accounts.ts';
import type { CadresTables } from './tables/cadres.ts';
import type { ExportsTables } from './tables/exports.ts';
import type { ImportsTables } from './tables/imports.ts';
import type { JobsTables } from './tables/jobs.ts';
import type { NoticeDeliveryColumns, NotifyTables } from './tables/notify.ts';
import type { RedsailTables } from './tables/redsail.ts';
import type { ScoringTables } from './tables/scoring.ts';
import type { StarsTables } from './tables/stars.ts';
import type { TalentTables } from './tables/talent.ts';

/**
 * The typed schema of every table. Timestamps are ISO-8601 UTC strings, calendar dates
 * 'YYYY-MM-DD' (Asia/Shanghai), money integer fen, points integer hundredths, booleans 0/1
 * (the same on both dialects, so that SQL written once runs on both).
 */
export type OrgKind = 'district' | 'street' | 'department' | 'committee' | 'branch';
/** Which portal a department owns; streets and communities run the stars portal. */
export type Portal = 'district' | 'assessment' | 'cadre' | 'talent' | 'nonpublic' | 'stars';

export interface OrgUnitTable {
  id: Generated<number>;
  parent_id: number | null;
  kind: OrgKind;
  name: string;
  code: string;
  portal: Portal | null;
  sort_order: ColumnType<number, number | undefined, number>;
  created_at: string;
}

/** org_unit's columns added by the org history migration, apart so that `OrgUnit` keeps its shape. */
export interface OrgUnitHistoryColumns {
  /** Set when the unit was dissolved (or merged away): kept so its past stays readable. */
  dissolved_on: ColumnType<string | null, string | null | undefined, string | null>;
  /** The unit it was merged into, when dissolved by a merge. */
  merged_into_id: ColumnType<number | null, number | null | undefined, number | null>;
}

/** A closed period of a unit's name and parent; the current one is the org_unit row itself. */
export interface OrgUnitHistoryTable {
  id: Generated<number>;
  unit_id: number;
  name: string;
  parent_id: number | null;
  /** Null: since the unit existed. */
  valid_from: string | null;
  /** Exclusive: the effective date of the change that ended this period. */
  valid_to: string;
  /** What ended the period (a dissolution or merger is on org_unit itself). */
  change: 'rename' | 'move';
  created_at: string;
}

/** Closure table: one row per (ancestor, descendant) pair, itself included at depth 0. */
export interface OrgClosureTable {
  ancestor_id: number;
  descendant_id: number;
  depth: number;
}

export interface MemberTable {
  id: Generated<number>;
  branch_id: number;
  name: string;
  gender: 'M' | 'F';
  birth_date: string | null;
  joined_at: string | null;
  /** SM4-GCM ciphertext (base64) of the ID-card number; never stored in clear. */
  id_card_enc: string | null;
  phone_enc: string | null;
  created_at: string;
}

/** member's columns added by the security migration, apart so that `Member` keeps its shape. */
export interface MemberSecurityColumns {
  /** HMAC-SM3 keyed hash of the normalized ID-card number: exact search without decryption. */
  id_card_hash: ColumnType<string | null, string | null | undefined, string | null>;
}

export type MemberStatus = 'active' | 'transferred_out' | 'deceased';
export type MemberCategory = 'full' | 'probationary';

/** member's lifecycle columns (org history migration), apart so that `Member` keeps its shape. */
export interface MemberLifecycleColumns {
  /** 'transferred_out' and 'deceased' stay readable but are no longer counted. */
  status: ColumnType<MemberStatus, MemberStatus | undefined, MemberStatus>;
  /** Date of the transfer out of the district or of death. */
  left_on: ColumnType<string | null, string | null | undefined, string | null>;
  /** Where a member transferred out went (the receiving organization, free text). */
  left_to: ColumnType<string | null, string | null | undefined, string | null>;
  /** 人员类别: 正式 'full' or 预备 'probationary'. */
  category: ColumnType<MemberCategory, MemberCategory | undefined, MemberCategory>;
  /** 转正日期: the date a probationary member became a full member. */
  confirmed_at: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A closed period of a member's branch: a year's ratings stay with that year's branch. */
export interface MemberBranchHistoryTable {
  id: Generated<number>;
  member_id: number;
  branch_id: number;
  /** Null: since the member was on the roll. */
  valid_from: string | null;
  /** Exclusive: the effective date of the transfer that ended this period. */
  valid_to: string;
  reason: 'transfer' | 'merge';
  created_at: string;
}

export type MemberEventKind = 'transfer' | 'merge' | 'transfer_out' | 'confirm' | 'death';

/** The lifecycle timeline of a member (组织关系转接, 转出, 转正, 去世). */
export interface MemberEventTable {
  id: Generated<number>;
  member_id: number;
  kind: MemberEventKind;
  on_date: string;
  from_branch_id: number | null;
  to_branch_id: number | null;
  detail: string | null;
  actor_id: number | null;
  created_at: string;
}

/** Each member's responsibility zone (党员责任区). */
export interface ZoneTable {
  id: Generated<number>;
  member_id: number;
  name: string;
}

/** org_unit's columns of the roster migration (2026120304), apart so that `OrgUnit` keeps its shape. */
export interface OrgUnitRosterColumns {
  /** 书记: the secretary's name as the office's unit list gives it. */
  secretary_name: ColumnType<string | null, string | null | undefined, string | null>;
  /** A branch's type: 楼栋党支部 'building', 企业党支部 'enterprise'; null otherwise. */
  branch_type: ColumnType<
    'building' | 'enterprise' | null,
    'building' | 'enterprise' | null | undefined,
    'building' | 'enterprise' | null
  >;
}

type NullableText = ColumnType<string | null, string | null | undefined, string | null>;

/** member's columns of the roster migration (2026120304): the national roster's other fields. */
export interface MemberRosterColumns {
  /** 民族 */
  ethnicity: NullableText;
  /** 学历 */
  education: NullableText;
  /** 工作单位及职务 */
  work_post: NullableText;
  /** 家庭住址, SM4-GCM ciphertext (context 'member.home_address'). */
  home_address_enc: NullableText;
}

/** household's columns of the households migration (2026120305). */
export interface HouseholdGridColumns {
  /** 楼栋 / 单元 / 门牌 */
  building: NullableText;
  unit_no: NullableText;
  door_no: NullableText;
  /** 人口 */
  size: ColumnType<number | null, number | null | undefined, number | null>;
  /** 居民骨干: 1 when the household is a resident backbone of the grid. */
  backbone: ColumnType<number, number | undefined, number>;
  /** The contact phone, SM4-GCM ciphertext (context 'household.contact'). */
  contact_enc: NullableText;
  /** The community Party committee the household lives in. */
  committee_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** The address parts normalized: unique per committee, what a re-import matches on. */
  address_key: NullableText;
}

export interface HouseholdTable {
  id: Generated<number>;
  zone_id: number;
  head_name: string;
  address: string;
}

export type Role =
  | 'district_admin'
  | 'dept_admin'
  | 'unit_reporter'
  | 'branch_secretary'
  | 'member'
  | 'sys_admin'
  | 'sec_admin'
  | 'audit_admin'
  /** 待分配: made by the system administrator; no permission until the security administrator assigns a role. */
  | 'pending';

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  role: Role;
  /** The user's home unit; their data scope is its subtree (see auth's scope rules). */
  org_unit_id: number;
  member_id: number | null;
  failed_count: ColumnType<number, number | undefined, number>;
  locked_until: string | null;
  /** SM4-GCM ciphertext of the TOTP secret (null: no second factor enrolled). */
  totp_secret: string | null;
  /** The last TOTP time step accepted: a code is never accepted twice. */
  totp_last_step: ColumnType<number | null, number | null | undefined, number | null>;
  disabled: ColumnType<number, number | undefined, number>;
  password_changed_at: string;
  /** 1: an initial password set by an administrator; the next sign-in must replace it. */
  password_must_change: ColumnType<number, number | undefined, number>;
  created_at: string;
  /** The business role the system administrator proposed for a `pending` account (migration 2026120404). */
  proposed_role: ColumnType<Role | null, Role | null | undefined, Role | null>;
}

export interface SessionTable {
  /** SHA-256 of the cookie token: a stolen table does not yield usable cookies. */
  id: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginAttemptTable {
  id: Generated<number>;
  username: string;
  ip: string | null;
  at: string;
  /** 1 succeeded, 0 failed, 2 under way (claimed before its password check; see auth's login). */
  ok: number;
}

/** A sign-in half done: the password was right, a second step (TOTP, enrolment, renewal) is pending. */
export interface LoginChallengeTable {
  /** SHA-256 of the challenge token handed to the client. */
  id: string;
  user_id: number;
  stage: 'totp' | 'enroll' | 'password';
  /** SM4-GCM ciphertext of the TOTP secret being enrolled. */
  secret_enc: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  password_expired: ColumnType<number, number | undefined, number>;
  created_at: string;
  expires_at: string;
}

export type AuditResult = 'ok' | 'denied' | 'failed';

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_id: number | null;
  actor: string;
  action: string;
  object_type: string;
  object_id: string | null;
  org_unit_id: number | null;
  result: AuditResult;
  ip: string | null;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
  /** 1: `hash` is plain SM3 (records before 2026120301_audit_keyed); 2: HMAC-SM3 under ZQ_AUDIT_KEY. */
  chain_version: Generated<number>;
}

/**
 * The signed head of the audit chain (one row, id 1), rewritten in the transaction of every
 * append: verify compares the chain with it, so deleting the newest records is detected.
 */
export interface AuditCheckpointTable {
  id: number;
  at: string;
  last_id: number;
  head_hash: string;
  record_count: number;
  /** HMAC-SM3 (key derived from ZQ_AUDIT_KEY) over at, last_id, head_hash and record_count. */
  signature: string;
}

/** A notice in a user's inbox, addressed to one user or to everyone of one org unit. */
export interface NoticeTable {
  id: Generated<number>;
  recipient_user_id: number | null;
  recipient_org_id: number | null;
  sender_user_id: number | null;
  /** e.g. 'direct_line' (党代表直通车), 'results_published', 'report_returned', 'application_decided', 'publicity_opened'. */
  kind: string;
  title: string;
  body: string;
  /** Where the notice leads in the app, e.g. '/scoring/reports/12'. */
  link: string | null;
  created_at: string;
  read_at: string | null;
}

/** The foundation's tables; each domain adds its own in tables/<domain>.ts. */
export interface FoundationTables {
  org_unit: OrgUnitTable & OrgUnitHistoryColumns & OrgUnitRosterColumns;
  org_unit_history: OrgUnitHistoryTable;
  org_closure: OrgClosureTable;
  member: MemberTable & MemberSecurityColumns & MemberLifecycleColumns & MemberRosterColumns;
  member_branch_history: MemberBranchHistoryTable;
  member_event: MemberEventTable;
  zone: ZoneTable;
  household: HouseholdTable & HouseholdGridColumns;
  app_user: AppUserTable;
  user_session: SessionTable;
  login_attempt: LoginAttemptTable;
  login_challenge: LoginChallengeTable;
  audit_log: AuditLogTable;
  audit_checkpoint: AuditCheckpointTable;
  notice: NoticeTable & NoticeDeliveryColumns;
}

/** Every table of the platform: the one interface Kysely is typed with. */
export interface Database
  extends FoundationTables,
    ScoringTables,
    StarsTables,
    TalentTables,
    CadresTables,
    JobsTables,
    AccountsTables,
    ImportsTables,
    NotifyTables,
    RedsailTables,
    ExportsTables {}

export type OrgUnit = Selectable<OrgUnitTable>;
export type NewOrgUnit = Insertable<OrgUnitTable>;
export type OrgUnitUpdate = Updateable<OrgUnitTable>;
export type Member = Selectable<MemberTable>;
export type NewMember = Insertable<MemberTable>;
export type Household = Selectable<HouseholdTable>;
export type AppUser = Selectable<AppUserTable>;
export type NewAppUser = Insertable<AppUserTable>;
export type Session = Selectable<SessionTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type Notice = Selectable<NoticeTable & NoticeDeliveryColumns>;
