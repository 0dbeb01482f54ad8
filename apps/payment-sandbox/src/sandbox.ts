import { setTimeout as sleep } from 'node:timers/promises';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sendCallback } from './callbacks.js';
import { ChargeBook, createChargeBody } from './charges.js';
import { FaultQueue, fault } from './faults.js';
import { Sessions } from './sessions.js';

export interface SandboxOptions {
  merchantId: string;
  apiKey: string;
  /** Standard Webhooks secret (`whsec_` + base64) the callbacks are signed with. */
  callbackSecret: string;
  /** Dashboard users: username -> password. */
  users: Record<string, string>;
  sessionTtlSeconds?: number;
  /** Public base URL for payment links; defaults to the address it listens on. */
  publicUrl?: string;
}

export interface Sandbox {
  app: FastifyInstance;
  charges: ChargeBook;
  faults: FaultQueue;
}

const SESSION_COOKIE = 'sandbox_session';
const problem = (reply: FastifyReply, status: number, code: string, message: string) =>
  reply.status(status).send({ error: { code, message } });

/**
 * A stand-in payment provider on 127.0.0.1 for tests and `pnpm dev`. Its API is what a real
 * provider looks like from a client: Bearer-authenticated charges with idempotency keys, a
 * cookie-session dashboard API, signed callbacks, and faults on demand under /_sandbox.
 */
export async function buildSandbox(options: SandboxOptions): Promise<Sandbox> {
  const app = Fastify({ logger: false });
  const charges = new ChargeBook();
  const faults = new FaultQueue();
  const sessions = new Sessions(options.sessionTtlSeconds ?? 3600);
  await app.register(fastifyCookie);

  const baseUrl = (req: FastifyRequest) => options.publicUrl ?? `${req.protocol}://${req.host}`;

  // Faults hit the provider API only, never the sandbox's control routes.
  app.addHook('onRequest', async (req, reply) => {
    if (
      !req.url.startsWith('/v1/') &&
      !req.url.startsWith('/login') &&
      !req.url.startsWith('/dashboard/')
    )
      return;
    const next = faults.take();
    if (!next) return;
    switch (next.kind) {
      case 'latency':
        await sleep(next.ms);
        return;
      case 'status':
        return problem(reply, next.status, 'injected', `injected ${next.status}`);
      case 'reset':
        req.raw.socket.destroy();
        return reply.hijack();
      case 'rate-limit':
        reply.header('retry-after', String(next.retryAfter));
        return problem(reply, 429, 'rate_limited', 'too many requests');
      case 'bad-json':
        return reply.status(200).type('application/json').send('{"id": "ch_');
    }
  });

  app.post('/login', async (req, reply) => {
    const body = z.object({ username: z.string(), password: z.string() }).safeParse(req.body);
    if (!body.success || options.users[body.data.username] !== body.data.password) {
      return problem(reply, 401, 'bad_credentials', 'wrong username or password');
    }
    const session = sessions.open(body.data.username);
    reply.setCookie(SESSION_COOKIE, session.id, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      maxAge: session.maxAgeSeconds,
    });
    return { user: body.data.username };
  });

  app.get('/dashboard/charges', async (req, reply) => {
    const user = sessions.user(req.cookies[SESSION_COOKIE]);
    if (!user) return problem(reply, 401, 'no_session', 'sign in first');
    return { user, charges: charges.list() };
  });

  const requireKey = async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return problem(reply, 401, 'bad_api_key', 'missing or wrong Bearer API key');
    }
  };

  app.post('/v1/charges', { preHandler: requireKey }, async (req, reply) => {
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || key.length === 0) {
      return problem(reply, 400, 'idempotency_key_required', 'send an Idempotency-Key header');
    }
    const body = createChargeBody.safeParse(req.body);
    if (!body.success)
      return problem(
        reply,
        400,
        'invalid_request',
        body.error.issues.map((i) => i.message).join('; '),
      );
    if (body.data.merchantId !== options.merchantId)
      return problem(reply, 403, 'unknown_merchant', 'unknown merchant');
    const outcome = charges.create(body.data, key, baseUrl(req));
    if (outcome.kind === 'key-reused') {
      return problem(
        reply,
        422,
        'idempotency_key_reused',
        'this Idempotency-Key was used with another request',
      );
    }
    if (outcome.kind === 'replayed') reply.header('idempotent-replayed', 'true');
    return reply.status(outcome.kind === 'created' ? 201 : 200).send(outcome.charge);
  });

  app.get<{ Params: { id: string } }>(
    '/v1/charges/:id',
    { preHandler: requireKey },
    async (req, reply) => {
      const charge = charges.get(req.params.id);
      return charge ?? problem(reply, 404, 'not_found', 'no such charge');
    },
  );

  app.get<{ Params: { id: string } }>('/pay/:id', async (req, reply) => {
    const charge = charges.get(req.params.id);
    if (!charge) return problem(reply, 404, 'not_found', 'no such charge');
    return reply
      .type('text/html')
      .send(`<!doctype html><title>Pay</title><h1>Pay ${charge.amount} ${charge.currency}</h1>`);
  });

  // Control routes for tests and development.
  app.post('/_sandbox/faults', async (req) => {
    faults.push(z.object({ faults: z.array(fault) }).parse(req.body).faults);
    return { pending: faults.pending };
  });
  app.delete('/_sandbox/faults', async () => {
    faults.clear();
    return { pending: 0 };
  });
  app.get('/_sandbox/stats', async () => ({ chargesCreated: charges.createdCount }));
  app.post<{ Params: { id: string } }>('/_sandbox/charges/:id/settle', async (req, reply) => {
    const { outcome } = z.object({ outcome: z.enum(['succeeded', 'failed']) }).parse(req.body);
    const charge = charges.settle(req.params.id, outcome);
    if (!charge) return problem(reply, 404, 'not_found', 'no such charge');
    return { charge, delivery: (await sendCallback(charge, options.callbackSecret)) ?? null };
  });

  return { app, charges, faults };
}
