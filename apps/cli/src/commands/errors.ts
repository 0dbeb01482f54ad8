import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { restGet } from '../api-client.js';
import { type Command, connection, connectionHelp, connectionOptions, parse } from '../command.js';
import { EXIT, usageError } from '../exit-codes.js';

export const errorsCommand: Command = {
  name: 'errors',
  summary: 'stream the rejected rows of an import as CSV to stdout',
  help: `Usage: intake errors <importId> > errors.csv

Streams GET /api/imports/<id>/errors.csv (line, column, value, message) to stdout, as the
server sends it: nothing is held in memory, so reports of millions of rows are fine.

Options:
${connectionHelp}`,

  async run(argv, env) {
    const { values, positionals } = parse(argv, connectionOptions);
    const [id, ...extra] = positionals;
    if (!id || extra.length > 0) throw usageError('Usage: intake errors <importId>');
    const res = await restGet(
      connection(values, env),
      `/api/imports/${encodeURIComponent(id)}/errors.csv`,
      `Fetching the error report of ${id}`,
    );
    if (!res.body) return EXIT.ok;
    try {
      await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), process.stdout);
    } catch (error) {
      // `intake errors ID | head` closes the pipe early: that is the reader's choice, not a failure.
      if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
    }
    return EXIT.ok;
  },
};
