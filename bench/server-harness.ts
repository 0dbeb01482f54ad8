// What the HTTP benchmarks share: servers pinned to core 0 and the load generator to core 1, a
// free port, a server process's CPU time, waiting for a started API to answer, and the load.
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import autocannon from 'autocannon';

/**
 * Pins this process (the load generator) to core 1 and returns the command prefix that pins a
 * server to core 0, or [] where taskset is missing or `PIN=0` (on a machine busy with other
 * work, one pinned core can starve the servers).
 */
export function pinning(): string[] {
  if (process.env.PIN === '0') return [];
  try {
    execFileSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
    execFileSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
    return ['taskset', '-c', '0'];
  } catch {
    return [];
  }
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/** utime + stime of a process, in microseconds (`man 5 proc`, clock ticks of 10 ms). */
export async function processCpuMicros(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/** Resolves once the API at `url` answers /healthz; throws if `child` exits or `seconds` pass. */
export async function waitForHealthy(
  url: string,
  child: ChildProcess,
  label: string,
  seconds = 120,
): Promise<void> {
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`${label} server exited`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (i > seconds * 10) throw new Error(`${label} server did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Runs autocannon with `options` and returns requests per second and the total; any non-2xx
 * answer or error fails the run, since a benchmark of refusals measures nothing.
 */
export async function load(options: autocannon.Options): Promise<{ rps: number; total: number }> {
  const result = await autocannon(options);
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${options.url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  }
  return { rps: result.requests.average, total: result.requests.total };
}
