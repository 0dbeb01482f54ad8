import { Worker } from 'node:worker_threads';
import { createHttpClient } from '@intake/http-client';
import { Agent, request } from 'undici';

const serverSource = `
const http = require('node:http');
const { parentPort } = require('node:worker_threads');
const body = JSON.stringify({ id: 42, name: 'intake', tags: ['a', 'b'], ok: true });
const server = http.createServer({ keepAliveTimeout: 30000 }, (req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
`;
const worker = new Worker(serverSource, { eval: true });
const port = await new Promise<number>((r) => worker.once('message', r));
const url = `http://127.0.0.1:${port}`;
const client = createHttpClient({ baseUrl: url, connections: 16 });
const d = new Agent({ connections: 16 });
const calls: Record<string, () => Promise<unknown>> = {
  undici: async () => (await request(`${url}/item`, { dispatcher: d })).body.json(),
  undiciH: async () =>
    (
      await request(`${url}/item`, {
        dispatcher: d,
        headers: { 'user-agent': '@intake/http-client/0.1', 'x-request-id': crypto.randomUUID() },
      })
    ).body.json(),
  ours: () => client.get('item').json(),
};
// Main-thread CPU only: the server's worker thread is excluded, so the figure is the client's.
const { performance: perf } = await import('node:perf_hooks');
const measure = async (call: () => Promise<unknown>, n: number) => {
  let left = n;
  const elu0 = perf.eventLoopUtilization();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (left-- > 0) await call();
    }),
  );
  const elu = perf.eventLoopUtilization(elu0);
  return { activeMs: elu.active, wallMs: performance.now() - t0 };
};
const names = (process.argv[3] ?? 'undici,ours').split(',');
const tot: Record<string, { active: number; wall: number; n: number }> = {};
for (let i = 0; i < Number(process.argv[2] ?? 10); i++)
  for (const k of names) {
    const r = await measure(calls[k]!, 5000);
    const t = (tot[k] ??= { active: 0, wall: 0, n: 0 });
    t.active += r.activeMs;
    t.wall += r.wallMs;
    t.n += 5000;
  }
for (const k of names) {
  const t = tot[k]!;
  console.log(
    k.padEnd(8),
    'req/s',
    Math.round((t.n / t.wall) * 1000),
    'main-thread active us/req',
    ((t.active * 1000) / t.n).toFixed(2),
  );
}
process.exit(0);
