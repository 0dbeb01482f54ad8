// Requests/s for small JSON GETs over keep-alive: @intake/http-client against undici.request (the
// floor it is built on), global fetch, axios and got, in one run against one server. The server
// runs in a worker thread so its work does not share the clients' event loop.
//
//   pnpm --filter @intake/bench exec tsx --conditions=@intake/source http-client/run.ts
//   options: --rounds 8 --seconds 0.4 --concurrency 16
//
// The machine is shared, so load comes and goes: every contender keeps its warm pool for the
// whole run, each round gives each one short slice sandwiched between two undici.request slices,
// and the table shows medians over rounds.
import http from 'node:http';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { createHttpClient } from '@intake/http-client';
import axios from 'axios';
import got from 'got';
import { Agent, request } from 'undici';
import { z } from 'zod';
import { median } from '../stats.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '0.4' },
    concurrency: { type: 'string', default: '16' },
  },
});
const rounds = Number(values.rounds);
const durationMs = Number(values.seconds) * 1000;
const concurrency = Number(values.concurrency);
const warmupMs = 500;

const serverSource = `
const http = require('node:http');
const { parentPort } = require('node:worker_threads');
const body = JSON.stringify({ id: 42, name: 'intake', tags: ['a', 'b'], ok: true });
const server = http.createServer({ keepAliveTimeout: 30000 }, (req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', () => server.close(() => process.exit(0)));
`;

interface Contender {
  readonly name: string;
  setup(url: string): { call(): Promise<unknown>; close(): Promise<void> };
}

const item = z.object({
  id: z.number(),
  name: z.string(),
  tags: z.array(z.string()),
  ok: z.boolean(),
});

const contenders: Contender[] = [
  {
    name: 'undici.request',
    setup: (url) => {
      const dispatcher = new Agent({ connections: concurrency });
      return {
        call: async () => (await request(`${url}/item`, { dispatcher })).body.json(),
        close: () => dispatcher.close(),
      };
    },
  },
  {
    // A second, separate undici.request: its ratio shows the method's own bias and noise.
    name: 'undici.request (control)',
    setup: (url) => {
      const dispatcher = new Agent({ connections: concurrency });
      return {
        call: async () => (await request(`${url}/item`, { dispatcher })).body.json(),
        close: () => dispatcher.close(),
      };
    },
  },
  {
    name: '@intake/http-client',
    setup: (url) => {
      const client = createHttpClient({ baseUrl: url, connections: concurrency });
      return { call: () => client.get('item').json(), close: () => client.close() };
    },
  },
  {
    name: '@intake/http-client + zod',
    setup: (url) => {
      const client = createHttpClient({ baseUrl: url, connections: concurrency });
      return { call: () => client.get('item').json(item), close: () => client.close() };
    },
  },
  {
    name: 'fetch',
    setup: (url) => ({
      call: async () => (await fetch(`${url}/item`)).json(),
      close: async () => {},
    }),
  },
  {
    name: 'axios',
    setup: (url) => {
      const httpAgent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
      const instance = axios.create({ baseURL: url, httpAgent });
      return {
        call: async () => (await instance.get('/item')).data,
        close: async () => httpAgent.destroy(),
      };
    },
  },
  {
    name: 'got',
    setup: (url) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
      const instance = got.extend({ prefixUrl: url, agent: { http: agent }, retry: { limit: 0 } });
      return {
        call: () => instance.get('item').json(),
        close: async () => agent.destroy(),
      };
    },
  },
];

/** `concurrency` loops issue calls back to back until the clock runs out; returns req/s. */
const run = async (call: () => Promise<unknown>, ms: number): Promise<number> => {
  const end = performance.now() + ms;
  let done = 0;
  const loop = async () => {
    while (performance.now() < end) {
      await call();
      done += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, loop));
  return done / ((performance.now() - started) / 1000);
};

/**
 * One measured slice, after a short unmeasured one: that absorbs the garbage and cache misses the
 * previous contender left behind, which otherwise land on whoever runs next.
 */
const settleMs = 100;
const measure = async (call: () => Promise<unknown>, ms: number): Promise<number> => {
  await run(call, settleMs);
  return run(call, ms);
};

const worker = new Worker(serverSource, { eval: true });
const port = await new Promise<number>((resolve) => worker.once('message', resolve));
const url = `http://127.0.0.1:${port}`;

const instances = contenders.map((contender) => ({
  name: contender.name,
  ...contender.setup(url),
}));
for (const instance of instances) await run(instance.call, warmupMs);

const rates = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
const ratios = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
const [baseline, ...others] = instances;
if (!baseline) throw new Error('no baseline');
for (let round = 0; round < rounds; round += 1) {
  // Each contender runs between two undici.request slices and is compared with their mean:
  // neighbours in time see the same machine load, which on a shared box swings by 2x.
  const order = others.map((_, i) => others[(i + round) % others.length]);
  let before = await measure(baseline.call, durationMs);
  rates.get(baseline.name)?.push(before);
  for (const instance of order) {
    if (!instance) continue;
    const rate = await measure(instance.call, durationMs);
    const after = await measure(baseline.call, durationMs);
    rates.get(instance.name)?.push(rate);
    rates.get(baseline.name)?.push(after);
    ratios.get(instance.name)?.push(rate / ((before + after) / 2));
    before = after;
  }
  ratios.get(baseline.name)?.push(1);
  process.stdout.write(`round ${round + 1}/${rounds} done\n`);
}
for (const instance of instances) await instance.close();
worker.postMessage('stop');

console.log(
  `\nsmall JSON GET, keep-alive, ${concurrency} concurrent, ${rounds} rounds x ${durationMs / 1000}s per client, medians\n`,
);
console.table(
  contenders.map((c) => ({
    client: c.name,
    'req/s (median)': Math.round(median(rates.get(c.name) ?? [])),
    'vs undici.request': `${median(ratios.get(c.name) ?? []).toFixed(2)}x`,
  })),
);
// Both sides are normalized by the undici slices around them, so load swings cancel out.
const relative = (name: string) => median(ratios.get(name) ?? []);
const ours = relative('@intake/http-client');
console.log(
  [
    `@intake/http-client: ${ours.toFixed(2)}x undici.request (goal >= 0.9x)`,
    `${(ours / relative('axios')).toFixed(2)}x axios (goal >= 2x)`,
    `${(ours / relative('got')).toFixed(2)}x got`,
    `${(ours / relative('fetch')).toFixed(2)}x fetch`,
  ].join(', '),
);
