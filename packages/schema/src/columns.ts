import { z } from 'zod';
import { countryCodes } from './country-codes.js';

/**
 * A dataset column: how a value is validated (a zod schema producing the stored form) and how
 * it is stored (a PostgreSQL type). Values are normalised to strings so numbers and dates reach
 * the database exactly as written, never through a float.
 */
export interface Column<T extends string = string> {
  kind: ColumnKind;
  /** PostgreSQL column type used for the dataset table. */
  sqlType: string;
  required: boolean;
  description: string;
  /** Validates one raw cell (number, string, ...) and returns the stored text form. */
  schema: z.ZodType<T | null>;
  /** The parameters `schema` was built from, for compiled-row-check.ts's fast path. */
  rule: ColumnRule;
}

/** What a column kind checks, as data (the messages stay in `schema`). */
export type ColumnRule =
  | { kind: 'text'; min: number; max: number }
  | { kind: 'email' }
  | { kind: 'decimal'; precision: number; scale: number; min: number | undefined }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'datetime' }
  | { kind: 'phone'; pattern: RegExp }
  | { kind: 'currency' | 'country'; codes: ReadonlySet<string> };

export type ColumnKind =
  | 'text'
  | 'email'
  | 'decimal'
  | 'currency'
  | 'enum'
  | 'datetime'
  | 'phone'
  | 'country';

type Builder<T extends string> = Omit<Column<T>, 'required' | 'schema'> & {
  schema: z.ZodType<T>;
};

function required<T extends string>(col: Builder<T>): Column<T> {
  return { ...col, required: true, schema: col.schema as z.ZodType<T | null> };
}

/** The message for a cell holding the character U+0000 (NUL). */
export const NUL_MESSAGE = 'must not contain the NUL character (U+0000)';

const isBlank = (value: unknown) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** An optional column: absent, null and blank cells are stored as NULL. */
export function optional<T extends string>(col: Column<T>): Column<T> {
  return {
    ...col,
    required: false,
    schema: z.preprocess(
      (v) => (isBlank(v) ? null : v),
      col.schema.nullable(),
    ) as z.ZodType<T | null>,
  };
}

/**
 * Cells arrive as strings (CSV) or JSON scalars; anything else is not a text value. PostgreSQL
 * text cannot hold U+0000, so a cell with one is refused here rather than failing its batch.
 */
const cellString = z.preprocess(
  (v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v),
  z
    .string({ error: (i) => (i.input === undefined ? 'is required' : 'must be text') })
    .refine((v) => !v.includes('\u0000'), { error: NUL_MESSAGE, abort: true }),
);

export function text(opts: { min?: number; max: number }): Column {
  const min = opts.min ?? 1;
  return required({
    kind: 'text',
    rule: { kind: 'text', min, max: opts.max },
    sqlType: 'text',
    description: `text, ${min}-${opts.max} characters`,
    schema: cellString.pipe(
      z
        .string()
        .trim()
        .min(min, { error: min === 1 ? 'must not be empty' : `must be at least ${min} characters` })
        .max(opts.max, { error: `must be at most ${opts.max} characters` }),
    ),
  });
}

export function email(): Column {
  return required({
    kind: 'email',
    rule: { kind: 'email' },
    sqlType: 'text',
    description: 'email address',
    schema: cellString.pipe(
      z
        .string()
        .trim()
        .toLowerCase()
        .pipe(z.email({ error: 'must be a valid email address' })),
    ),
  });
}

/**
 * Exact decimal. Numbers are read through their shortest string form, so 0.1 + 0.2 (which is
 * 0.30000000000000004) is refused for having too many places instead of being silently rounded.
 */
