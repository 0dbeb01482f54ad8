import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cliDir = fileURLToPath(new URL('../..', import.meta.url));

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Where the user "typed" the command: relative paths resolve here (INIT_CWD, as pnpm sets). */
  cwd: string;
  /** The user's config dir (remembered upload URLs). */
  configDir: string;
  env?: Record<string, string>;
}

/** The real CLI as a child process, the way `pnpm intake` runs it, from its TypeScript source. */
export function spawnCli(
  args: string[],
  opts: CliOptions,
): ChildProcess & { done: Promise<CliRun> } {
  const child = spawn(
    process.execPath,
    ['--conditions=@intake/source', '--import', 'tsx', 'src/index.ts', ...args],
    {
      cwd: cliDir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: opts.configDir,
        INIT_CWD: opts.cwd,
        INTAKE_CONFIG_DIR: opts.configDir,
        ...opts.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return Object.assign(child, { done });
}

export const runCli = (args: string[], opts: CliOptions) => spawnCli(args, opts).done;

/** The one JSON line `--json` prints. */
export function jsonLine(run: CliRun): Record<string, unknown> {
  const lines = run.stdout.trim().split('\n');
  if (lines.length !== 1)
    throw new Error(`expected one line on stdout, got:\n${run.stdout}\n${run.stderr}`);
  return JSON.parse(lines[0] ?? '') as Record<string, unknown>;
}

/**
 * `intake login` as the admin into `opts.configDir`, the way a person starts: every later run
 * with the same config dir (and INTAKE_URL) sends the saved token.
 */
export async function loginCli(
  opts: CliOptions,
  account: { email: string; password: string },
): Promise<void> {
  const run = await runCli(['login', '--email', account.email], {
    ...opts,
    env: { ...opts.env, INTAKE_PASSWORD: account.password },
  });
  if (run.code !== 0) throw new Error(`intake login exited ${run.code}: ${run.stderr}`);
}
