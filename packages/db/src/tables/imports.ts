// Tables of the import pipeline (issue #14, item 6). Column conventions: see ../schema.ts.
import type { ColumnType } from 'kysely';

export type ImportKind = 'units' | 'members' | 'households';
export type ImportStatus = 'uploaded' | 'checked' | 'queued' | 'running' | 'committed' | 'failed';

/** One uploaded import file: its dry-run counts and errors, its commit's progress. */
export interface ImportBatchTable {
  /** A random UUID (also the file's name in the store). */
  id: string;
  kind: ImportKind;
  /** The unit the import was made for: it touches only this unit's subtree. */
  scope_unit_id: number;
  /** Imports of one kind under one district never run at once (see @zhanqian/imports lock). */
  lock_key: string;
  uploaded_by: number | null;
  actor: string;
  file_name: string;
  format: 'xlsx' | 'csv';
  storage_key: string;
  size: number;
  sha256: string;
  status: ImportStatus;
  total_rows: number | null;
  done_rows: ColumnType<number, number | undefined, number>;
  new_rows: number | null;
  changed_rows: number | null;
  unchanged_rows: number | null;
  rejected_rows: number | null;
  error_count: ColumnType<number, number | undefined, number>;
  /** The errors (JSON array, capped; error_count is the true number). */
  errors_json: string | null;
  /** Why a commit failed, when not because of row errors. */
  message: string | null;
  created_at: string;
  checked_at: string | null;
  queued_at: string | null;
  finished_at: string | null;
}

export type ImportsTables = {
  import_batch: ImportBatchTable;
};
