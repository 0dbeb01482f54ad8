// tRPC hosting on Fastify 5: plain route vs official adapter vs @intake/trpc-fastify vs a
// createCaller route, same payload, same run. The server runs in a child process
// pinned to core 0 (`taskset -c 0`) and autocannon on core 1 (keep-alive, pipelining), a fresh
// server per variant and round; the figure is the median of the rounds' req/s.
//
//   pnpm --filter @intake/bench trpc-vs-fastify              # the comparison table
//   pnpm --filter @intake/bench trpc-vs-fastify -- --profile  # CPU profile of our fast path
//   pnpm --filter @intake/bench trpc-vs-fastify -- --moonshot # + tRPC with native object spread
//   env: ROUNDS (3), DURATION seconds (3), WARMUP seconds (1), CONNECTIONS (100), PIPELINING (10),
//        ONLY (comma-separated variants)
import { execFileSync, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load, pinning, processCpuMicros } from '../server-harness.js';
import { median } from '../stats.js';
import { VARIANTS as BENCH_VARIANTS, type Variant } from './app.js';
import { summariseProfile } from './profile-summary.js';
import { spreadMicro } from './spread-micro.js';
import { prepareNativeSpreadTRPC } from './trpc-native-spread.js';

const here = dirname(fileURLToPath(import.meta.url));
const benchDir = dirname(here);
const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const ROUNDS = env('ROUNDS', 3);
const DURATION = env('DURATION', 3);
const WARMUP = env('WARMUP', 1);
const CONNECTIONS = env('CONNECTIONS', 100);
const PIPELINING = env('PIPELINING', 10);

// `ours-trpc-call`: our plugin with `procedureCall: 'trpc'` (tRPC's own procedure()), to measure
// the inline middleware walk against it in the same run.
const ALL_VARIANTS = BENCH_VARIANTS;
// ONLY=plain,ours narrows a run while iterating; plain must stay in for the ratios.
const VARIANTS = ALL_VARIANTS.filter((variant) =>
  (process.env.ONLY ?? ALL_VARIANTS.join(',')).split(',').includes(variant),
);
const WORKLOADS = {
  single: '/trpc/hello',
  batch10: `/trpc/${Array.from({ length: 10 }, () => 'hello').join(',')}?batch=1`,
} as const;
type Workload = keyof typeof WORKLOADS;

interface Server {
  url: string;
  /** Server CPU time so far (user + system), microseconds, from /proc. */
  cpuMicros: () => Promise<number>;
  stop: () => Promise<void>;
}

function startServer(variant: Variant, pin: string[], nodeFlags: string[] = []): Promise<Server> {
  // No `@intake/source` condition: the server loads the plugin's compiled dist/, as an app would
  // (tsx-transpiled sources carry esbuild's `__name` helper, ~2% of the profile).
  const args = [...nodeFlags, '--import', 'tsx', join(here, 'server.ts'), variant];
  const [command, ...rest] =
    pin.length > 0 ? [...pin, process.execPath, ...args] : [process.execPath, ...args];
  const child = spawn(command as string, rest, {
    cwd: benchDir,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${variant} server exited with ${code}`)));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const match = /READY (\d+)/.exec(chunk);
      if (!match) return;
      resolve({
        url: `http://127.0.0.1:${match[1]}`,
        cpuMicros: () => processCpuMicros(child.pid as number),
        stop: () =>
          new Promise((done) => {
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.kill('SIGINT');
          }),
      });
    });
  });
}

const loadUrl = (url: string, seconds: number) =>
  load({ url, connections: CONNECTIONS, pipelining: PIPELINING, duration: seconds });