export function decimal(opts: { scale: number; precision: number; min?: number }): Column {
  const intDigits = opts.precision - opts.scale;
  const shape = /^-?(\d+)(?:\.(\d+))?$/;
  return required({
    kind: 'decimal',
    rule: { kind: 'decimal', precision: opts.precision, scale: opts.scale, min: opts.min },
    sqlType: `numeric(${opts.precision},${opts.scale})`,
    description: `decimal${opts.min === undefined ? '' : ` >= ${opts.min}`}, at most ${opts.scale} decimal places`,
    schema: cellString.pipe(
      z
        .string()
        .trim()
        .superRefine((value, ctx) => {
          const match = shape.exec(value);
          if (!match) return void ctx.addIssue({ code: 'custom', message: 'must be a number' });
          const [, int = '', frac = ''] = match;
          if (opts.min !== undefined && Number(value) < opts.min) {
            return void ctx.addIssue({ code: 'custom', message: `must be >= ${opts.min}` });
          }
          if (frac.length > opts.scale) {
            return void ctx.addIssue({
              code: 'custom',
              message: `must have at most ${opts.scale} decimal places`,
            });
          }
          if (int.replace(/^0+(?=\d)/, '').length > intDigits) {
            ctx.addIssue({ code: 'custom', message: `must be less than 10^${intDigits}` });
          }
        }),
    ),
  });
}

// ICU's list of currencies is the ISO 4217 list, available in Node and every current browser.
const currencies = new Set(Intl.supportedValuesOf('currency'));

export function currency(): Column {
  return required({
    kind: 'currency',
    rule: { kind: 'currency', codes: currencies },
    sqlType: 'char(3)',
    description: 'ISO 4217 currency code (USD, EUR, CNY, ...)',
    schema: cellString.pipe(
      z
        .string()
        .trim()
        .toUpperCase()
        .refine((code) => currencies.has(code), {
          error: 'must be an ISO 4217 currency code such as USD',
        }),
    ),
  });
}

export function oneOf<const V extends readonly [string, ...string[]]>(
  values: V,
): Column<V[number]> {
  return required({
    kind: 'enum',
    rule: { kind: 'enum', values },
    sqlType: 'text',
    description: `one of ${values.join(', ')}`,
    schema: cellString.pipe(
      z
        .string()
        .trim()
        .toLowerCase()
        .pipe(z.enum(values, { error: `must be one of ${values.join(', ')}` })),
    ) as z.ZodType<V[number]>,
  });
}

/**
 * Of date-times in the ISO shape, those PostgreSQL's timestamptz takes: it has no year 0000 and
 * refuses UTC offsets of 16 hours or more (zod's pattern allows both).
 */
export function datetimeInPostgresRange(value: string): boolean {
  if (value.startsWith('0000')) return false;
  const zone = value.at(-6);
  return (zone !== '+' && zone !== '-') || value.slice(-5, -3) < '16';
}

export function datetime(): Column {
  return required({
    kind: 'datetime',
    rule: { kind: 'datetime' },
    sqlType: 'timestamptz',
    description: 'ISO 8601 date-time with offset, e.g. 2026-01-31T09:30:00+08:00',
    schema: cellString.pipe(
      z
        .string()
        .trim()
        .pipe(
          z.iso.datetime({
            offset: true,
            error: 'must be an ISO 8601 date-time with offset, e.g. 2026-01-31T09:30:00Z',
          }),
        )
        .refine(datetimeInPostgresRange, {
          error: 'must be from year 0001 on, with a UTC offset within ±15:59',
        }),
    ),
  });
}

const e164 = /^\+[1-9]\d{1,14}$/;

export function phone(): Column {
  return required({
    kind: 'phone',
    rule: { kind: 'phone', pattern: e164 },
    sqlType: 'text',
    description: 'E.164 phone number, e.g. +14155550100',
    schema: cellString.pipe(
      z.string().trim().regex(e164, { error: 'must be an E.164 phone number like +14155550100' }),
    ),
  });
}

export function country(): Column {
  return required({
    kind: 'country',
    rule: { kind: 'country', codes: countryCodes },
    sqlType: 'char(2)',
    description: 'ISO 3166-1 alpha-2 country code (US, DE, CN, ...)',
    schema: cellString.pipe(
      z
        .string()
        .trim()
        .toUpperCase()
        .refine((code) => countryCodes.has(code), {
          error: 'must be an ISO 3166-1 alpha-2 country code such as US',
        }),
    ),
  });
}
