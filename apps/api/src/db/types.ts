import type { ColumnType } from 'kysely';

/** Tables Intake owns. Dataset tables are generated from dataset definitions (dataset-tables.ts). */
export interface Database {
  imports: ImportsTable;
  import_rejections: ImportRejectionsTable;
}

export interface ImportsTable {
  id: string;
  dataset: string;
  source: 'rows' | 'upload';
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  accepted: number;
  rejected: number;
  request_id: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  finished_at: Date | null;
}

export interface ImportRejectionsTable {
  import_id: string;
  seq: number;
  row: number;
  field: string;
  message: string;
  value: string | null;
}