/** Every variant must send the same bodies, or the comparison means nothing. */
async function checkBody(server: Server, workload: Workload, expected: Map<Workload, string>) {
  const res = await fetch(server.url + WORKLOADS[workload]);
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${workload}: status ${res.status} ${body}`);
  const seen = expected.get(workload);
  if (seen === undefined) expected.set(workload, body);
  else if (seen !== body) throw new Error(`${workload}: body differs: ${body} vs ${seen}`);
}

interface Run {
  label: string;
  variant: Variant;
  nodeFlags: string[];
}

async function compare(pin: string[], runs: Run[]): Promise<void> {
  const samples = new Map<string, number[]>();
  const cpu = new Map<string, number[]>();
  const bodies = new Map<Workload, string>();
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order so no variant always runs first (thermal and background noise).
    const order = runs.map((_, index) => runs[(index + round) % runs.length] as Run);
    for (const { label, variant, nodeFlags } of order) {
      const server = await startServer(variant, pin, nodeFlags);
      try {
        for (const workload of Object.keys(WORKLOADS) as Workload[]) {
          await checkBody(server, workload, bodies);
          const url = server.url + WORKLOADS[workload];
          await loadUrl(url, WARMUP);
          const cpuBefore = await server.cpuMicros();
          const { rps, total } = await loadUrl(url, DURATION);
          if (total === 0) {
            // Seen once for the official adapter on a saturated machine: nothing completed.
            console.error(`round ${round + 1} ${label}/${workload}: no request completed, skipped`);
            continue;
          }
          const cpuPerRequest = ((await server.cpuMicros()) - cpuBefore) / total;
          const key = `${label}/${workload}`;
          samples.set(key, [...(samples.get(key) ?? []), rps]);
          cpu.set(key, [...(cpu.get(key) ?? []), cpuPerRequest]);
          console.error(
            `round ${round + 1} ${key}: ${Math.round(rps)} req/s, ${cpuPerRequest.toFixed(1)} us CPU/req`,
          );
        }
      } finally {
        await server.stop();
      }
    }
  }
  console.log(
    `\n${ROUNDS} rounds x ${DURATION}s (+${WARMUP}s warm-up), ${CONNECTIONS} connections, pipelining ${PIPELINING}, ` +
      `${pin.length > 0 ? 'server on core 0, autocannon on core 1' : 'unpinned (taskset unavailable)'}, Node ${process.version}`,
  );
  console.log(
    '\n| variant | single req/s | vs plain | CPU us/req | vs plain | batch-10 req/s | vs plain | CPU us/req | vs plain |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const { label } of runs) {
    const cells = (Object.keys(WORKLOADS) as Workload[]).flatMap((workload) => {
      const value = median(samples.get(`${label}/${workload}`) ?? [0]);
      const plain = median(samples.get(`plain/${workload}`) ?? [1]);
      const micros = median(cpu.get(`${label}/${workload}`) ?? [0]);
      const plainMicros = median(cpu.get(`plain/${workload}`) ?? [1]);
      // CPU ratio as throughput-equivalent (plain / variant), so both ratios read "x of plain".
      return [
        String(Math.round(value)),
        `${(value / plain).toFixed(2)}x`,
        micros.toFixed(1),
        `${(plainMicros / micros).toFixed(2)}x`,
      ];
    });
    console.log(`| ${label} | ${cells.join(' | ')} |`);
  }
  console.log('\nCPU us/req per round (min..max):');
  for (const { label } of runs) {
    for (const workload of Object.keys(WORKLOADS) as Workload[]) {
      const values = cpu.get(`${label}/${workload}`) ?? [];
      console.log(
        `  ${label}/${workload}: ${Math.min(...values).toFixed(1)}..${Math.max(...values).toFixed(1)}`,
      );
    }
  }
}

async function profile(pin: string[]): Promise<void> {
  const dir = join(benchDir, 'results', `cpu-prof-${Date.now()}`);
  const server = await startServer('ours', pin, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  await loadUrl(server.url + WORKLOADS.single, WARMUP);
  const { rps } = await loadUrl(server.url + WORKLOADS.single, Math.max(DURATION, 5));
  await server.stop();
  console.log(`profiled ${Math.round(rps)} req/s (single query, our plugin); profile in ${dir}\n`);
  console.log(await summariseProfile(dir));
}

// Benchmark what an app runs: the compiled plugin.
execFileSync('pnpm', ['--filter', '@intake/trpc-fastify', 'build'], { stdio: 'ignore' });
const pin = pinning();
const runs: Run[] = VARIANTS.map((variant) => ({ label: variant, variant, nodeFlags: [] }));
if (process.argv.includes('--moonshot')) {
  // Same table plus our plugin and the createCaller ceiling on a tRPC copy with native spreads.
  const nativeSpread = await prepareNativeSpreadTRPC(benchDir);
  console.log(`${await spreadMicro(nativeSpread.originalDist, nativeSpread.patchedDist)}\n`);
  runs.push(
    {
      label: 'ours, tRPC copy (control)',
      variant: 'ours',
      nodeFlags: nativeSpread.controlNodeFlags,
    },
    { label: 'ours, tRPC native spread', variant: 'ours', nodeFlags: nativeSpread.nodeFlags },
    { label: 'caller, tRPC native spread', variant: 'caller', nodeFlags: nativeSpread.nodeFlags },
  );
}
if (process.argv.includes('--profile')) await profile(pin);
else await compare(pin, runs);
