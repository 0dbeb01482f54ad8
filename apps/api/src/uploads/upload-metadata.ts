/**
 * Upload-Metadata: comma-separated `key base64value` pairs, a value may be absent
 * (https://tus.io/protocols/resumable-upload#upload-metadata). Keys are ASCII without spaces or
 * commas and unique. Values are kept as decoded strings and never used as paths.
 */
export type UploadMetadata = Record<string, string | null>;

const KEY = /^[\x21-\x2b\x2d-\x7e]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const MAX_HEADER = 8 * 1024;

export function parseUploadMetadata(header: string | undefined): UploadMetadata | undefined {
  const metadata: UploadMetadata = {};
  if (header === undefined || header.trim() === '') return metadata;
  if (header.length > MAX_HEADER) return undefined;
  for (const pair of header.split(',')) {
    const [key, value, ...rest] = pair.trim().split(' ');
    if (key === undefined || !KEY.test(key) || rest.length > 0 || key in metadata) return undefined;
    if (value === undefined || value === '') {
      metadata[key] = null;
      continue;
    }
    if (!BASE64.test(value) || value.length % 4 === 1) return undefined;
    metadata[key] = Buffer.from(value, 'base64').toString('utf8');
  }
  return metadata;
}

export function serializeUploadMetadata(metadata: UploadMetadata): string {
  return Object.entries(metadata)
    .map(([k, v]) => (v === null ? k : `${k} ${Buffer.from(v, 'utf8').toString('base64')}`))
    .join(',');
}

/**
 * The file's type: the `filetype` metadata when it names an extension or a known media type,
 * else the extension of `filename` (its last path segment only, so `../../x.csv` is just `csv`).
 */
const mediaTypes: Record<string, string> = {
  'text/csv': 'csv',
  'application/csv': 'csv',
  'text/tab-separated-values': 'tsv',
  'application/x-ndjson': 'ndjson',
  'application/jsonl': 'jsonl',
  'application/x-jsonlines': 'jsonl',
};

export function fileTypeOf(metadata: UploadMetadata): string | undefined {
  const declared = metadata.filetype?.trim().toLowerCase();
  if (declared) return mediaTypes[declared] ?? declared.replace(/^\./, '');
  const base = metadata.filename?.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : undefined;
}

/** A name safe to show (and to offer as a download name later): last segment, no controls. */
export function displayName(metadata: UploadMetadata): string | null {
  const base = metadata.filename?.split(/[\\/]/).pop();
  if (!base) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point.
  const clean = base.replace(/[\x00-\x1f\x7f]/g, '').slice(0, 255);
  return clean === '' || clean === '.' || clean === '..' ? null : clean;
}

const HEX = { md5: /^[0-9a-f]{32}$/, sha256: /^[0-9a-f]{64}$/ };

/** The whole-file digests the client declared (`md5`, `sha256` keys, hex); false if malformed. */
export function declaredDigests(
  metadata: UploadMetadata,
): { md5?: string; sha256?: string } | false {
  const out: { md5?: string; sha256?: string } = {};
  for (const key of ['md5', 'sha256'] as const) {
    const value = metadata[key];
    if (value === undefined || value === null) continue;
    const hex = value.trim().toLowerCase();
    if (!HEX[key].test(hex)) return false;
    out[key] = hex;
  }
  return out;
}

/** True when a declared digest differs from the computed one: the upload is corrupt. */
export function contradictsDeclared(
  metadata: UploadMetadata,
  digests: { md5: string; sha256: string },
): boolean {
  const declared = declaredDigests(metadata) || {};
  return (
    (declared.md5 !== undefined && declared.md5 !== digests.md5) ||
    (declared.sha256 !== undefined && declared.sha256 !== digests.sha256)
  );
}
