import type { ErrorIssue, Rejection } from '@intake/schema';

/** Messages for one grid cell, keyed by `cellKey(row, field)`; row is 1-based like Rejection. */
export type CellErrors = ReadonlyMap<string, readonly string[]>;

export const cellKey = (row: number, field: string): string => `${row}:${field}`;

/**
 * Where a server issue points in the grid. Issue paths are zod paths, so the row index in
 * `rows.3.amount` is 0-based; people (and `Rejection.row`) count from 1.
 */
export function issueLocation(path: string): { row: number; field: string } | undefined {
  const match = /^rows\.(\d+)(?:\.(.+))?$/.exec(path);
  if (!match) return undefined;
  return { row: Number(match[1]) + 1, field: match[2] ?? '' };
}

/** Gathers row rejections (client or server) and row-addressed issues into per-cell messages. */
export function toCellErrors(rejections: readonly Rejection[], issues: readonly ErrorIssue[] = []) {
  const errors = new Map<string, string[]>();
  const add = (row: number, field: string, message: string) => {
    const key = cellKey(row, field);
    const list = errors.get(key);
    if (list) {
      if (!list.includes(message)) list.push(message);
    } else errors.set(key, [message]);
  };
  for (const r of rejections) add(r.row, r.field, r.message);
  for (const issue of issues) {
    const at = issueLocation(issue.path);
    if (at) add(at.row, at.field, issue.message);
  }
  return errors as CellErrors;
}
