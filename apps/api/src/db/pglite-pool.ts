import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import { copyInOf } from './copy-rows.js';

type Command = PostgresQueryResult<unknown>['command'];
const commands = new Set<string>([
  'UPDATE',
  'DELETE',
  'INSERT',
  'SELECT',
  'MERGE',
  'COMMIT',
  'ROLLBACK',
]);

/**
 * Presents one embedded PGlite database as the `pg.Pool` Kysely's PostgresDialect expects, so
 * the embedded and the scale-out modes share Kysely's own Postgres driver (transactions,
 * savepoints, errors). PGlite is a single connection: a transaction must own it until it ends,
 * so `connect()` hands it out to one holder at a time, in arrival order. A query whose lone
 * parameter is a `CopyIn` (copy-rows.ts) is PGlite's COPY from `/dev/blob`.
 */
export function pglitePool(db: PGlite): PostgresPool {
  let tail: Promise<void> = Promise.resolve();

  const client = (release: () => void): PostgresPoolClient =>
    ({
      async query<R>(sql: string, parameters: ReadonlyArray<unknown>) {
        const copy = copyInOf(parameters);
        if (copy) {
          const copied = await db.query(copy.statement("'/dev/blob'"), [], {
            blob: blobOf(copy.data),
          });
          return { command: 'INSERT', rowCount: copied.affectedRows ?? 0, rows: [] };
        }
        const result = await db.query<R>(sql, [...parameters]);
        // PGlite reports no command tag; the statement's first keyword is what Kysely needs to
        // count affected rows.
        const keyword = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? 'SELECT';
        const command = (commands.has(keyword) ? keyword : 'SELECT') as Command;
        return {
          command,
          rowCount: result.affectedRows ?? result.rows.length,
          rows: result.rows,
        } satisfies PostgresQueryResult<R>;
      },
      release,
    }) as PostgresPoolClient;

  return {
    connect() {
      let release!: () => void;
      const turn = new Promise<void>((resolve) => {
        release = resolve;
      });
      const ready = tail.then(() => client(release));
      tail = tail.then(() => turn);
      return ready;
    },
    async end() {
      await tail;
    },
  };
}

/**
 * The COPY data as the `blob` PGlite reads `/dev/blob` from. PGlite only calls `arrayBuffer()`
 * on it, so the bytes are handed over as they are. A real Blob copied each batch into native
 * memory that V8 does not count: its small wrapper outlived the batch until a full collection,
 * and a 299 MB import grew the process by ~700 MB (bench/import).
 */
function blobOf(data: Uint8Array): Blob {
  const bytes =
    data.byteOffset === 0 && data.byteLength === data.buffer.byteLength
      ? data.buffer
      : data.slice().buffer;
  return { arrayBuffer: async () => bytes } as unknown as Blob;
}
