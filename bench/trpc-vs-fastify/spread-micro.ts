// In-process half of the moonshot measurement: one procedure call (`proc(opts)`, what both the
// fast path and createCaller run) on the installed tRPC and on the native-spread copy, with no
// middleware and with one `.use()` that extends ctx. Interleaved rounds, median, one process, so
// HTTP and machine noise stay out of it.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from '../stats.js';

const PAYLOAD = { id: 42, name: 'intake', tags: ['csv', 'json'], active: true };
const CALLS = 100_000;
const ROUNDS = 9;

type Proc = (opts: object) => Promise<unknown>;
interface TRPCModule {
  initTRPC: {
    create: () => {
      procedure: {
        query: (fn: () => unknown) => Proc;
        use: (fn: (opts: { next: (o: object) => unknown }) => unknown) => {
          query: (fn: () => unknown) => Proc;
        };
      };
    };
  };
}

async function procedures(indexFile: string): Promise<Record<string, Proc>> {
  const { initTRPC } = (await import(pathToFileURL(indexFile).href)) as TRPCModule;
  const t = initTRPC.create();
  return {
    'no middleware': t.procedure.query(() => PAYLOAD),
    'one middleware': t.procedure
      .use(({ next }) => next({ ctx: { user: 1 } }))
      .query(() => PAYLOAD),
  };
}

async function time(proc: Proc): Promise<number> {
  const opts = {
    path: 'hello',
    getRawInput: async () => undefined,
    ctx: { requestId: '1' },
    type: 'query',
    signal: undefined,
    batchIndex: 0,
  };
  const start = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) await proc(opts);
  return Number(process.hrtime.bigint() - start) / CALLS;
}

export async function spreadMicro(originalDist: string, patchedDist: string): Promise<string> {
  const sides = {
    'es2017 helpers (installed)': await procedures(join(originalDist, 'index.mjs')),
    'native spread (patched copy)': await procedures(join(patchedDist, 'index.mjs')),
  };
  const samples = new Map<string, number[]>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [side, procs] of Object.entries(sides)) {
      for (const [name, proc] of Object.entries(procs)) {
        const key = `${name} | ${side}`;
        samples.set(key, [...(samples.get(key) ?? []), await time(proc)]);
      }
    }
  }
  const lines = ['| procedure | tRPC build | ns per proc() call (median) |', '|---|---|---|'];
  for (const [key, values] of samples) lines.push(`| ${key} | ${Math.round(median(values))} |`);
  return lines.join('\n');
}
