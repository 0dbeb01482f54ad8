import { initTRPC } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { callProcedure } from '../src/procedure-pipeline.js';
import { type InternalProcedure, readPipeline } from '../src/trpc-internals.js';
import { createTestRouter } from './helpers/router.js';

const callOptions = (type: 'query' | 'mutation') => ({
  path: 'p',
  getRawInput: async () => undefined,
  ctx: {},
  type,
  signal: undefined,
  batchIndex: 0,
});

describe('inline procedure pipeline', () => {
  it('takes every procedure of the golden router (none falls back to tRPC unnoticed)', () => {
    const router = createTestRouter({ transformer: false, isDev: true });
    const procedures = Object.entries(router._def.procedures) as [string, InternalProcedure][];
    expect(procedures.length).toBeGreaterThan(40);
    const fallbacks = procedures.filter(([, procedure]) => readPipeline(procedure) === null);
    expect(fallbacks.map(([path]) => path)).toEqual([]);
  });

  it('answers a synchronous resolver without a promise', () => {
    const t = initTRPC.create();
    const procedure = t.procedure.query(() => 'sync') as unknown as InternalProcedure;
    expect(callProcedure(procedure, callOptions('query'))).toBe('sync');
  });

  it('hands experimental_caller procedures to tRPC', async () => {
    const t = initTRPC.create();
    const procedure = t.procedure
      .experimental_caller(async ({ invoke, args }) => invoke(args[0] as never))
      .query(() => 'through tRPC') as unknown as InternalProcedure;
    expect(readPipeline(procedure)).toBeNull();
    const result = callProcedure(procedure, callOptions('query'));
    expect(result).toBeInstanceOf(Promise);
    await expect(result).resolves.toBe('through tRPC');
  });
});
