/**
 * Cost of the JSON depth guard (apps/api/src/http/json-depth.ts): every JSON body streams through
 * it before Fastify parses it. Baseline in the same run: JSON.parse of the same body, which every
 * JSON request pays anyway. Run: `cd apps/api && npx tsx ../../bench/defenses/json-depth.ts` (env ROWS, ROUNDS).
 */
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { JsonDepthGuard } from '../../apps/api/src/http/json-depth.js';
import { median } from '../stats.js';

const ROWS = Number(process.env.ROWS ?? 10_000);
const ROUNDS = Number(process.env.ROUNDS ?? 15);
const body = Buffer.from(
  JSON.stringify({
    dataset: 'orders',
    rows: Array.from({ length: ROWS }, (_, i) => ({
      order_id: `ORD-${i}`,
      customer_email: `buyer${i}@example.com`,
      amount: `${(i % 1000) + 0.5}`,
      currency: 'EUR',
      status: 'paid',
      created_at: '2026-03-01T10:00:00Z',
    })),
  }),
);
// The request stream's chunk size.
const CHUNK = 64 * 1024;
const chunks = Array.from({ length: Math.ceil(body.length / CHUNK) }, (_, i) =>
  body.subarray(i * CHUNK, (i + 1) * CHUNK),
);

async function guard(): Promise<void> {
  await pipeline(
    Readable.from(chunks),
    new JsonDepthGuard(32),
    new Writable({ write: (_c, _e, done) => done() }),
  );
}

const guardMs: number[] = [];
const parseMs: number[] = [];
for (let round = 0; round < ROUNDS + 2; round++) {
  let t = performance.now();
  await guard();
  const g = performance.now() - t;
  t = performance.now();
  JSON.parse(body.toString('utf8'));
  const p = performance.now() - t;
  // The first two rounds warm the JIT.
  if (round >= 2) {
    guardMs.push(g);
    parseMs.push(p);
  }
}
const mb = body.length / 1024 / 1024;
const g = median(guardMs);
const p = median(parseMs);
console.log(`JSON body of ${ROWS} rows, ${mb.toFixed(2)} MB, median of ${ROUNDS} rounds`);
console.log(`depth guard: ${g.toFixed(2)} ms (${(mb / (g / 1000)).toFixed(0)} MB/s)`);
console.log(`JSON.parse (baseline): ${p.toFixed(2)} ms (${(mb / (p / 1000)).toFixed(0)} MB/s)`);
console.log(`ratio guard / parse: ${(g / p).toFixed(2)}x (extra cost per JSON request)`);
