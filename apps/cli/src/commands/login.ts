import { hostname } from 'node:os';
import { errorBody, issuedToken, tokenScope } from '@intake/schema';
import { toCliError } from '../api-client.js';
import { type Command, connection, parse } from '../command.js';
import { saveCredentials } from '../credentials.js';
import { CliError, EXIT, usageError } from '../exit-codes.js';
import { ask, askHidden } from '../prompt.js';

const options = {
  url: { type: 'string' },
  email: { type: 'string' },
  workspace: { type: 'string' },
  scope: { type: 'string', default: 'write' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const loginCommand: Command = {
  name: 'login',
  summary: 'sign in and save an API token for the other commands',
  help: `Usage: intake login [--url URL] [--email EMAIL] [--workspace ID] [--scope read|write]

Exchanges your email and password for an API token (POST /api/auth/token) and saves it, with
the server's URL and the workspace, in credentials.json in your config dir
($INTAKE_CONFIG_DIR, else $XDG_CONFIG_HOME/intake, else ~/.config/intake), readable by you
alone. Every other command then sends it as "Authorization: Bearer" to that server.

The password is asked on a hidden prompt, or read from $INTAKE_PASSWORD (for scripts).

Options:
  --url URL          API base URL (default: $INTAKE_URL or http://127.0.0.1:3000)
  --email EMAIL      your account (asked when missing)
  --workspace ID     the workspace the token acts in (default: your first)
  --scope S          write (default) or read
  -h, --help         this help`,

  async run(argv, env) {
    const { values, positionals } = parse(argv, options);
    if (positionals.length > 0) throw usageError('login takes no arguments');
    const scope = tokenScope.safeParse(values.scope);
    if (!scope.success) throw usageError('--scope must be read or write');
    // Not the saved login's server: logging in is how that one is chosen.
    const { url } = connection({ url: values.url }, { ...env, credentials: undefined });
    const email = values.email ?? (await ask('Email: '));
    const password = env.password ?? (await askHidden('Password: '));

    let res: Response;
    try {
      res = await fetch(`${url}/api/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email,
          password,
          scope: scope.data,
          name: `intake CLI on ${hostname()}`,
          ...(values.workspace ? { workspaceId: values.workspace } : {}),
        }),
      });
    } catch (error) {
      throw toCliError(error, `Signing in to ${url}`);
    }
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok) throw refusal(res, body, url);
    const issued = issuedToken.safeParse(body);
    if (!issued.success) {
      throw new CliError(EXIT.internal, `Signing in to ${url}: unexpected answer from the server`);
    }
    const path = await saveCredentials(env.configDir, {
      url,
      token: issued.data.token,
      workspaceId: issued.data.workspaceId,
    });
    const expiry = issued.data.expiresAt ? `, valid until ${issued.data.expiresAt}` : '';
    process.stderr.write(
      `Signed in to ${url} as ${email} (workspace ${issued.data.workspaceId}${expiry}).\nToken saved to ${path}\n`,
    );
    return EXIT.ok;
  },
};

/** Wrong password (401), too many attempts (429, with how long to wait), or another refusal. */
function refusal(res: Response, body: unknown, url: string): CliError {
  const parsed = errorBody.safeParse(body);
  const message = parsed.success ? parsed.data.error.message : res.statusText;
  const code = parsed.success ? parsed.data.error.code : null;
  if (res.status === 401) {
    return new CliError(EXIT.unauthorized, `Signing in to ${url}: ${message}`, code);
  }
  const retryAfter = res.headers.get('retry-after');
  const wait = res.status === 429 && retryAfter ? `; try again in ${retryAfter} s` : '';
  return new CliError(
    EXIT.refused,
    `Signing in to ${url}: ${message} (HTTP ${res.status})${wait}`,
    code,
  );
}
