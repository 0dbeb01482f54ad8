import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyInOf } from './copy-rows.js';

/**
 * A `pg.Pool` as Kysely's PostgresDialect sees it, whose clients also run `copyRows`: a query
 * whose lone parameter is a `CopyIn` is streamed with pg-copy-streams on that same client, so
 * the COPY joins whatever transaction the client is in. Everything else is the client's own.
 */
export function copyingPool(pool: pg.Pool): PostgresPool {
  // Kysely keys its connection objects by client identity: one wrapper per pooled client.
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient =>
    ({
      async query<R>(text: string, parameters: ReadonlyArray<unknown>) {
        const copy = copyInOf(parameters);
        if (copy) {
          const stream = client.query(copyFrom(copy.statement('stdin')));
          const { buffer, byteOffset, byteLength } = copy.data;
          await pipeline(Readable.from([Buffer.from(buffer, byteOffset, byteLength)]), stream);
          return { command: 'INSERT', rowCount: stream.rowCount, rows: [] };
        }
        const result = await client.query(text, [...parameters]);
        // pg's command tags include BEGIN, COPY, ...: Kysely only looks for the ones it names.
        return {
          command: result.command as PostgresQueryResult<R>['command'],
          rowCount: result.rowCount ?? 0,
          rows: result.rows as R[],
        } satisfies PostgresQueryResult<R>;
      },
      release: (destroy?: boolean) => client.release(destroy),
    }) as PostgresPoolClient;
  return {
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        wrapper = wrap(client);
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}
