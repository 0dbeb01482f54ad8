import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { Connection } from './api-client.js';
import { type CliEnv, DEFAULT_URL } from './env.js';
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

export const connectionHelp = `  --url URL        API base URL (default: $INTAKE_URL, else the server of "intake login",
                   else http://127.0.0.1:3000)
  --token TOKEN    API token, sent as "Authorization: Bearer" (default: $INTAKE_TOKEN, else
                   the one "intake login" saved for that server)
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
  const saved = env.credentials;
  const url = (values.url ?? env.url ?? saved?.url ?? DEFAULT_URL).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(url)) throw usageError(`--url must be an http(s) URL, not ${url}`);
  // The saved token goes only to the server that issued it, never to another --url.
  const savedToken = saved && saved.url === url ? saved.token : undefined;
  return { url, token: values.token ?? env.token ?? savedToken };
}
