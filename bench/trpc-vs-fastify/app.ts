// The benchmark's Fastify app per variant: every variant answers GET /trpc/hello and the 10-call
// batch GET /trpc/hello,...?batch=1 with the same JSON bodies, so only the hosting differs.
import { fastifyTRPCPlugin as ourPlugin } from '@intake/trpc-fastify';
import { initTRPC } from '@trpc/server';
import { fastifyTRPCPlugin as officialPlugin } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyInstance } from 'fastify';

export const PAYLOAD = { id: 42, name: 'intake', tags: ['csv', 'json'], active: true };

export const VARIANTS = ['plain', 'official', 'ours', 'ours-trpc-call', 'caller'] as const;
export type Variant = (typeof VARIANTS)[number];

const t = initTRPC.context<{ requestId: string | undefined }>().create();
const router = t.router({ hello: t.procedure.query(() => PAYLOAD) });
const createContext = ({ req }: { req: { id: string } }) => ({ requestId: req.id });

type Query = { Params: { path: string }; Querystring: { batch?: string } };

export async function buildBenchApp(variant: Variant): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  switch (variant) {
    case 'plain':
      app.get<Query>('/trpc/:path', async (req) => {
        if (req.query.batch !== '1') return { result: { data: PAYLOAD } };
        return req.params.path.split(',').map(() => ({ result: { data: PAYLOAD } }));
      });
      break;
    case 'caller':
      // tRPC's procedure pipeline without any HTTP adapter (the old "ceiling").
      app.get<Query>('/trpc/:path', async (req) => {
        const caller = router.createCaller({ requestId: req.id });
        if (req.query.batch !== '1') return { result: { data: await caller.hello() } };
        const paths = req.params.path.split(',');
        return Promise.all(paths.map(async () => ({ result: { data: await caller.hello() } })));
      });
      break;
    case 'official':
      await app.register(officialPlugin, {
        prefix: '/trpc',
        trpcOptions: { router, createContext },
      });
      break;
    case 'ours':
      await app.register(ourPlugin, { prefix: '/trpc', trpcOptions: { router, createContext } });
      break;
    case 'ours-trpc-call':
      // Ours with tRPC's own procedure() instead of the inline middleware walk (issue 8).
      await app.register(ourPlugin, {
        prefix: '/trpc',
        trpcOptions: { router, createContext },
        procedureCall: 'trpc',
      });
      break;
  }
  return app;
}
