import { CompiledQuery, type QueryExecutorProvider } from 'kysely';

/**
 * What `COPY .. FROM` needs: the table, its columns in the order of the CSV fields, and the CSV
 * text itself (PostgreSQL's CSV format, no header).
 */
export class CopyIn {
  constructor(
    readonly table: string,
    readonly columns: readonly string[],
    readonly csv: string,
  ) {}

  /** `copy "t" ("a", "b") from <source> with (format csv)`, identifiers quoted. */
  statement(source: 'stdin' | "'/dev/blob'"): string {
    const columns = this.columns.map(quoteIdent).join(', ');
    return `copy ${quoteIdent(this.table)} (${columns}) from ${source} with (format csv)`;
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

/**
 * One CSV field as PostgreSQL's COPY (format csv) reads it: NULL is an unquoted empty field, any
 * string is quoted with its quotes doubled, so commas, newlines, backslashes, a lone `\.` and an
 * empty string arrive exactly. Text cannot hold U+0000 in PostgreSQL: validation refuses it
 * before a row gets here, and this refuses it too rather than fail the batch on the server.
 */
export function csvField(value: string | null): string {
  if (value === null) return '';
  if (value.includes('\u0000')) throw new Error('a COPY value cannot contain U+0000');
  return `"${value.includes('"') ? value.replaceAll('"', '""') : value}"`;
}

/**
 * COPY (format csv) text of `rows`: the fields of `columns` in order, then `constants` (the same
 * for every row, so encoded once), one line per row.
 */
export function csvLines(
  rows: Iterable<Record<string, string | null>>,
  columns: readonly string[],
  constants: readonly string[],
): string {
  const suffix = constants.map((value) => `,${csvField(value)}`).join('');
  let csv = '';
  for (const row of rows) {
    let line = '';
    for (const name of columns) line += `${csvField(row[name] ?? null)},`;
    csv += `${line.slice(0, -1)}${suffix}\n`;
  }
  return csv;
}
