// Requests/s for small JSON GETs over keep-alive: @intake/http-client against undici.request (the
// floor it is built on), global fetch, axios and got, in one run against one server. The server
// runs in a worker thread so its work does not share the clients' event loop.
//
//   pnpm --filter @intake/bench exec tsx --conditions=@intake/source http-client/run.ts
//   options: --rounds 5 --seconds 2 --concurrency 16
import http from 'node:http';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { createHttpClient } from '@intake/http-client';
import axios from 'axios';
import got from 'got';
import { Agent, request } from 'undici';
import { z } from 'zod';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '16' },
  },
});
const rounds = Number(values.rounds);
const durationMs = Number(values.seconds) * 1000;
const concurrency = Number(values.concurrency);
const warmupMs = 300;

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
const measure = async (call: () => Promise<unknown>, ms: number): Promise<number> => {
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

const median = (numbers: number[]): number => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

const worker = new Worker(serverSource, { eval: true });
const port = await new Promise<number>((resolve) => worker.once('message', resolve));
const url = `http://127.0.0.1:${port}`;

const rates = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
const ratios = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
for (let round = 0; round < rounds; round += 1) {
  const thisRound = new Map<string, number>();
  // Rotate the order so no contender always runs first (cold) or last (hot machine).
  const order = contenders.map((_, i) => contenders[(i + round) % contenders.length] as Contender);
  for (const contender of order) {
    const instance = contender.setup(url);
    await measure(instance.call, warmupMs);
    const rate = await measure(instance.call, durationMs);
    await instance.close();
    thisRound.set(contender.name, rate);
    rates.get(contender.name)?.push(rate);
  }
  const baseline = thisRound.get('undici.request') ?? Number.NaN;
  for (const [name, rate] of thisRound) ratios.get(name)?.push(rate / baseline);
  process.stdout.write(`round ${round + 1}/${rounds} done\n`);
}
worker.postMessage('stop');

console.log(
  `\nsmall JSON GET, keep-alive, ${concurrency} concurrent, ${rounds} rounds x ${durationMs / 1000}s, median\n`,
);
console.table(
  contenders.map((c) => ({
    client: c.name,
    'req/s': Math.round(median(rates.get(c.name) ?? [])),
    'vs undici.request': `${median(ratios.get(c.name) ?? []).toFixed(2)}x`,
  })),
);
const ours = median(rates.get('@intake/http-client') ?? []);
console.log(
  `@intake/http-client vs axios: ${(ours / median(rates.get('axios') ?? [])).toFixed(2)}x, vs got: ${(ours / median(rates.get('got') ?? [])).toFixed(2)}x`,
);
