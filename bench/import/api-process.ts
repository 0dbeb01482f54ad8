import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { benchAdminEnv, signIn } from '../api-sign-in.js';

const apiDir = fileURLToPath(new URL('../../apps/api', import.meta.url));

export interface ApiProcess {
  url: string;
  /** The admin's `authorization` header for this API. */
  auth: Record<string, string>;
  child: ChildProcess;
  /** Peak resident set of the process so far (VmHWM), in MB. */
  peakRssMb(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The API (with its in-process import worker) as its own process, started as `pnpm start` does
 * (`node dist/server.js`, built first), so its memory is measured alone and without a TypeScript
 * loader's. Resolves once it logs that it is ready and the admin has signed in.
 */
export async function startApiProcess(env: Record<string, string>): Promise<ApiProcess> {
  buildApi();
  const child = spawn(process.execPath, ['dist/server.js'], {
    cwd: apiDir,
    env: {
      PATH: process.env.PATH ?? '',
      LOG_LEVEL: 'info',
      PORT: '0',
      ...benchAdminEnv,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      // Only the start-up lines matter; later request logs are dropped.
      if (output.length < 100_000) output += d.toString();
      const match = /Intake is ready at (http:\/\/[\w.:]+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`API exited with ${code}: ${output}`)));
  });
  return {
    url,
    auth: await signIn(url),
    child,
    async peakRssMb() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return kb / 1024;
    },
    close() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}

let built = false;
/** `pnpm build` of the API and the packages it imports, once per run (turbo: cached if fresh). */
function buildApi() {
  if (built) return;
  execFileSync('pnpm', ['turbo', 'run', 'build', '--filter=@intake/api...'], {
    cwd: apiDir,
    stdio: 'ignore',
  });
  built = true;
}
