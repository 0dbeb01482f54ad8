import { homedir } from 'node:os';
import { join } from 'node:path';

/** What the CLI takes from its environment, read in one place so commands get it as an argument. */
export interface CliEnv {
  /** Default for --url. */
  url: string;
  /** Default for --token. */
  token: string | undefined;
  /** Where resumable upload URLs are remembered between runs. */
  configDir: string;
  /**
   * The directory relative paths are resolved against: `pnpm intake` runs in apps/cli, and pnpm
   * sets INIT_CWD to where the user typed the command.
   */
  cwd: string;
  /** Hidden: tus chunk size in bytes (tests use a small one to kill the CLI mid-upload). */
  chunkSize: number | undefined;
}

export function readEnv(env: NodeJS.ProcessEnv = process.env): CliEnv {
  const xdg = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  const chunk = Number(env.INTAKE_CHUNK_SIZE);
  return {
    url: env.INTAKE_URL || 'http://127.0.0.1:3000',
    token: env.INTAKE_TOKEN || undefined,
    configDir: env.INTAKE_CONFIG_DIR || join(xdg, 'intake'),
    cwd: env.INIT_CWD || process.cwd(),
    chunkSize: Number.isInteger(chunk) && chunk > 0 ? chunk : undefined,
  };
}
