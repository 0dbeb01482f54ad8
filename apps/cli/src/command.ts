import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { Connection } from './api-client.js';
import type { CliEnv } from './env.js';
import { type ExitCode, usageError } from './exit-codes.js';

/** One `intake <verb>`: its help text and what it does. Returns the exit code. */
export interface Command {
  name: string;
  summary: string;
  help: string;
  run(argv: string[], env: CliEnv): Promise<ExitCode>;
}

/** Options every command that talks to the server takes. */
export const connectionOptions = {
  url: { type: 'string' },
  token: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export const connectionHelp = `  --url URL        API base URL (default: $INTAKE_URL or http://127.0.0.1:3000)
  --token TOKEN    sent as "Authorization: Bearer", for when the server requires it
                   (default: $INTAKE_TOKEN)
  -h, --help       this help`;

/** node:util parseArgs, strict, with its complaints turned into usage errors (exit 2). */
export function parse<const O extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: O,
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageError(error instanceof Error ? error.message : String(error));
  }
}

export function connection(
  values: { url?: string | undefined; token?: string | undefined },
  env: CliEnv,
): Connection {
  const url = (values.url ?? env.url).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(url)) throw usageError(`--url must be an http(s) URL, not ${url}`);
  return { url, token: values.token ?? env.token };
}
