import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { adminEnv, signInOwner } from './credentials.js';

const apiDir = fileURLToPath(new URL('../..', import.meta.url));

export interface SpawnedProcess {
  child: ChildProcess;
  /**
   * Resolves with the base URL once the process logs the line that says it is ready (a server:
   * once the test admin is signed in there, so the helpers' clients carry its token).
   */
  ready: Promise<string>;
  exited: Promise<number | null>;
  output(): string;
}

/**
 * Runs src/server.ts or src/worker.ts as its own process, as `pnpm dev` does (through tsx), with
 * only the environment given (plus PATH).
 */
export function spawnApi(entry: 'server' | 'worker', env: Record<string, string>): SpawnedProcess {
  const child = spawn(
    process.execPath,
    ['--conditions=@intake/source', '--import', 'tsx', `src/${entry}.ts`],
    {
      cwd: apiDir,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...adminEnv, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const readyLine =
    entry === 'server' ? /Intake is ready at (http:\/\/[\w.:]+)/ : /(Intake worker is running)/;
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      const match = readyLine.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code}: ${output}`)));
  });
  // A test that expects the process to fail never awaits `ready`.
  ready.catch(() => undefined);
  const signedIn =
    entry === 'server'
      ? ready.then(async (url) => {
          await signInOwner(url);
          return url;
        })
      : ready;
  signedIn.catch(() => undefined);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, ready: signedIn, exited, output: () => output };
}
