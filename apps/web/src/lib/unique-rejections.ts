import type { Rejection } from '@intake/schema';

/**
 * The client's checks and the server's answer use the same schemas, so after sending they
 * usually report the same problems; each is listed once.
 */
export function uniqueRejections(rejections: readonly Rejection[]): Rejection[] {
  const seen = new Set<string>();
  return rejections.filter((r) => {
    const key = `${r.row}\u0000${r.field}\u0000${r.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
