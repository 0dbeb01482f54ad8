import { CompiledQuery, type QueryExecutorProvider } from 'kysely';

/**
 * What `COPY .. FROM` needs: the table, its columns in the order of the fields, and the data in
 * PostgreSQL's binary COPY format (copy-binary.ts).
 */
export class CopyIn {
  constructor(
    readonly table: string,
    readonly columns: readonly string[],
    readonly data: Uint8Array,
  ) {}

  /** `copy "t" ("a", "b") from <source> with (format binary)`, identifiers quoted. */
  statement(source: 'stdin' | "'/dev/blob'"): string {
    const columns = this.columns.map(quoteIdent).join(', ');
    return `copy ${quoteIdent(this.table)} (${columns}) from ${source} with (format binary)`;
  }
}

/** Rows written by a COPY on the connection of `db` (a transaction, usually). */
export type CopyRows = (db: QueryExecutorProvider, copy: CopyIn) => Promise<number>;

/**
 * Runs a COPY on the very connection `db` executes on, so it belongs to the caller's transaction
 * (a batch and its checkpoint commit together). Kysely hands a query's parameters to the pool
 * client untouched: the pool adapters of client.ts and pglite-pool.ts recognise a lone `CopyIn`
 * parameter and stream it with the engine's own COPY (pg-copy-streams, PGlite's `/dev/blob`).
 */
export const copyRows: CopyRows = async (db, copy) => {
  const result = await db
    .getExecutor()
    .executeQuery(CompiledQuery.raw(copy.statement('stdin'), [copy]));
  return Number(result.numAffectedRows ?? 0n);
};

/** The lone `CopyIn` parameter of a query built by `copyRows`, if that is what it is. */
export function copyInOf(parameters: ReadonlyArray<unknown>): CopyIn | undefined {
  const [first] = parameters;
  return parameters.length === 1 && first instanceof CopyIn ? first : undefined;
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
