import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type DatabaseHandle, openDatabase } from '../../src/db/client.js';
import { BinaryCopyRows } from '../../src/db/copy-binary.js';
import { CopyIn } from '../../src/db/copy-rows.js';
import { databaseModes } from '../helpers/database-modes.js';

/** Every column type the datasets use, and a wider numeric. */
const COLUMNS = {
  t: 'text',
  c: 'char(3)',
  n: 'numeric(14,2)',
  w: 'numeric(30,6)',
  ts: 'timestamptz',
} as const;
const names = Object.keys(COLUMNS);
const types = Object.values(COLUMNS);

type Row = (string | null)[];

const digits = (min: number, max: number) =>
  fc
    .array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max })
    .map((d) => d.join(''));

/** A decimal as validation stores it: sign, leading zeros, up to `scale` places. */
const decimal = (intDigits: number, scale: number) =>
  fc
    .tuple(fc.boolean(), fc.nat(3), digits(1, intDigits), fc.option(digits(1, scale)))
    .map(
      ([negative, zeros, int, frac]) =>
        `${negative ? '-' : ''}${'0'.repeat(zeros)}${int}${frac === null ? '' : `.${frac}`}`,
    );

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const leap = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
const daysIn = (year: number, month: number) =>
  month === 2 ? (leap(year) ? 29 : 28) : new Date(Date.UTC(2001, month, 0)).getUTCDate();

/** Date-times of the validated shape over PostgreSQL's range, fractions of any length. */
const datetime = fc
  .record({
    year: fc.integer({ min: 1, max: 9999 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
    time: fc.tuple(fc.nat(23), fc.nat(59), fc.nat(59)),
    fraction: fc.option(fc.oneof(digits(1, 12), fc.constantFrom('9999995', '0000005', '5'))),
    zone: fc.oneof(
      fc.constant('Z'),
      fc
        .tuple(fc.constantFrom('+', '-'), fc.nat(15), fc.nat(59))
        .map(([sign, h, m]) => `${sign}${pad(h)}:${pad(m)}`),
    ),
  })
  .map(({ year, month, day, time: [h, m, s], fraction, zone }) => {
    const d = Math.min(day, daysIn(year, month));
    const f = fraction === null ? '' : `.${fraction}`;
    return `${pad(year, 4)}-${pad(month)}-${pad(d)}T${pad(h)}:${pad(m)}:${pad(s)}${f}${zone}`;
  });

const row: fc.Arbitrary<Row> = fc.tuple(
  fc.option(fc.string({ unit: fc.oneof(fc.constant('binary'), fc.constant('grapheme')) as never })),
  fc.option(fc.string({ unit: 'binary-ascii', maxLength: 3 })),
  fc.option(decimal(12, 2)),
  fc.option(decimal(24, 6)),
  fc.option(datetime),
);

/** Cells PostgreSQL cannot hold in text (U+0000) are refused by validation before COPY. */
const storable = (r: Row) => !r.some((v) => v?.includes('\u0000'));

const edgeRows: Row[] = [
  ['', '', '0', '-0.000000', '0001-01-01T00:00:00.9999995+15:59'],
  ['a', 'ab ', '-0', '000000000000000000000000.5', '9999-12-31T23:59:59.9999999-15:59'],
  [
    'Zoë 北京 😀',
    'é',
    '999999999999.99',
    '-999999999999999999999999.999999',
    '2000-01-01T00:00:00Z',
  ],
  ['\\N', '\\.', '0.01', '0.000001', '1999-12-31T23:59:59.999999Z'],
  [null, null, null, null, null],
  ['x', 'USD', '10000', '100000000.0001', '2026-01-02T09:00:01.0000005Z'],
  ['y', 'EUR', '79.1', '1.1', '1600-02-29T12:00:00+01:30'],
  ['z', 'GBP', '5', '12345678', '2262-04-11T23:47:16.854775Z'],
];

describe.each(databaseModes())('binary COPY on $name', (mode) => {
  let database: DatabaseHandle;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const storage = await mode.prepare();
    cleanup = storage.cleanup;
    database = await openDatabase(
      loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...storage.env }),
    );
    for (const table of ['by_copy', 'by_text']) {
      const columns = names.map((name, i) => sql`${sql.id(name)} ${sql.raw(types[i] as string)}`);
      await sql`create table ${sql.id(table)} (k text primary key, ${sql.join(columns)}, u uuid)`.execute(
        database.db,
      );
    }
  });
  afterAll(async () => {
    await database?.close();
    await cleanup?.();
  });

  /**
   * Loads `rows` through our binary COPY and through PostgreSQL's own text input of the same
   * strings; returns both tables as PostgreSQL prints them.
   */
  async function loadBothWays(rows: Row[]) {
    const workspace = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const key = (i: number) => String(i).padStart(6, '0');
    await sql`truncate by_copy, by_text`.execute(database.db);
    const copy = new BinaryCopyRows(['text', ...types], [{ sqlType: 'uuid', value: workspace }]);
    for (const [i, values] of rows.entries()) copy.add([key(i), ...values]);
    await database.db.transaction().execute(async (tx) => {
      await database.copyRows(tx, new CopyIn('by_copy', ['k', ...names, 'u'], copy.finish()));
    });
    const list = sql.join(names.map((name) => sql.id(name)));
    const casts = names.map((name, i) => sql`${sql.id(name)}::${sql.raw(types[i] as string)}`);
    const arrays = names.map((_, i) => sql`${rows.map((r) => r[i] ?? null)}::text[]`);
    await sql`insert into by_text (k, ${list}, u)
      select ${sql.join([sql`lpad((ord - 1)::text, 6, '0')`, ...casts])}, ${workspace}::uuid
      from unnest(${sql.join(arrays)}) with ordinality as v(${list}, ord)`.execute(database.db);
    const read = (table: string) =>
      sql<Record<string, string | null>>`select k, t, c, n::text, w::text, ts::text, u::text
        from ${sql.id(table)} order by k`
        .execute(database.db)
        .then((result) => result.rows);
    return { copied: await read('by_copy'), typed: await read('by_text') };
  }

  it('stores exactly what PostgreSQL stores for the same text: edge values', async () => {
    const { copied, typed } = await loadBothWays(edgeRows);
    expect(copied).toHaveLength(edgeRows.length);
    expect(copied).toEqual(typed);
  });

  it('stores exactly what PostgreSQL stores for the same text: random values', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row.filter(storable), { minLength: 1, maxLength: 40 }),
        async (rows) => {
          const { copied, typed } = await loadBothWays(rows);
          expect(copied).toEqual(typed);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('drops a row taken back (a key seen again later in a batch)', async () => {
    const copy = new BinaryCopyRows(['text', 'text'], []);
    const first = copy.add(['000000', 'first']);
    copy.add(['000001', 'kept']);
    copy.drop(first);
    copy.add(['000002', 'last']);
    await sql`create temp table two (k text, t text)`.execute(database.db);
    await database.db.transaction().execute(async (tx) => {
      await database.copyRows(tx, new CopyIn('two', ['k', 't'], copy.finish()));
      const rows = await sql<{ t: string }>`select t from two order by k`.execute(tx);
      expect(rows.rows.map((r) => r.t)).toEqual(['kept', 'last']);
    });
  });
});
