import {
  createTRPCClient,
  httpBatchLink,
  httpBatchStreamLink,
  httpLink,
  httpSubscriptionLink,
  splitLink,
  TRPCClientError,
  type TRPCLink,
} from '@trpc/client';
import superjson from 'superjson';
import { EventSource } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestRouter, TRPC_ERROR_CODES } from './helpers/router.js';
import { type ServerPair, startPair } from './helpers/servers.js';

type LinkKind = 'httpLink' | 'httpBatchLink' | 'httpBatchStreamLink';

interface Seen {
  url: string;
  fast: boolean;
}

function stripStacks(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripStacks);
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] =
      key === 'stack' && typeof item === 'string' ? item.split('\n')[0] : stripStacks(item);
  }
  return copy;
}

async function collect(value: unknown): Promise<unknown> {
  if (typeof value === 'object' && value !== null && Symbol.asyncIterator in value) {
    const items: unknown[] = [];
    for await (const item of value as AsyncIterable<unknown>) items.push(item);
    return { iterated: items };
  }
  return value;
}

/** A call's result or its client error, comparable across servers. */
async function settle(run: () => Promise<unknown>): Promise<unknown> {
  try {
    return { ok: true, value: await collect(await run()) };
  } catch (error) {
    if (!(error instanceof TRPCClientError)) throw error;
    const meta = error.meta as { response?: { status?: number } } | undefined;
    return {
      ok: false,
      message: error.message,
      data: stripStacks(error.data),
      shape: stripStacks(error.shape),
      status: meta?.response?.status,
    };
  }
}

function makeClient(
  url: string,
  kind: LinkKind,
  transformer: boolean,
  seen: Seen[],
  headers: () => Record<string, string>,
) {
  const fetchAndRecord = async (input: string | URL | Request, init?: RequestInit) => {
    const res = await fetch(input, init);
    seen.push({
      url: String(input),
      fast: res.headers.has('content-length') && !res.headers.has('transfer-encoding'),
    });
    return res;
  };
  const common = {
    url: `${url}/trpc`,
    headers,
    fetch: fetchAndRecord,
    ...(transformer ? { transformer: superjson } : {}),
  };
  // The link options are typed by whether the router has a transformer; both variants run here.
  const http = (
    kind === 'httpLink'
      ? httpLink(common as never)
      : kind === 'httpBatchLink'
        ? httpBatchLink(common as never)
        : httpBatchStreamLink(common as never)
  ) as TRPCLink<TestRouter>;
  const sse = httpSubscriptionLink({
    url: `${url}/trpc`,
    EventSource,
    ...(transformer ? { transformer: superjson } : {}),
  } as never) as TRPCLink<TestRouter>;
  return createTRPCClient<TestRouter>({
    links: [splitLink({ condition: (op) => op.type === 'subscription', true: sse, false: http })],
  });
}

type Client = ReturnType<typeof makeClient>;
/** Paths the router does not have, called through the untyped proxy. */
type Untyped = { nope: { query: () => Promise<unknown> } };

function subscribeAll(client: Client, count: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const values: unknown[] = [];
    const sub = client.onTick.subscribe(
      { count },
      {
        onData: (value) => {
          values.push(value);
          if (values.length === count) {
            sub.unsubscribe();
            resolve(values);
          }
        },
        onError: reject,
      },
    );
  });
}

const scenarios: Record<
  string,
  (client: Client, setHeaders: (h: Record<string, string>) => void) => Promise<unknown>
> = {
  query: (c) => c.hello.query(),
  'query with input': (c) => c.greet.query({ name: 'ann' }),
  'zod error': (c) => c.greet.query({ name: '' }),
  mutation: (c) => c.add.mutate({ a: 2, b: 3 }),
  'mutation zod error': (c) => c.add.mutate({ a: 2, b: 'x' as unknown as number }),
  'unexpected error': (c) => c.boom.query(),
  'output validation': (c) => c.badOutput.query(),
  '404 unknown path': (c) => (c as unknown as Untyped).nope.query(),
  'nested path': (c) => c.nested.deep.path.query(),
  'dates and sets': (c) => c.date.query(),
  echo: (c) => c.echo.query({ list: [1, 'two', null], nested: { ok: true } }),
  cookies: (c) => c.setCookie.mutate(),
  'stream-like result': (c) => c.deferred.query(),
  'async iterable result': (c) => c.iterable.query(),
  'batch of parallel calls': (c) =>
    Promise.all([
      settle(() => c.hello.query()),
      settle(() => c.greet.query({ name: 'x' })),
      settle(() => (c as unknown as Untyped).nope.query()),
      settle(() => c.boom.query()),
    ]),
  'parallel mutations': (c) =>
    Promise.all([
      settle(() => c.add.mutate({ a: 1, b: 1 })),
      settle(() => c.add.mutate({ a: 1, b: 2 })),
    ]),
  'context throws': async (c, setHeaders) => {
    setHeaders({ 'x-ctx': 'throw-trpc' });
    return Promise.all([settle(() => c.hello.query()), settle(() => c.add.mutate({ a: 1, b: 1 }))]);
  },
  'middleware with user': async (c, setHeaders) => {
    setHeaders({ 'x-user': 'ann' });
    return c.whoami.query();
  },
  'middleware without user': (c) => c.whoami.query(),
  'subscription over SSE': (c) => subscribeAll(c, 3),
  ...Object.fromEntries(
    TRPC_ERROR_CODES.map((code) => [`TRPCError ${code}`, (c: Client) => c.fail.query({ code })]),
  ),
};

for (const transformer of [false, true]) {
  for (const kind of ['httpLink', 'httpBatchLink', 'httpBatchStreamLink'] as const) {
    describe(`golden, @trpc/client ${kind}${transformer ? ' + superjson' : ''}`, () => {
      let pair: ServerPair;
      const seen = { official: [] as Seen[], ours: [] as Seen[] };
      let headers: Record<string, string> = {};
      let clients: { official: Client; ours: Client };
      beforeAll(async () => {
        pair = await startPair({ transformer });
        clients = {
          official: makeClient(pair.official.url, kind, transformer, seen.official, () => headers),
          ours: makeClient(pair.ours.url, kind, transformer, seen.ours, () => headers),
        };
      });
      afterAll(async () => {
        await pair.close();
      });
      for (const [name, scenario] of Object.entries(scenarios)) {
        it(name, async () => {
          const run = async (client: Client) => {
            headers = {};
            return settle(() => scenario(client, (next) => (headers = next)));
          };
          seen.ours.length = 0;
          const official = await run(clients.official);
          const ours = await run(clients.ours);
          expect(ours).toEqual(official);
          // JSON links are served on the fast path; jsonl streams and SSE are delegated.
          const expectFast = kind !== 'httpBatchStreamLink' && name !== 'subscription over SSE';
          for (const request of seen.ours) expect(request.fast, request.url).toBe(expectFast);
          if (name === 'batch of parallel calls' && kind !== 'httpLink') {
            expect(seen.ours).toHaveLength(1);
          }
          if (name === 'subscription over SSE')
            expect(official).toEqual({ ok: true, value: [0, 1, 2] });
          if (name === 'async iterable result' && kind === 'httpBatchStreamLink') {
            expect(official).toEqual({ ok: true, value: { iterated: [1, 2] } });
          }
        });
      }
    });
  }
}
