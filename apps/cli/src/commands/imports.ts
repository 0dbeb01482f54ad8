import { apiClient, toCliError } from '../api-client.js';
import { type Command, connection, connectionHelp, connectionOptions, parse } from '../command.js';
import { EXIT, usageError } from '../exit-codes.js';
import { formatCount } from '../format.js';
import { Ui } from '../ui.js';

const options = {
  ...connectionOptions,
  limit: { type: 'string', default: '20' },
  cursor: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

export const importsCommand: Command = {
  name: 'imports',
  summary: 'imports list: recent imports, newest first',
  help: `Usage: intake imports list [--limit N] [--cursor ID] [--json]

Options:
  --limit N        how many (1-100, default 20)
  --cursor ID      continue after this import (the "next" id a previous page printed)
  --json           one JSON line {items, nextCursor}
${connectionHelp}`,

  async run(argv, env) {
    const { values, positionals } = parse(argv, options);
    if (positionals[0] !== 'list' || positionals.length > 1) {
      throw usageError('Usage: intake imports list [--limit N] [--json]');
    }
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw usageError('--limit must be a whole number from 1 to 100');
    }
    const client = apiClient(connection(values, env));
    const page = await client.imports.list
      .query({ limit, ...(values.cursor ? { cursor: values.cursor } : {}) })
      .catch((error: unknown) => {
        throw toCliError(error, 'Listing imports');
      });
    const ui = new Ui(values.json);
    if (values.json) {
      ui.result(JSON.stringify(page));
      return EXIT.ok;
    }
    const rows = page.items.map((i) => [
      i.id,
      i.dataset,
      i.status,
      formatCount(i.accepted),
      formatCount(i.rejected),
      i.createdAt.replace('T', ' ').slice(0, 19),
    ]);
    const header = ['id', 'dataset', 'status', 'accepted', 'rejected', 'created (UTC)'];
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]?.length ?? 0)));
    const line = (cells: string[]) =>
      cells
        .map((cell, c) =>
          c === 3 || c === 4 ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0),
        )
        .join('  ')
        .trimEnd();
    ui.result(line(header));
    for (const r of rows) ui.result(line(r));
    if (page.nextCursor) ui.result(`more: intake imports list --cursor ${page.nextCursor}`);
    return EXIT.ok;
  },
};
