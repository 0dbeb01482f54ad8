// Dataset page reads over HTTP with the cache off vs memory vs memory + Redis, same run. Each
// variant is its own API process (PGlite, or PostgreSQL with BENCH_DATABASE_URL) holding the same
// 10,000 orders; the load is GET /api/datasets/orders/rows?limit=50 over PAGES distinct pages
// (keyset cursors), cycled by every connection. Variants:
//   off           CACHE_ENABLED=false: every read is a database query (the baseline)
//   memory        no REDIS_URL: the in-process LRU alone (embedded mode)
//   redis-only    REDIS_URL, CACHE_MEMORY_MAX_ENTRIES=0: every read is a Redis round trip, i.e.
//                 what a memory miss costs (another instance's write, expiry, a cold process)
//   memory+redis  REDIS_URL: the scale-out default (memory hits, Redis behind)
// Servers run on core 0 (taskset), autocannon on core 1; rounds rotate the order, and each
// figure is the median over rounds of the ratio to `off` measured in the same round.
// The cost of metrics + logging per request is measured by bench/observability (not repeated).
//
//   pnpm --filter @intake/bench cache
//   env: PIN (1; 0: no taskset), ROUNDS (5), DURATION seconds (3), WARMUP seconds (1), CONNECTIONS (32), PAGES (20),
//        BENCH_DATABASE_URL (postgres://…, else PGlite), BENCH_REDIS_URL (else a redis-server
//        started on a free port)
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { benchAdminEnv, signIn } from '../api-sign-in.js';
import { freePort, load, pinning, processCpuMicros, waitForHealthy } from '../server-harness.js';
import { median } from '../stats.js';

const apiDir = fileURLToPath(new URL('../../apps/api', import.meta.url));
const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const ROUNDS = env('ROUNDS', 5);
const DURATION = env('DURATION', 3);
const WARMUP = env('WARMUP', 1);
const CONNECTIONS = env('CONNECTIONS', 32);
const PAGES = env('PAGES', 20);
const PAGE_ROWS = 50;
const ROWS = 10_000;
const DATABASE_URL = process.env.BENCH_DATABASE_URL;

const VARIANTS = {
  off: { CACHE_ENABLED: 'false' },
  memory: {},
  'redis-only': { REDIS: 'yes', CACHE_MEMORY_MAX_ENTRIES: '0' },
  'memory+redis': { REDIS: 'yes' },
} as const;
type Variant = keyof typeof VARIANTS;

async function startRedis(): Promise<{ url: string; stop(): void }> {
  if (process.env.BENCH_REDIS_URL) return { url: process.env.BENCH_REDIS_URL, stop() {} };
  const port = await freePort();
  const child = spawn(
    '/usr/bin/redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  await new Promise((r) => setTimeout(r, 300));
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill('SIGKILL') };
}

