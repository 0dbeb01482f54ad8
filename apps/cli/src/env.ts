import { homedir } from 'node:os';
import { join } from 'node:path';
import { readCredentials, type StoredCredentials } from './credentials.js';

/** Where the CLI talks to when nothing says otherwise. */
export const DEFAULT_URL = 'http://127.0.0.1:3000';

/** What the CLI takes from its environment, read in one place so commands get it as an argument. */
export interface CliEnv {
  /** Default for --url ($INTAKE_URL); else the saved login's server, else DEFAULT_URL. */
  url: string | undefined;
  /** Default for --token ($INTAKE_TOKEN); else the saved login's token. */
  token: string | undefined;
  /** For `intake login` in scripts ($INTAKE_PASSWORD); otherwise it asks on a hidden prompt. */
  password: string | undefined;
  /** What `intake login` saved, if anything. */
  credentials: StoredCredentials | undefined;
  /** Where resumable upload URLs and the login are remembered between runs. */
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
  const configDir = env.INTAKE_CONFIG_DIR || join(xdg, 'intake');
  const chunk = Number(env.INTAKE_CHUNK_SIZE);
  return {
    url: env.INTAKE_URL || undefined,
    token: env.INTAKE_TOKEN || undefined,
    password: env.INTAKE_PASSWORD || undefined,
    credentials: readCredentials(configDir),
    configDir,
    cwd: env.INIT_CWD || process.cwd(),
    chunkSize: Number.isInteger(chunk) && chunk > 0 ? chunk : undefined,
  };
}
