import type { Rejection } from '@intake/schema';

export interface Problem {
  field: string;
  message: string;
  lines: number;
}

/**
 * The sample's problems grouped by column and message, most frequent first: "amount: must be a
 * number (20 lines)" says what to fix where a grid of red cells only says that something is off.
 */
export function summariseProblems(rejections: readonly Rejection[]): Problem[] {
  const groups = new Map<string, { field: string; message: string; lines: Set<number> }>();
  for (const r of rejections) {
    const key = `${r.field}\u0000${r.message}`;
    const group = groups.get(key) ?? { field: r.field, message: r.message, lines: new Set() };
    group.lines.add(r.row);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map((g) => ({ field: g.field, message: g.message, lines: g.lines.size }))
    .sort((a, b) => b.lines - a.lines);
}
