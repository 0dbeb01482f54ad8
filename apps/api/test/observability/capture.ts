import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { type DatabaseMode, databaseModes } from '../helpers/database-modes.js';
import { type RunningApi, startApi } from '../helpers/start-api.js';

/** Embedded PGlite: for what does not depend on the database (logs, metrics access). */
export const pgliteMode = (): DatabaseMode => databaseModes()[0] as DatabaseMode;

export type LogLine = Record<string, unknown> & { message?: string };

/** A pino destination keeping every line, parsed, and the raw text (for "never contains"). */
export class LogCapture extends Writable {
  readonly lines: LogLine[] = [];
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
    const text = chunk.toString();
    this.text += text;
    for (const line of text.split('\n')) if (line.trim()) this.lines.push(JSON.parse(line));
    done();
  }
  find(predicate: (line: LogLine) => boolean): LogLine | undefined {
    return this.lines.find(predicate);
  }
}

export interface ObservedApi extends RunningApi {
  logs: LogCapture;
}

/** startApi with every log line captured (level info unless `env` says otherwise). */
export async function startObservedApi(
  mode: DatabaseMode,
  env: Record<string, string> = {},
  beforeListen?: (app: FastifyInstance) => void,
): Promise<ObservedApi> {
  const logs = new LogCapture();
  const api = await startApi(
    mode,
    { LOG_LEVEL: 'info', ...env },
    { build: { logDestination: logs }, ...(beforeListen ? { beforeListen } : {}) },
  );
  return { ...api, logs };
}

export async function eventually<T>(check: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
