/**
 * Rows in PostgreSQL's binary COPY format, built from the stored text form of validated values.
 *
 * Why binary: a file import's rows carry two uuid constants (workspace, import) and typed
 * columns; in CSV, PostgreSQL parses every one of them from text. bench/import measured 1M
 * orders into the dataset table: CSV 2.2 s on PostgreSQL (4.6 s on PGlite), binary 1.3 s
 * (2.9 s), below `psql \copy` of the bare file into a plain table (1.4-1.8 s / 2.5-3.0 s).
 *
 * Each encoder writes exactly what PostgreSQL's own text input would store for the same string
 * (test/db/copy-binary.test.ts compares both on real servers): text as UTF-8, numeric in base
 * 10,000 digits (the column's typmod rounds it on the server, as for text), timestamptz as
 * microseconds since 2000-01-01 UTC rounded like PostgreSQL's date-time parser.
 */

/** Writes one field (its length, then its bytes) for a value in its stored text form. */
type FieldEncoder = (out: CopyBuffer, value: string) => void;

/** A column of the COPY: its PostgreSQL type, as in `Column.sqlType` (`text`, `numeric(14,2)`). */
export function fieldEncoder(sqlType: string): FieldEncoder {
  if (sqlType === 'text' || /^(?:char|varchar)\(\d+\)$/.test(sqlType)) return writeText;
  if (/^numeric\(\d+,\d+\)$/.test(sqlType)) return writeNumeric;
  if (sqlType === 'timestamptz') return writeTimestamptz;
  if (sqlType === 'uuid') return writeUuid;
  throw new Error(`no binary COPY encoding for the column type ${sqlType}`);
}

/** "PGCOPY\n\377\r\n\0", then flags and header extension length (both 0). */
const HEADER = new Uint8Array([
  0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
]);

/** A growable byte buffer: the COPY data of one batch. */
class CopyBuffer {
  bytes: Uint8Array<ArrayBuffer>;
  view: DataView;
  at = 0;

  constructor(capacity: number) {
    this.bytes = new Uint8Array(capacity);
    this.view = new DataView(this.bytes.buffer);
  }

  /** Makes room for `n` more bytes. */
  reserve(n: number) {
    if (this.at + n <= this.bytes.length) return;
    const bigger = new Uint8Array(Math.max(this.bytes.length * 2, this.at + n));
    bigger.set(this.bytes.subarray(0, this.at));
    this.bytes = bigger;
    this.view = new DataView(bigger.buffer);
  }

  write(bytes: Uint8Array) {
    this.reserve(bytes.length);
    // A loop: TypedArray.set costs more than the copy itself for the few bytes written here.
    const target = this.bytes;
    for (let i = 0, at = this.at; i < bytes.length; i++, at++) target[at] = bytes[i] as number;
    this.at += bytes.length;
  }
}

/**
 * The rows of one COPY: `columns` from each row's values (null = NULL), then `constants`, the
 * same for every row and so encoded once. `drop` takes back a row already added (a key seen
 * again later in the batch: the last row wins).
 */
export class BinaryCopyRows {
  private readonly out: CopyBuffer;
  private readonly encoders: FieldEncoder[];
  private readonly suffix: Uint8Array;
  private readonly fieldCount: number;
  /** Where each row starts, and the rows dropped since. */
  private readonly starts: number[] = [];
  private readonly dropped = new Set<number>();

  constructor(
    columnTypes: readonly string[],
    constants: readonly { sqlType: string; value: string }[],
    capacity = 1 << 16,
  ) {
    this.encoders = columnTypes.map(fieldEncoder);
    this.fieldCount = columnTypes.length + constants.length;
    const tail = new CopyBuffer(64);
    for (const { sqlType, value } of constants) fieldEncoder(sqlType)(tail, value);
    this.suffix = tail.bytes.slice(0, tail.at);
    this.out = new CopyBuffer(Math.max(capacity, HEADER.length + 2));
    this.out.write(HEADER);
  }

