// Cost of observability per request: the API with Prometheus metrics + one ECS log line per
// request (LOG_LEVEL=info, stdout to /dev/null) against the same API with both off
// (METRICS_ENABLED=false, LOG_LEVEL=silent), same build, same run. Workload: GET /api/datasets
// (a cheap query through the REST face and tRPC) and GET /trpc/datasets.list. Both servers are
// started once on core 0 (`taskset`), autocannon runs on core 1; rounds alternate which variant
// goes first, and the figure is the median of the rounds' on/off ratios (each round measures both
// back to back, so load from other work on the machine hits both alike). Goal: >= 0.9x.
//
//   pnpm --filter @intake/bench observability
//   env: ON (both | metrics | logs), ROUNDS (8), DURATION seconds (2), WARMUP seconds (1), CONNECTIONS (32), PIPELINING (1)
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchAdminEnv, signIn } from '../api-sign-in.js';
import { freePort, load, pinning, processCpuMicros, waitForHealthy } from '../server-harness.js';
import { median } from '../stats.js';

const apiDir = fileURLToPath(new URL('../../apps/api', import.meta.url));
const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const ROUNDS = env('ROUNDS', 8);
const DURATION = env('DURATION', 2);
const WARMUP = env('WARMUP', 1);
const CONNECTIONS = env('CONNECTIONS', 32);
const PIPELINING = env('PIPELINING', 1);
const PATHS = (process.env.PATHS ?? '/api/datasets,/trpc/datasets.list').split(',');

// ON=metrics or ON=logs measures one of the two alone (to find which one costs).
const ON = process.env.ON ?? 'both';
const VARIANTS = {
  on: {
    METRICS_ENABLED: ON === 'logs' ? 'false' : 'true',
    LOG_LEVEL: ON === 'metrics' ? 'silent' : 'info',
  },
  off: { METRICS_ENABLED: 'false', LOG_LEVEL: 'silent' },
} as const;
type Variant = keyof typeof VARIANTS;

interface Server {
  url: string;
  /** The admin's `authorization` header. */
  headers: Record<string, string>;
  /** Server CPU time so far (user + system), microseconds, from /proc. */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

async function startServer(variant: Variant, pin: string[]): Promise<Server> {
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), `intake-bench-obs-${variant}-`));
  const args = ['--conditions=@intake/source', '--import', 'tsx', 'src/server.ts'];
  const [command, ...rest] =
    pin.length > 0 ? [...pin, process.execPath, ...args] : [process.execPath, ...args];
  // stdout to /dev/null: the server still pays for formatting and writing every line.
  const devNull = openSync('/dev/null', 'w');
  const child = spawn(command as string, rest, {
    cwd: apiDir,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      PORT: String(port),
      DATA_DIR: dataDir,
      // The first admin, and no per-client limits (one address at thousands of reads a second).
      ...benchAdminEnv,
      ...VARIANTS[variant],
    },
    stdio: ['ignore', devNull, 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealthy(url, child, variant);
  return {
    url,
    headers: await signIn(url),
    cpuMicros: () => processCpuMicros(child.pid as number),
    stop: () =>
      new Promise<void>((done) => {
        child.once('exit', () => {
          void rm(dataDir, { recursive: true, force: true }).then(() => done());
        });
        child.kill('SIGTERM');
      }),
  };
}

interface Measured {
  rps: number;
  /** Server CPU per request: steadier than req/s when other work shares the machine. */
  cpuMicrosPerRequest: number;
}

async function measure(server: Server, path: string, seconds: number): Promise<Measured> {
  const before = await server.cpuMicros();
  const { rps, total } = await loadUrl(`${server.url}${path}`, server.headers, seconds);
  const cpu = (await server.cpuMicros()) - before;
  return { rps, cpuMicrosPerRequest: cpu / Math.max(1, total) };
}

const loadUrl = (url: string, headers: Record<string, string>, seconds: number) =>
  load({ url, headers, connections: CONNECTIONS, pipelining: PIPELINING, duration: seconds });

async function main() {
  const pin = pinning();
  const servers = { on: await startServer('on', pin), off: await startServer('off', pin) };
  try {
    console.log(
      `observability cost: ${ROUNDS} rounds x ${DURATION}s, ${CONNECTIONS} connections, pipelining ${PIPELINING}, ` +
        `${pin.length > 0 ? 'servers on core 0, autocannon on core 1' : 'unpinned'}, Node ${process.version}`,
    );
    const results = new Map<string, Record<Variant, Measured[]>>();
    for (const path of PATHS) {
      const r: Record<Variant, Measured[]> = { on: [], off: [] };
      results.set(path, r);
      for (const v of ['on', 'off'] as const)
        await loadUrl(`${servers[v].url}${path}`, servers[v].headers, WARMUP);
      for (let round = 0; round < ROUNDS; round++) {
        const order: Variant[] = round % 2 === 0 ? ['on', 'off'] : ['off', 'on'];
        for (const v of order) r[v].push(await measure(servers[v], path, DURATION));
      }
    }
    console.log(
      '\n| workload | off req/s | on req/s | on / off (median of rounds) | rounds | CPU µs/req off | on | off / on (CPU) |',
    );
    console.log('| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |');
    const ratios: number[] = [];
    for (const [path, r] of results) {
      const rps = (v: Variant) => median(r[v].map((m) => m.rps));
      const cpu = (v: Variant) => median(r[v].map((m) => m.cpuMicrosPerRequest));
      const ratio = median(r.on.map((on, i) => on.rps / (r.off[i]?.rps ?? on.rps)));
      const cpuRatio = cpu('off') / cpu('on');
      ratios.push(ratio);
      const perRound = r.on.map((on, i) => (on.rps / (r.off[i]?.rps ?? 1)).toFixed(2)).join(', ');
      console.log(
        `| GET ${path} | ${Math.round(rps('off'))} | ${Math.round(rps('on'))} | **${ratio.toFixed(2)}x** | ${perRound} | ` +
          `${cpu('off').toFixed(0)} | ${cpu('on').toFixed(0)} | ${cpuRatio.toFixed(2)}x |`,
      );
    }
    const worst = Math.min(...ratios);
    console.log(
      `\ngoal >= 0.90x: ${worst >= 0.9 ? 'met' : 'NOT met'} (worst ${worst.toFixed(2)}x)`,
    );
  } finally {
    await servers.on.stop();
    await servers.off.stop();
  }
}

await main();
