import type { Selectable } from 'kysely';

export type ExportFileStatus = 'queued' | 'running' | 'done' | 'failed';

/** A list export run as a job (above the direct-download threshold): request, progress, file. */
export interface ExportFileTable {
  id: string;
  user_id: number;
  list: string;
  input_json: string;
  scope_root_id: number;
  locale: string;
  file_name: string;
  status: ExportFileStatus;
  total: number;
  done: number;
  storage_key: string | null;
  error: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface ExportsTables {
  export_file: ExportFileTable;
}

export type ExportFile = Selectable<ExportFileTable>;