  /** Adds a row, in column order; returns its index for `drop`. */
  add(values: ArrayLike<string | null>): number {
    const { out, encoders } = this;
    this.starts.push(out.at);
    out.reserve(2);
    out.view.setInt16(out.at, this.fieldCount);
    out.at += 2;
    for (let i = 0; i < encoders.length; i++) {
      const value = values[i];
      if (value === null || value === undefined) {
        out.reserve(4);
        out.view.setInt32(out.at, -1);
        out.at += 4;
      } else (encoders[i] as FieldEncoder)(out, value);
    }
    out.write(this.suffix);
    return this.starts.length - 1;
  }

  drop(index: number) {
    this.dropped.add(index);
  }

  /** The COPY data: header, the rows kept, trailer, in a buffer of its own (transferable). */
  finish(): Uint8Array<ArrayBuffer> {
    const { out } = this;
    if (this.dropped.size > 0) {
      // Rare (duplicate keys within a batch): slide the kept rows over the dropped ones.
      let to = this.starts[0] ?? out.at;
      for (let i = 0; i < this.starts.length; i++) {
        const from = this.starts[i] as number;
        const end = this.starts[i + 1] ?? out.at;
        if (this.dropped.has(i)) continue;
        out.bytes.copyWithin(to, from, end);
        to += end - from;
      }
      out.at = to;
      this.dropped.clear();
      this.starts.length = 0;
    }
    out.reserve(2);
    out.view.setInt16(out.at, -1);
    return out.bytes.slice(0, out.at + 2);
  }
}

const utf8 = new TextEncoder();

function writeText(out: CopyBuffer, value: string) {
  const n = value.length;
  out.reserve(4 + n * 3);
  const { bytes } = out;
  const start = out.at + 4;
  let p = start;
  // Most cells are ASCII: copying their code units beats a call into the encoder per cell.
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x80 || c === 0) {
      // PostgreSQL text cannot hold U+0000; validation refuses it before a row gets here.
      if (value.includes('\u0000')) throw new Error('a COPY value cannot contain U+0000');
      p = start + utf8.encodeInto(value, bytes.subarray(start)).written;
      break;
    }
    bytes[p++] = c;
  }
  out.view.setInt32(out.at, p - start);
  out.at = p;
}

const NUMERIC_NEG = 0x4000;
const notANumber = (value: string) => new Error(`not a decimal for binary COPY: ${value}`);

/** Base-10,000 digits of the numeric being written (reused: encoding is synchronous). */
const groups: number[] = [];
let groupCount = 0;

