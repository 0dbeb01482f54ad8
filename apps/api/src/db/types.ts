import type { ColumnType } from 'kysely';

/** Tables Intake owns. Dataset tables are generated from dataset definitions (dataset-tables.ts). */
export interface Database {
  imports: ImportsTable;
  import_rejections: ImportRejectionsTable;
  uploads: UploadsTable;
  charges: ChargesTable;
  webhook_receipts: WebhookReceiptsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
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
  upload_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** JSON: dataset column -> file header. */
  mapping: ColumnType<string | null, string | null | undefined, string | null>;
  /** JSON: the file's header row, needed to resume after the first batch. */
  headers: ColumnType<string | null, string | null | undefined, string | null>;
  delimiter: ColumnType<string | null, string | null | undefined, string | null>;
  on_cancel: ColumnType<'keep' | 'rollback' | null, 'keep' | 'rollback' | null | undefined, never>;
  bytes_total: ColumnType<string | number | null, number | null | undefined, number | null>;
  bytes_done: ColumnType<string | number, number | undefined, number>;
  line_done: ColumnType<number, number | undefined, number>;
  rows_done: ColumnType<number, number | undefined, number>;
  batches: ColumnType<number, number | undefined, number>;
  duplicates: ColumnType<number, number | undefined, number>;
  started_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  error: ColumnType<string | null, string | null | undefined, string | null>;
  cancel_requested: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface ImportRejectionsTable {
  import_id: string;
  seq: number;
  row: number;
  field: string;
  message: string;
  value: string | null;
}

/** bigint columns: `pg` hands them over as strings, PGlite as numbers or bigints. */
type Int8 = ColumnType<string | number | bigint, number | undefined, number>;

export type UploadStatus = 'uploading' | 'complete' | 'corrupt' | 'expired';

export interface UploadsTable {
  id: string;
  offset: Int8;
  length: ColumnType<string | number | bigint | null, number | null | undefined, number | null>;
  /** Upload-Metadata as decoded strings (values null for keys sent without a value). */
  metadata: ColumnType<Record<string, string | null>, string, string>;
  status: UploadStatus;
  is_partial: ColumnType<boolean, boolean | undefined, boolean>;
  /** Ids of the partial uploads a final upload was assembled from, in order. */
  concat_parts: ColumnType<string[] | null, string | null | undefined, string | null>;
  md5: string | null;
  sha256: string | null;
  client_ip: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  expires_at: Date | null;
  locked_by: string | null;
  locked_until: Date | null;
}

export interface ChargesTable {
  id: string;
  order_id: string;
  /** numeric(14,2), read as text so it never passes through a float. */
  amount: string;
  currency: string;
  status: 'pending' | 'succeeded' | 'failed';
  idempotency_key: string;
  provider_charge_id: string | null;
  payment_url: string | null;
  last_error: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface WebhookReceiptsTable {
  id: string;
  source: string;
  received_at: ColumnType<Date, Date | undefined, never>;
}

export interface WebhookEndpointsTable {
  id: string;
  url: string;
  /** Standard Webhooks secret (`whsec_` + base64). */
  secret: string;
  events: string[];
  description: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface WebhookDeliveriesTable {
  id: string;
  endpoint_id: string;
  event: string;
  /** The exact JSON body sent (and signed). */
  payload: string;
  status: 'pending' | 'succeeded' | 'failed';
  round: ColumnType<number, number | undefined, number>;
  attempts: ColumnType<number, number | undefined, number>;
  last_status: number | null;
  last_latency_ms: number | null;
  last_error: string | null;
  response_snippet: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}
