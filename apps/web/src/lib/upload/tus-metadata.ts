/**
 * `Upload-Metadata` header value: comma-separated `key base64(value)` pairs, values as UTF-8
 * (https://tus.io/protocols/resumable-upload#upload-metadata). tus-js-client encodes its own
 * `metadata` option, but the final upload's header is written here (see use-tus-upload.ts)
 * because the digests are only known once the hash worker is done.
 */
export function encodeTusMetadata(metadata: Record<string, string>): string {
  return Object.entries(metadata)
    .map(([key, value]) => `${key} ${base64Utf8(value)}`)
    .join(',');
}

function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