/** A decimal's stored form (`-?\d+(\.\d+)?`) as PostgreSQL's numeric: base-10,000 digits. */
function writeNumeric(out: CopyBuffer, value: string) {
  const negative = value.charCodeAt(0) === 45;
  const dot = value.indexOf('.');
  const intEnd = dot === -1 ? value.length : dot;
  const fracStart = dot === -1 ? value.length : dot + 1;
  let intStart = negative ? 1 : 0;
  if (intStart >= intEnd || (dot !== -1 && fracStart === value.length)) throw notANumber(value);
  while (intStart < intEnd - 1 && value.charCodeAt(intStart) === 48) intStart++;
  const intLength = intEnd - intStart;
  const fracLength = value.length - fracStart;
  // Groups of 4 decimal digits aligned on the point: the integer part gets zeros in front.
  const pad = (4 - (intLength % 4)) % 4;
  groupCount = 0;
  let group = 0;
  let filled = pad;
  for (let k = 0; k < intLength + fracLength; k++) {
    const digit = value.charCodeAt(k < intLength ? intStart + k : fracStart + k - intLength) - 48;
    if (digit < 0 || digit > 9) throw notANumber(value);
    group = group * 10 + digit;
    if (++filled === 4) {
      groups[groupCount++] = group;
      group = 0;
      filled = 0;
    }
  }
  if (filled > 0) groups[groupCount++] = group * 10 ** (4 - filled);
  // `weight`: the power of 10,000 of the first group. PostgreSQL stores no leading or trailing
  // zero groups (zero has no digits at all).
  let weight = (intLength + pad) / 4 - 1;
  let first = 0;
  while (first < groupCount && groups[first] === 0) {
    first++;
    weight--;
  }
  let last = groupCount;
  while (last > first && groups[last - 1] === 0) last--;
  const count = last - first;
  out.reserve(4 + 8 + 2 * count);
  const { view } = out;
  let at = out.at;
  view.setInt32(at, 8 + 2 * count);
  view.setInt16(at + 4, count);
  view.setInt16(at + 6, count === 0 ? 0 : weight);
  view.setUint16(at + 8, negative && count > 0 ? NUMERIC_NEG : 0);
  view.setInt16(at + 10, fracLength);
  at += 12;
  for (let i = first; i < last; i++, at += 2) view.setInt16(at, groups[i] as number);
  out.at = at;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const POSTGRES_EPOCH_DAYS = daysFromCivil(2000, 1, 1);

/** Rounds half to even, as C's rint() does under the default rounding mode. */
function rint(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * A date-time as validated (`YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`) as PostgreSQL's
 * timestamptz: microseconds since 2000-01-01 UTC, the fraction rounded as its parser does
 * (`rint(strtod(fraction) * 1e6)`).
 */
function writeTimestamptz(out: CopyBuffer, value: string) {
  const year = twoDigits(value, 0) * 100 + twoDigits(value, 2);
  const days = daysFromCivil(year, twoDigits(value, 5), twoDigits(value, 8)) - POSTGRES_EPOCH_DAYS;
  let seconds =
    days * 86400 + twoDigits(value, 11) * 3600 + twoDigits(value, 14) * 60 + twoDigits(value, 17);
  let zone = 19;
  let micros = 0;
  if (value.charCodeAt(19) === 46) {
    zone = 20;
    while (zone < value.length && value.charCodeAt(zone) >= 48 && value.charCodeAt(zone) <= 57)
      zone++;
    micros = rint(Number.parseFloat(value.slice(19, zone)) * 1e6);
  }
  const sign = value.charCodeAt(zone);
  if (sign === 43 || sign === 45) {
    const offset = twoDigits(value, zone + 1) * 3600 + twoDigits(value, zone + 4) * 60;
    seconds += sign === 43 ? -offset : offset;
  } else if (sign !== 90 || zone !== value.length - 1) {
    throw notADateTime(value);
  }
  out.reserve(12);
  out.view.setInt32(out.at, 8);
  writeInt64(out.view, out.at + 4, seconds, micros);
  out.at += 12;
}

const notADateTime = (value: string) => new Error(`not a date-time for binary COPY: ${value}`);

/** The number written by the two digits at `at`. */
function twoDigits(value: string, at: number): number {
  const tens = value.charCodeAt(at) - 48;
  const ones = value.charCodeAt(at + 1) - 48;
  if (!(tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9)) throw notADateTime(value);
  return tens * 10 + ones;
}

/**
 * Writes `seconds * 1e6 + micros` as a big-endian int64 without BigInt: the product passes
 * 2^53 for dates far from 2000, so it is assembled from parts that stay exact in a double.
 */
function writeInt64(view: DataView, at: number, seconds: number, micros: number) {
  const secondsHigh = Math.floor(seconds / 2 ** 20);
  const low = (seconds - secondsHigh * 2 ** 20) * 1e6 + micros; // < 2^41
  const high = secondsHigh * 1e6; // the value is high * 2^20 + low
  const highWord = Math.floor(high / 2 ** 12);
  let lowWord = (high - highWord * 2 ** 12) * 2 ** 20;
  const lowCarry = Math.floor(low / 2 ** 32);
  lowWord += low - lowCarry * 2 ** 32;
  let highSum = highWord + lowCarry;
  if (lowWord >= 2 ** 32) {
    lowWord -= 2 ** 32;
    highSum += 1;
  }
  view.setInt32(at, highSum);
  view.setUint32(at + 4, lowWord);
}

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function writeUuid(out: CopyBuffer, value: string) {
  if (!uuidShape.test(value)) throw new Error(`not a uuid for binary COPY: ${value}`);
  const hex = value.replaceAll('-', '');
  out.reserve(20);
  out.view.setInt32(out.at, 16);
  for (let i = 0; i < 16; i++)
    out.bytes[out.at + 4 + i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  out.at += 20;
}
