import { once } from 'node:events';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppRouter } from '@intake/api';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliOptions, jsonLine, loginCli, runCli } from './helpers/run-cli.js';
import { admin, type RunningApi, startApi } from './helpers/start-api.js';

let api: RunningApi;
let dir: string;
beforeAll(async () => {
  [api, dir] = await Promise.all([startApi(), mkdtemp(join(tmpdir(), 'intake-cli-login-'))]);
});
afterAll(async () => {
  await api?.close();
  await rm(dir, { recursive: true, force: true });
});

let configs = 0;
/** A fresh user config dir per test: nobody signed in yet. */
function freshUser(env: Record<string, string> = {}): CliOptions {
  configs += 1;
  return {
    cwd: dir,
    configDir: join(dir, `config-${configs}`),
    env: { INTAKE_URL: api.url, ...env },
  };
}

const saved = async (opts: CliOptions) =>
  JSON.parse(await readFile(join(opts.configDir, 'credentials.json'), 'utf8')) as {
    url: string;
    token: string;
    workspaceId: string;
  };

describe('intake login', () => {
  it('saves a token for the server, readable by the user alone, that later commands send', async () => {
    const opts = freshUser({ INTAKE_PASSWORD: admin.password });
    const run = await runCli(['login', '--email', admin.email], opts);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`Signed in to ${api.url} as ${admin.email}`);

    const file = join(opts.configDir, 'credentials.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(opts.configDir)).mode & 0o777).toBe(0o700);
    const credentials = await saved(opts);
    expect(credentials).toMatchObject({ url: api.url, workspaceId: expect.any(String) });
    expect(credentials.token.length).toBeGreaterThan(20);
    // The secret is in the file, never on the screen.
    expect(run.stdout + run.stderr).not.toContain(credentials.token);

    const list = await runCli(['imports', 'list', '--json'], opts);
    expect(list.code, list.stderr).toBe(0);
    expect(jsonLine(list)).toMatchObject({ items: expect.any(Array) });
  });

  it('refuses a wrong password with the server message and exit 6, saving nothing', async () => {
    const opts = freshUser({ INTAKE_PASSWORD: 'not-the-password-at-all' });
    const run = await runCli(['login', '--email', admin.email], opts);
    expect(run.code).toBe(6);
    expect(run.stderr).toContain('Wrong email or password');
    await expect(stat(join(opts.configDir, 'credentials.json'))).rejects.toThrow(/ENOENT/);
  });

  it('without a password and no terminal to ask on, says how to give one (exit 2)', async () => {
    const run = await runCli(['login', '--email', admin.email], freshUser());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('INTAKE_PASSWORD');
  });
});

describe('commands without a valid token', () => {
  it('never signed in: exit 6 and the way to sign in', async () => {
    const run = await runCli(['imports', 'list'], freshUser());
    expect(run.code).toBe(6);
    expect(run.stderr).toContain('Run "pnpm intake login"');
  });

  it('a revoked token: exit 6 and the way to sign in again', async () => {
    const opts = freshUser();
    await loginCli(opts, admin);
    const { token } = await saved(opts);
    // Revoked the way a person would, from another program holding a token of the account.
    const client = createTRPCClient<AppRouter>({
      links: [
        httpBatchLink({
          url: `${api.url}/trpc`,
          headers: { authorization: `Bearer ${api.token}` },
        }),
      ],
    });
    const before = await client.auth.tokens.query();
    const cliToken = before.items.find((t) => t.name.startsWith('intake CLI on') && !t.revokedAt);
    if (!cliToken) throw new Error(`no CLI token in ${JSON.stringify(before.items)}`);
    await client.auth.revokeToken.mutate({ id: cliToken.id });

    const run = await runCli(['imports', 'list'], opts);
    expect(run.code).toBe(6);
    expect(run.stderr).toContain('Run "pnpm intake login"');
    expect(run.stderr).not.toContain(token);
  });

  it('logout deletes the saved token; the next command is not signed in', async () => {
    const opts = freshUser();
    await loginCli(opts, admin);
    expect((await runCli(['imports', 'list'], opts)).code).toBe(0);

    const out = await runCli(['logout'], opts);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toContain('Signed out');
    await expect(stat(join(opts.configDir, 'credentials.json'))).rejects.toThrow(/ENOENT/);
    expect((await runCli(['imports', 'list'], opts)).code).toBe(6);
    // Twice is fine: nothing to forget.
    expect((await runCli(['logout'], opts)).stderr).toContain('Not signed in');
  });

  it('INTAKE_TOKEN works without a login', async () => {
    const run = await runCli(['imports', 'list', '--json'], freshUser({ INTAKE_TOKEN: api.token }));
    expect(run.code, run.stderr).toBe(0);
  });

  it('sends the saved token only to the server that issued it', async () => {
    const opts = freshUser();
    await loginCli(opts, admin);
    const seen: IncomingHttpHeaders[] = [];
    const other = createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'UNAUTHORIZED', message: 'Sign in first' } }));
    });
    other.listen(0, '127.0.0.1');
    await once(other, 'listening');
    try {
      const { port } = other.address() as AddressInfo;
      const run = await runCli(['errors', 'some-id', '--url', `http://127.0.0.1:${port}`], opts);
      expect(run.code).toBe(6);
      expect(seen).toHaveLength(1);
      expect(seen[0]?.authorization).toBeUndefined();
    } finally {
      other.close();
    }
  });
});
