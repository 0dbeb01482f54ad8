import { type ExpressionBuilder, type Kysely, type Selectable, sql } from 'kysely';
import type { Database, UploadStatus, UploadsTable } from '../db/types.js';
import type { UploadMetadata } from './upload-metadata.js';

/** No process holds the row's write lease: never taken, released, or lapsed. */
const leaseFree = (eb: ExpressionBuilder<Database, 'uploads'>) =>
  eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', sql<Date>`now()`)]);

/** An upload row with numbers as numbers (int8 arrives as a string from `pg`). */
export interface UploadRecord {
  id: string;
  /** The workspace that owns the upload: every route checks it (uploads/routes.ts). */
  workspaceId: string;
  offset: number;
  length: number | null;
  metadata: UploadMetadata;
  status: UploadStatus;
  isPartial: boolean;
  concatParts: string[] | null;
  md5: string | null;
  sha256: string | null;
  expiresAt: Date | null;
}

const toRecord = (row: Selectable<UploadsTable>): UploadRecord => ({
  id: row.id,
  workspaceId: row.workspace_id,
  offset: Number(row.offset),
  length: row.length === null ? null : Number(row.length),
  metadata: row.metadata,
  status: row.status,
  isPartial: row.is_partial,
  concatParts: row.concat_parts,
  md5: row.md5,
  sha256: row.sha256,
  expiresAt: row.expires_at,
});

const seconds = (n: number) => sql<Date>`now() + ${n}::int * interval '1 second'`;

/** The `uploads` table; the lease columns make the per-upload write lock shared by processes. */
export function uploadsRepo(db: Kysely<Database>) {
  return {
    async insert(input: {
      id: string;
      workspaceId: string;
      length: number | null;
      metadata: UploadMetadata;
      isPartial: boolean;
      concatParts: string[] | null;
      /** The account creating it: the MAX_CONCURRENT_UPLOADS limit counts per account. */
      userId: string;
      clientIp: string;
      expiresInHours: number | null;
    }): Promise<UploadRecord> {
      const row = await db
        .insertInto('uploads')
        .values({
          id: input.id,
          workspace_id: input.workspaceId,
          offset: 0,
          length: input.length,
          metadata: JSON.stringify(input.metadata),
          status: 'uploading',
          is_partial: input.isPartial,
          concat_parts: input.concatParts === null ? null : JSON.stringify(input.concatParts),
          user_id: input.userId,
          client_ip: input.clientIp,
          expires_at:
            input.expiresInHours === null
              ? null
              : sql<Date>`now() + ${input.expiresInHours}::int * interval '1 hour'`,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    },

    async find(id: string): Promise<UploadRecord | undefined> {
      const row = await db
        .selectFrom('uploads')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toRecord(row);
    },

    /** Unfinished, unexpired uploads an account has open (the MAX_CONCURRENT_UPLOADS limit). */
    async countOpen(userId: string): Promise<number> {
      const row = await db
        .selectFrom('uploads')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('user_id', '=', userId)
        .where('status', '=', 'uploading')
        .where('expires_at', '>', sql<Date>`now()`)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    /** Takes the write lease when it is free or lapsed; true when `owner` now holds it. */
    async acquireLease(id: string, owner: string, leaseSeconds: number): Promise<boolean> {
      const row = await db
        .updateTable('uploads')
        .set({ locked_by: owner, locked_until: seconds(leaseSeconds) })
        .where('id', '=', id)
        .where(leaseFree)
        .returning('id')
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Extends the lease, and records progress when given; false when the lease was lost. */
    async renewLease(
      id: string,
      owner: string,
      leaseSeconds: number,
      offset?: number,
    ): Promise<boolean> {
      const row = await db
        .updateTable('uploads')
        .set({
          locked_until: seconds(leaseSeconds),
          ...(offset === undefined ? {} : { offset, updated_at: sql<Date>`now()` }),
        })
        .where('id', '=', id)
        .where('locked_by', '=', owner)
        .returning('id')
        .executeTakeFirst();
      return row !== undefined;
    },

    async releaseLease(id: string, owner: string): Promise<void> {
      await db
        .updateTable('uploads')
        .set({ locked_by: null, locked_until: null })
        .where('id', '=', id)
        .where('locked_by', '=', owner)
        .execute();
    },

    async update(
      id: string,
      changes: {
        offset?: number;
        length?: number;
        status?: UploadStatus;
        md5?: string;
        sha256?: string;
        clearExpiry?: boolean;
      },
    ): Promise<void> {
      await db
        .updateTable('uploads')
        .set({
          updated_at: sql<Date>`now()`,
          ...(changes.offset === undefined ? {} : { offset: changes.offset }),
          ...(changes.length === undefined ? {} : { length: changes.length }),
          ...(changes.status === undefined ? {} : { status: changes.status }),
          ...(changes.md5 === undefined ? {} : { md5: changes.md5 }),
          ...(changes.sha256 === undefined ? {} : { sha256: changes.sha256 }),
          ...(changes.clearExpiry ? { expires_at: null } : {}),
        })
        .where('id', '=', id)
        .execute();
    },

    async remove(ids: string[]): Promise<void> {
      if (ids.length === 0) return;
      await db.deleteFrom('uploads').where('id', 'in', ids).execute();
    },

    /** Complete uploads whose checksums no process is computing (one crashed mid-way). */
    async awaitingVerification(limit: number): Promise<string[]> {
      const rows = await db
        .selectFrom('uploads')
        .select('id')
        .where('status', '=', 'verifying')
        .where(leaseFree)
        .orderBy('updated_at')
        .limit(limit)
        .execute();
      return rows.map((r) => r.id);
    },

    /**
     * Uploads past their expiry: unfinished ones, and partial uploads never used in a final.
     * Leased rows are skipped here; the sweeper takes each lease before deleting.
     */
    async dueForExpiry(limit: number): Promise<string[]> {
      const rows = await db
        .selectFrom('uploads')
        .select('id')
        .where('expires_at', '<', sql<Date>`now()`)
        .where((eb) =>
          eb.or([
            eb('status', '=', 'uploading'),
            eb.and([eb('is_partial', '=', true), eb('status', '!=', 'expired')]),
          ]),
        )
        .where(leaseFree)
        .orderBy('expires_at')
        .limit(limit)
        .execute();
      return rows.map((r) => r.id);
    },
  };
}

export type UploadsRepo = ReturnType<typeof uploadsRepo>;
