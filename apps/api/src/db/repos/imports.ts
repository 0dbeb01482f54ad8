import type { ImportDetail, ImportSummary, Rejection } from '@intake/schema';
import type { Kysely, Selectable } from 'kysely';
import type { Database, ImportsTable } from '../types.js';

type Db = Kysely<Database>;

const toSummary = (row: Selectable<ImportsTable>): ImportSummary => ({
  id: row.id,
  dataset: row.dataset as ImportSummary['dataset'],
  source: row.source,
  status: row.status,
  accepted: row.accepted,
  rejected: row.rejected,
  createdAt: row.created_at.toISOString(),
  finishedAt: row.finished_at?.toISOString() ?? null,
  duplicates: row.duplicates,
  progress: row.source === 'upload' ? progressOf(row) : null,
  error: row.error,
});

/** Rate and ETA from the checkpoint columns; the job updates them once per batch. */
function progressOf(row: Selectable<ImportsTable>): ImportSummary['progress'] {
  const bytesDone = Number(row.bytes_done);
  const bytesTotal = Number(row.bytes_total ?? 0);
  const end = row.finished_at ?? new Date();
  const seconds = row.started_at
    ? Math.max(0.001, (end.getTime() - row.started_at.getTime()) / 1000)
    : 0;
  const running = row.status === 'running' && bytesDone > 0 && seconds > 0;
  return {
    bytesDone,
    bytesTotal,
    rowsDone: row.rows_done,
    rowsPerSecond: seconds > 0 ? Math.round((row.rows_done / seconds) * 10) / 10 : 0,
    etaSeconds: running ? Math.round(((bytesTotal - bytesDone) / bytesDone) * seconds) : null,
  };
}

export async function insertImport(
  db: Db,
  values: {
    id: string;
    workspaceId: string;
    dataset: string;
    source: 'rows' | 'upload';
    status: ImportsTable['status'];
    accepted: number;
    rejected: number;
    requestId: string | null;
    finished: boolean;
  },
): Promise<void> {
  await db
    .insertInto('imports')
    .values({
      id: values.id,
      workspace_id: values.workspaceId,
      dataset: values.dataset,
      source: values.source,
      status: values.status,
      accepted: values.accepted,
      rejected: values.rejected,
      request_id: values.requestId,
      finished_at: values.finished ? new Date() : null,
    })
    .execute();
}

/** Rejections are written in pages: 10,000 rows can carry many times as many problems. */
export async function insertRejections(
  db: Db,
  importId: string,
  rejections: Rejection[],
  firstSeq = 0,
) {
  const page = 2_000;
  for (let start = 0; start < rejections.length; start += page) {
    await db
      .insertInto('import_rejections')
      .values(
        rejections.slice(start, start + page).map((r, i) => ({
          import_id: importId,
          seq: firstSeq + start + i,
          row: r.row,
          field: r.field,
          message: r.message,
          value: r.value ?? null,
        })),
      )
      .execute();
  }
}

/** Newest first. Ids are UUIDv7, so their order is their creation order. */
export async function listImports(
  db: Db,
  workspaceId: string,
  opts: { cursor?: string | undefined; limit: number },
) {
  let query = db
    .selectFrom('imports')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('id', 'desc')
    .limit(opts.limit + 1);
  if (opts.cursor) query = query.where('id', '<', opts.cursor);
  const rows = await query.execute();
  const items = rows.slice(0, opts.limit).map(toSummary);
  return {
    items,
    nextCursor: rows.length > opts.limit ? (items.at(-1)?.id ?? null) : null,
  };
}

/** An import of the workspace; another workspace's is "not found", never "forbidden". */
export async function findImport(
  db: Db,
  id: string,
  workspaceId: string,
): Promise<ImportDetail | undefined> {
  const row = await db
    .selectFrom('imports')
    .selectAll()
    .where('id', '=', id)
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  if (!row) return undefined;
  const rejections = await db
    .selectFrom('import_rejections')
    .select(['row', 'field', 'message', 'value'])
    .where('import_id', '=', id)
    .orderBy('seq')
    .execute();
  return {
    ...toSummary(row),
    rejections: rejections.map((r) => ({
      row: r.row,
      field: r.field,
      message: r.message,
      ...(r.value === null ? {} : { value: r.value }),
    })),
  };
}
