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
  users: UsersTable;
  workspaces: WorkspacesTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  invites: InvitesTable;
  audit_events: AuditEventsTable;
}

export interface ImportsTable {
  id: string;
  workspace_id: string;
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

/** `verifying`: every byte is on disk, the whole-file checksums are being computed. */
export type UploadStatus = 'uploading' | 'verifying' | 'complete' | 'corrupt' | 'expired';

export interface UploadsTable {
  id: string;
  workspace_id: string;
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
  /** The account that created it (migration 0007; null before). */
  user_id: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  expires_at: Date | null;
  locked_by: string | null;
  locked_until: Date | null;
}

export interface ChargesTable {
  id: string;
  workspace_id: string;
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
  workspace_id: string;
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

export interface UsersTable {
  id: string;
  /** Lower-cased: accounts are found case-insensitively. */
  email: string;
  /** `scrypt$N$r$p$salt$hash` (auth/passwords.ts). */
  password_hash: string;
  is_admin: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface WorkspacesTable {
  id: string;
  name: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export type WorkspaceRole = 'owner' | 'member' | 'viewer';

export interface MembershipsTable {
  workspace_id: string;
  user_id: string;
  role: WorkspaceRole;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface SessionsTable {
  id: string;
  /** SHA-256 of the cookie value; the value itself is never stored. */
  secret_hash: string;
  user_id: string;
  /** The workspace the session works in (switchable). */
  workspace_id: string;
  csrf_token: string;
  created_at: ColumnType<Date, Date | undefined, never>;
  last_seen_at: ColumnType<Date, Date | undefined, Date>;
  /** Absolute end; the idle end is last_seen_at + the idle timeout. */
  expires_at: Date;
  user_agent: string | null;
  ip: string | null;
}

export interface ApiTokensTable {
  id: string;
  secret_hash: string;
  user_id: string;
  workspace_id: string;
  name: string;
  scope: 'read' | 'write';
  created_at: ColumnType<Date, Date | undefined, never>;
  expires_at: Date | null;
  last_used_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  revoked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface InvitesTable {
  id: string;
  secret_hash: string;
  workspace_id: string;
  role: WorkspaceRole;
  email: string | null;
  created_by: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  expires_at: Date;
  accepted_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  accepted_by: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AuditEventsTable {
  /** bigint identity: `pg` hands it over as a string. */
  id: ColumnType<string, never, never>;
  at: ColumnType<Date, Date | undefined, never>;
  action: string;
  actor_id: string | null;
  actor_email: string | null;
  workspace_id: string | null;
  ip: string | null;
  request_id: string | null;
  target: string | null;
  details: ColumnType<Record<string, string | number | boolean | null>, string | undefined, never>;
}
