// Issue 8 in isolation: one procedure call through tRPC's `procedure(opts)` and through the
// plugin's inline walk (`callProcedure` in packages/trpc-fastify/src/procedure-pipeline.ts, from
// the built dist/), for three procedure shapes. Interleaved rounds, median, one process: the
// per-call difference is a few microseconds, which end-to-end runs on a loaded machine drown.
//
//   pnpm --filter @intake/bench trpc-pipeline     env: ROUNDS (9), CALLS per round (50000)
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { initTRPC } from '@trpc/server';
import { z } from 'zod';
import { median } from '../stats.js';

const ROUNDS = Number(process.env.ROUNDS ?? 9);
const CALLS = Number(process.env.CALLS ?? 50_000);
const PAYLOAD = { id: 42, name: 'intake', tags: ['csv', 'json'], active: true };

type Proc = ((opts: object) => Promise<unknown>) & { _def: object };
type CallProcedure = (proc: Proc, opts: object) => unknown;

const here = dirname(fileURLToPath(import.meta.url));
execFileSync('pnpm', ['--filter', '@intake/trpc-fastify', 'build'], { stdio: 'ignore' });
const dist = join(here, '..', '..', 'packages', 'trpc-fastify', 'dist', 'procedure-pipeline.js');
const { callProcedure } = (await import(pathToFileURL(dist).href)) as {
  callProcedure: CallProcedure;
};

const t = initTRPC.context<{ requestId: string }>().create();
const procedures: Record<string, Proc> = {
  'no middleware (the bench query)': t.procedure.query(() => PAYLOAD) as unknown as Proc,
  'one .use() extending ctx': t.procedure
    .use(({ next }) => next({ ctx: { user: 1 } }))
    .query(() => PAYLOAD) as unknown as Proc,
  'zod input + .use()': t.procedure
    .input(z.object({ n: z.number() }))
    .use(({ next }) => next({ ctx: { user: 1 } }))
    .query(({ input }) => input) as unknown as Proc,
};

const opts = {
  path: 'hello',
  getRawInput: async () => ({ n: 1 }),
  ctx: { requestId: '1' },
  type: 'query',
  signal: undefined,
  batchIndex: 0,
};

const ways = {
  'tRPC procedure()': async (proc: Proc) => {
    for (let i = 0; i < CALLS; i++) await proc(opts);
  },
  'inline callProcedure()': async (proc: Proc) => {
    for (let i = 0; i < CALLS; i++) {
      const result = callProcedure(proc, opts);
      if (result instanceof Promise) await result;
    }
  },
};

const samples = new Map<string, number[]>();
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, proc] of Object.entries(procedures)) {
    for (const [way, run] of Object.entries(ways)) {
      const start = process.hrtime.bigint();
      await run(proc);
      const key = `${name} | ${way}`;
      const nanos = Number(process.hrtime.bigint() - start) / CALLS;
      samples.set(key, [...(samples.get(key) ?? []), nanos]);
    }
  }
}
console.log(`${ROUNDS} interleaved rounds x ${CALLS} calls, Node ${process.version}\n`);
console.log('| procedure | tRPC procedure() ns | inline ns | inline / tRPC |');
console.log('|---|---|---|---|');
for (const name of Object.keys(procedures)) {
  const trpc = median(samples.get(`${name} | tRPC procedure()`) ?? [0]);
  const inline = median(samples.get(`${name} | inline callProcedure()`) ?? [0]);
  console.log(
    `| ${name} | ${Math.round(trpc)} | ${Math.round(inline)} | ${(inline / trpc).toFixed(2)} |`,
  );
}
