// Tables of notifications and the direct line (migration 2026120502). Column conventions: see ../schema.ts.
import type { ColumnType, Generated } from 'kysely';

/** Columns migration 2026120502 adds to `notice`. */
export interface NoticeDeliveryColumns {
  /** The `job_outbox` row this notice was delivered from (null: written before the outbox). */
  outbox_id: ColumnType<number | null, number | null | undefined, never>;
  /** Where the notice leads in the member app (`link` is the console's). */
  link_m: ColumnType<string | null, string | null | undefined, string | null>;
  /** The values of the kind's title and body templates (JSON), rendered in the reader's language. */
  params_json: ColumnType<string | null, string | null | undefined, never>;
}

/** A user's unread and total notices, kept in the transactions that add or read notices. */
export interface InboxCounterTable {
  user_id: number;
  unread: number;
  total: number;
}

export type DirectLineStatus = 'received' | 'assigned' | 'answered' | 'closed';

/** 党代表直通车: a member's thread with the district organization department. */
export interface DirectLineThreadTable {
  id: Generated<number>;
  member_user_id: number;
  department_org_id: number;
  title: string;
  status: DirectLineStatus;
  assignee_user_id: number | null;
  /** The Shanghai date it was received, and the date by which it must be answered (working days). */
  received_on: string;
  due_on: string;
  created_at: string;
  assigned_at: string | null;
  answered_at: string | null;
  closed_at: string | null;
  closed_by: number | null;
  /** The member's satisfaction, 1–5, once answered. */
  rating: number | null;
  rating_comment: string | null;
  rated_at: string | null;
  /** The day the due reminder went out (one per thread and day). */
  reminded_on: string | null;
}

export interface DirectLineMessageTable {
  id: Generated<number>;
  thread_id: number;
  author_user_id: number;
  side: 'member' | 'department';
  body: string;
  created_at: string;
}

export interface NotifyTables {
  inbox_counter: InboxCounterTable;
  direct_line_thread: DirectLineThreadTable;
  direct_line_message: DirectLineMessageTable;
}
