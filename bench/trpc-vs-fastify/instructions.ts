// Instructions per request, counted by callgrind (valgrind): unlike req/s and CPU time, the count
// does not depend on what else the machine runs, so it can compare variants on a shared machine.
// Each variant's server (`server.ts`, compiled plugin) runs under `valgrind --tool=callgrind
// --instr-atstart=no`; each measurement first sends WARMUP requests without instrumentation (right
// before: after a minute idle V8 flushes and recompiles code, which a count would include), then
// zeroes the counters, switches instrumentation on, sends REQUESTS requests, dumps, reads the total.
//
//   pnpm --filter @intake/bench trpc-instructions
//   env: ROUNDS (2), REQUESTS per measurement (1000), WARMUP requests (3000), ONLY (variants),
//        WORKLOADS (single,batch10)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { median } from '../stats.js';

const here = dirname(fileURLToPath(import.meta.url));
const benchDir = dirname(here);
const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const ROUNDS = env('ROUNDS', 2);
const REQUESTS = env('REQUESTS', 1000);
const WARMUP = env('WARMUP', 3000);
const ALL = ['plain', 'ours', 'ours-trpc-call', 'caller'] as const;
const VARIANTS = ALL.filter((variant) =>
  (process.env.ONLY ?? ALL.join(',')).split(',').includes(variant),
);
const WORKLOADS = {
  single: '/trpc/hello',
  batch10: `/trpc/${Array.from({ length: 10 }, () => 'hello').join(',')}?batch=1`,
} as const;
type Workload = keyof typeof WORKLOADS;
const MEASURED = (Object.keys(WORKLOADS) as Workload[]).filter((workload) =>
  (process.env.WORKLOADS ?? 'single,batch10').split(',').includes(workload),
);

interface Server {
  pid: number;
  url: string;
  outDir: string;
  stop: () => Promise<void>;
}

async function startUnderCallgrind(variant: string): Promise<Server> {
  const outDir = await mkdtemp(join(tmpdir(), `callgrind-${variant}-`));
  const child = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      '--instr-atstart=no',
      `--callgrind-out-file=${join(outDir, 'callgrind.out')}`,
      process.execPath,
      '--import',
      'tsx',
      join(here, 'server.ts'),
      variant,
    ],
    { cwd: benchDir, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${variant} exited with ${code}`)));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const match = /READY (\d+)/.exec(chunk);
      if (!match) return;
      resolve({
        pid: child.pid as number,
        url: `http://127.0.0.1:${match[1]}`,
        outDir,
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

/** Sends about `amount` requests; returns how many were answered (autocannon may stop short). */
async function send(url: string, amount: number): Promise<number> {
  const result = await autocannon({ url, connections: 10, pipelining: 10, amount, timeout: 120 });
  if (result.non2xx > 0 || result.errors > 0 || result.requests.total === 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  }
  return result.requests.total;
}

const control = (pid: number, ...args: string[]): void => {
  execFileSync('callgrind_control', [...args, String(pid)], { stdio: 'ignore' });
};

/** The `totals:` line of the newest dump in `dir` (callgrind numbers dumps `.1`, `.2`, ...). */
async function lastDumpTotal(
  dir: string,
  dumpsBefore: number,
): Promise<{ total: number; dumps: number }> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const dumps = (await readdir(dir)).filter((name) => /^callgrind\.out\.\d+$/.test(name));
    if (dumps.length > dumpsBefore) {
      const newest = `callgrind.out.${dumps.length}`;
      const text = await readFile(join(dir, newest), 'utf8');
      const match = /^totals: (\d+)$/m.exec(text);
      if (match) return { total: Number(match[1]), dumps: dumps.length };
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`no callgrind dump in ${dir}`);
}

execFileSync('pnpm', ['--filter', '@intake/trpc-fastify', 'build'], { stdio: 'ignore' });
// Start all servers at once: start-up under valgrind is slow, and counts ignore the load.
const servers = await Promise.all(VARIANTS.map((variant) => startUnderCallgrind(variant)));
const perRequest = new Map<string, number[]>();
try {
  let dumps = new Map<number, number>();
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate the variants within each round, so a slow phase of the machine hits all alike.
    for (const [index, server] of servers.entries()) {
      const variant = VARIANTS[index] as string;
      for (const workload of MEASURED) {
        await send(server.url + WORKLOADS[workload], WARMUP);
        control(server.pid, '-z');
        control(server.pid, '-i', 'on');
        const answered = await send(server.url + WORKLOADS[workload], REQUESTS);
        control(server.pid, '-d');
        control(server.pid, '-i', 'off');
        const { total, dumps: count } = await lastDumpTotal(
          server.outDir,
          dumps.get(server.pid) ?? 0,
        );
        dumps = new Map(dumps).set(server.pid, count);
        const key = `${variant}/${workload}`;
        perRequest.set(key, [...(perRequest.get(key) ?? []), total / answered]);
        console.error(
          `round ${round + 1} ${key}: ${Math.round(total / answered)} instructions/req (${answered} requests)`,
        );
      }
    }
  }
} finally {
  await Promise.all(servers.map((server) => server.stop()));
}

console.log(
  `\ncallgrind, ${ROUNDS} rounds x ${REQUESTS} requests after ${WARMUP} warm-up, 10 connections, pipelining 10, Node ${process.version}`,
);
console.log(
  `\n| variant | ${MEASURED.map((workload) => `${workload} instr/req | vs plain`).join(' | ')} |`,
);
console.log(`|---|${MEASURED.map(() => '---|---|').join('')}`);
for (const variant of VARIANTS) {
  const cells = MEASURED.flatMap((workload) => {
    const value = median(perRequest.get(`${variant}/${workload}`) ?? [0]);
    const plain = median(perRequest.get(`plain/${workload}`) ?? [1]);
    return [String(Math.round(value)), `${(plain / value).toFixed(2)}x`];
  });
  console.log(`| ${variant} | ${cells.join(' | ')} |`);
}
