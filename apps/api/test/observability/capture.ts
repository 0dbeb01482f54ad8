import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { type DatabaseMode, databaseModes } from '../helpers/database-modes.js';

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

export interface ObservedApi {
  app: FastifyInstance;
  url: string;
  logs: LogCapture;
  close(): Promise<void>;
}

/** startApi's twin that captures log lines; `beforeListen` may add test-only routes. */
export async function startObservedApi(
  mode: DatabaseMode,
  env: Record<string, string> = {},
  beforeListen?: (app: FastifyInstance) => void,
): Promise<ObservedApi> {
  const storage = await mode.prepare();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info', ...storage.env, ...env });
  const logs = new LogCapture();
  const app = await buildApp(config, { logDestination: logs });
  beforeListen?.(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    logs,
    async close() {
      await app.close();
      await storage.cleanup();
    },
  };
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
