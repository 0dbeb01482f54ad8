import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rest } from './helpers/clients.js';
import { databaseModes } from './helpers/database-modes.js';
import { type RunningApi, startApi } from './helpers/start-api.js';

const [pglite] = databaseModes();

/**
 * The API serves tRPC through @intake/trpc-fastify by default and through tRPC's own plugin with
 * TRPC_ADAPTER=official. Both must answer the same bytes to the same requests.
 */
describe('TRPC_ADAPTER=fast and =official answer alike', () => {
  const apis: Record<'fast' | 'official', RunningApi | undefined> = {
    fast: undefined,
    official: undefined,
  };
  beforeAll(async () => {
    if (!pglite) throw new Error('no database mode');
    apis.fast = await startApi(pglite, { TRPC_ADAPTER: 'fast' });
    apis.official = await startApi(pglite, { TRPC_ADAPTER: 'official' });
  });
  afterAll(async () => {
    await apis.fast?.close();
    await apis.official?.close();
  });

  const requests: [
    string,
    string,
    { method?: string; json?: unknown; body?: string; headers?: Record<string, string> },
  ][] = [
    ['a query', '/trpc/datasets.list', {}],
    [
      'a batch of queries',
      '/trpc/datasets.list,imports.list?batch=1&input=%7B%221%22%3A%7B%22limit%22%3A5%7D%7D',
      {},
    ],
    ['a failing input', '/trpc/imports.get?input=%7B%22id%22%3A%22nope%22%7D', {}],
    [
      'an unknown import',
      '/trpc/imports.get?input=%7B%22id%22%3A%2201900000-0000-7000-8000-000000000000%22%7D',
      {},
    ],
    ['an unknown procedure', '/trpc/imports.nothing', {}],
    ['a mutation over GET', '/trpc/imports.createFromRows', {}],
    [
      'broken JSON',
      '/trpc/imports.createFromRows',
      { method: 'POST', body: '{"dataset":', headers: { 'content-type': 'application/json' } },
    ],
    [
      'a mutation with a rejected row',
      '/trpc/imports.createFromRows',
      {
        method: 'POST',
        json: { dataset: 'contacts', rows: [{ email: 'same@x.io', name: '' }] },
      },
    ],
  ];

  it.each(requests)('%s', async (_name, path, init) => {
    const fast = await rest(apis.fast?.url ?? '', path, init);
    const official = await rest(apis.official?.url ?? '', path, init);
    expect(fast.status).toBe(official.status);
    // Ids and request ids differ between two servers; everything else must not.
    const normalise = (text: string) =>
      text
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
        .replace(/"(createdAt|finishedAt)":"[^"]+"/g, '"$1":"<time>"');
    expect(normalise(fast.text)).toBe(normalise(official.text));
    expect(fast.headers.get('content-type')).toBe(official.headers.get('content-type'));
  });
});
