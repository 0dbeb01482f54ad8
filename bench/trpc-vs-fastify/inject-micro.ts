// In-process comparison for a loaded machine: the variants' apps (app.ts) in one process, each
// answering `app.inject()` requests (Fastify's routing, hooks and reply, no sockets), in
// interleaved rounds, median per variant. Node's HTTP and socket work, the same for every variant
// and most of a real request, is left out, so the ratios here are lower than over HTTP; what it
// shows is the difference between variants, measured while other processes share the cores.
//
//   pnpm --filter @intake/bench trpc-inject     env: ROUNDS (9), REQUESTS per round (5000)

import { median } from '../stats.js';
import { buildBenchApp, type Variant } from './app.js';

const ROUNDS = Number(process.env.ROUNDS ?? 9);
const REQUESTS = Number(process.env.REQUESTS ?? 5000);
const MEASURED: Variant[] = ['plain', 'ours', 'ours-trpc-call', 'caller'];
const WORKLOADS = {
  single: '/trpc/hello',
  batch10: `/trpc/${Array.from({ length: 10 }, () => 'hello').join(',')}?batch=1`,
} as const;

const apps = new Map(
  await Promise.all(
    MEASURED.map(async (variant) => [variant, await buildBenchApp(variant)] as const),
  ),
);
for (const app of apps.values()) await app.ready();

const bodies = new Map<string, string>();
const samples = new Map<string, number[]>();
for (let round = 0; round < ROUNDS; round++) {
  // Rotate the order each round, so no variant always runs first.
  const order = MEASURED.map((_, index) => MEASURED[(index + round) % MEASURED.length] as Variant);
  for (const variant of order) {
    const app = apps.get(variant);
    if (app === undefined) continue;
    for (const [workload, url] of Object.entries(WORKLOADS)) {
      const check = await app.inject({ url });
      const seen = bodies.get(workload) ?? check.body;
      if (check.statusCode !== 200 || check.body !== seen) {
        throw new Error(`${variant}/${workload}: ${check.statusCode} ${check.body}`);
      }
      bodies.set(workload, seen);
      const start = process.hrtime.bigint();
      for (let i = 0; i < REQUESTS; i++) await app.inject({ url });
      const nanos = Number(process.hrtime.bigint() - start) / REQUESTS;
      const key = `${variant}/${workload}`;
      samples.set(key, [...(samples.get(key) ?? []), nanos]);
    }
  }
}
for (const app of apps.values()) await app.close();

console.log(
  `app.inject, ${ROUNDS} interleaved rounds x ${REQUESTS} requests, Node ${process.version}\n`,
);
console.log('| variant | single us/req | vs plain | batch-10 us/req | vs plain |');
console.log('|---|---|---|---|---|');
for (const variant of MEASURED) {
  const cells = Object.keys(WORKLOADS).flatMap((workload) => {
    const value = median(samples.get(`${variant}/${workload}`) ?? [0]);
    const plain = median(samples.get(`plain/${workload}`) ?? [1]);
    return [(value / 1000).toFixed(2), `${(plain / value).toFixed(2)}x`];
  });
  console.log(`| ${variant} | ${cells.join(' | ')} |`);
}
