/**
 * tus 1.0.0 constants and header parsing (https://tus.io/protocols/resumable-upload).
 * Parsers return `undefined` for a malformed value so each route answers 400 its own way.
 */
export const TUS_VERSION = '1.0.0';
export const TUS_EXTENSIONS = [
  'creation',
  'creation-with-upload',
  'creation-defer-length',
  'termination',
  'expiration',
  'checksum',
  'concatenation',
] as const;
export const OFFSET_CONTENT_TYPE = 'application/offset+octet-stream';

/** Upload ids are 32 lower-case hex characters (128 random bits); nothing else reaches the disk. */
export const UPLOAD_ID = /^[0-9a-f]{32}$/;

/** A non-negative integer header (Upload-Offset, Upload-Length) as a safe JS number. */
export function parseNonNegativeInt(value: string | string[] | undefined): number | undefined {
  if (typeof value !== 'string' || !/^\d{1,16}$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Single-valued header as a string (Node joins or arrays duplicates; either is a bad request). */
export function header(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const value = headers[name.toLowerCase()];
  return typeof value === 'string' ? value : undefined;
}

export type UploadConcat =
  | { kind: 'partial' }
  | { kind: 'final'; parts: string[] }
  | { kind: 'none' };

/**
 * `Upload-Concat: partial` or `final;/api/uploads/a /api/uploads/b` (absolute URLs allowed). Each
 * part must be one of our upload URLs with a valid id, else the whole header is refused.
 */
export function parseUploadConcat(
  value: string | undefined,
  prefix: string,
): UploadConcat | undefined {
  if (value === undefined) return { kind: 'none' };
  const trimmed = value.trim();
  if (trimmed === 'partial') return { kind: 'partial' };
  if (!trimmed.startsWith('final;')) return undefined;
  const urls = trimmed.slice('final;'.length).trim().split(/\s+/).filter(Boolean);
  if (urls.length === 0) return undefined;
  const parts: string[] = [];
  for (const url of urls) {
    let path: string;
    try {
      path = new URL(url, 'http://placeholder').pathname;
    } catch {
      return undefined;
    }
    if (!path.startsWith(`${prefix}/`)) return undefined;
    const id = path.slice(prefix.length + 1);
    if (!UPLOAD_ID.test(id)) return undefined;
    parts.push(id);
  }
  return { kind: 'final', parts };
}

/** RFC 9110 IMF-fixdate, the format Upload-Expires uses. */
export const httpDate = (date: Date) => date.toUTCString();