interface Server {
  variant: Variant;
  url: string;
  headers: Record<string, string>;
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

async function startServer(variant: Variant, pin: string[], redisUrl: string): Promise<Server> {
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), `intake-bench-cache-`));
  const schema = `intake_bench_cache_${randomBytes(4).toString('hex')}`;
  const { REDIS, ...settings } = { REDIS: 'no', ...VARIANTS[variant] };
  const args = ['--conditions=@intake/source', '--import', 'tsx', 'src/server.ts'];
  const [command, ...rest] =
    pin.length > 0 ? [...pin, process.execPath, ...args] : [process.execPath, ...args];
  const child: ChildProcess = spawn(command as string, rest, {
    cwd: apiDir,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      DATA_DIR: dataDir,
      ...(DATABASE_URL ? { DATABASE_URL, DATABASE_SCHEMA: schema } : {}),
      ...(REDIS === 'yes'
        ? { REDIS_URL: redisUrl, REDIS_PREFIX: `bench-${randomBytes(4).toString('hex')}` }
        : {}),
      ...benchAdminEnv,
      ...settings,
    },
    stdio: ['ignore', openSync('/dev/null', 'w'), 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealthy(url, child, variant);
  return {
    variant,
    url,
    headers: await signIn(url),
    cpuMicros: () => processCpuMicros(child.pid as number),
    stop: () =>
      new Promise<void>((done) => {
        child.once('exit', async () => {
          await rm(dataDir, { recursive: true, force: true });
          if (DATABASE_URL) {
            const client = new pg.Client({ connectionString: DATABASE_URL });
            await client.connect();
            await client.query(`drop schema if exists ${schema} cascade`);
            await client.end();
          }
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}

const key = (i: number) => `B-${String(i).padStart(6, '0')}`;

async function seed(server: Server): Promise<void> {
  const rows = Array.from({ length: ROWS }, (_, i) => ({
    order_id: key(i),
    customer_email: `buyer${i}@example.com`,
    amount: `${(i % 1000) + 0.5}`,
    currency: 'EUR',
    status: 'paid',
    created_at: '2026-03-01T10:00:00Z',
  }));
  const res = await fetch(`${server.url}/api/import`, {
    method: 'POST',
    headers: { ...server.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ dataset: 'orders', rows }),
  });
  if (res.status !== 200) throw new Error(`${server.variant}: seeding answered ${res.status}`);
}

/** PAGES distinct pages: the first, then the pages after rows 49, 99, ... (keyset cursors). */
const pagePaths = Array.from({ length: PAGES }, (_, p) =>
  p === 0
    ? `/api/datasets/orders/rows?limit=${PAGE_ROWS}`
    : `/api/datasets/orders/rows?limit=${PAGE_ROWS}&cursor=${key(p * PAGE_ROWS - 1)}`,
);

interface Measured {
  rps: number;
  cpuMicrosPerRequest: number;
}

const loadPages = (server: Server, seconds: number) =>
  load({
    url: server.url,
    connections: CONNECTIONS,
    duration: seconds,
    headers: server.headers,
    requests: pagePaths.map((path) => ({ method: 'GET', path })),
  });

async function measure(server: Server): Promise<Measured> {
  const before = await server.cpuMicros();
  const { rps, total } = await loadPages(server, DURATION);
  const cpu = (await server.cpuMicros()) - before;
  return { rps, cpuMicrosPerRequest: cpu / Math.max(1, total) };
}

async function main() {
  const pin = pinning();
  const redis = await startRedis();
  const variants = Object.keys(VARIANTS) as Variant[];
  const servers: Server[] = [];
  try {
    // One at a time: PGlite's start-up is heavy on a small machine.
    for (const v of variants) servers.push(await startServer(v, pin, redis.url));
    for (const s of servers) await seed(s);
    console.log(
      `cache: dataset pages (${PAGES} pages of ${PAGE_ROWS} rows, ${ROWS} rows), ${DATABASE_URL ? 'PostgreSQL' : 'PGlite'}, ` +
        `${ROUNDS} rounds x ${DURATION}s, ${CONNECTIONS} connections, ` +
        `${pin.length > 0 ? 'servers on core 0, autocannon on core 1' : 'unpinned'}, Node ${process.version}`,
    );
    for (const s of servers) await loadPages(s, WARMUP);
    const results = new Map<Variant, Measured[]>(variants.map((v) => [v, []]));
    for (let round = 0; round < ROUNDS; round++) {
      const order = servers.map((_, i) => servers[(i + round) % servers.length] as Server);
      for (const s of order) results.get(s.variant)?.push(await measure(s));
    }
    const off = results.get('off') ?? [];
    console.log(
      '\n| variant | req/s (median) | x off (median of rounds) | per round | CPU µs/req | off / variant (CPU) |',
    );
    console.log('| --- | ---: | ---: | --- | ---: | ---: |');
    for (const v of variants) {
      const r = results.get(v) ?? [];
      const ratios = r.map((m, i) => m.rps / (off[i]?.rps ?? m.rps));
      const cpu = median(r.map((m) => m.cpuMicrosPerRequest));
      const offCpu = median(off.map((m) => m.cpuMicrosPerRequest));
      console.log(
        `| ${v} | ${Math.round(median(r.map((m) => m.rps)))} | **${median(ratios).toFixed(2)}x** | ` +
          `${ratios.map((x) => x.toFixed(2)).join(', ')} | ${cpu.toFixed(0)} | ${(offCpu / cpu).toFixed(2)}x |`,
      );
    }
  } finally {
    for (const s of servers) await s.stop();
    redis.stop();
  }
}

await main();
