import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restProcedures } from '../../src/rest/procedures.js';
import { rest } from '../helpers/clients.js';
import { databaseModes } from '../helpers/database-modes.js';
import { type RunningApi, startApi } from '../helpers/start-api.js';
import { allProcedures, callProcedure, trpcAppCode } from './procedure-calls.js';
import { tally } from './tally.js';

/** The only procedures anyone may call without signing in. */
const PUBLIC = [
  'auth.acceptInvite',
  'auth.inviteInfo',
  'auth.issueToken',
  'auth.setup',
  'auth.setupStatus',
  'auth.signIn',
];
const ALLOWED_ACCESS = ['public', 'signed-in', 'viewer', 'member', 'owner', 'admin'];

const count = tally('access-declarations');

describe('access declarations', () => {
  it('every procedure declares an access level from the allowed set', () => {
    const procedures = allProcedures();
    expect(procedures.length).toBeGreaterThan(30);
    for (const p of procedures) expect(ALLOWED_ACCESS, p.path).toContain(p.access);
    const open = procedures.filter((p) => p.access === 'public').map((p) => p.path);
    expect(open.sort()).toEqual(PUBLIC);
  });
});

describe.each(databaseModes())('anonymous callers on $name', (mode) => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi(mode, { RATE_LIMIT_READS_PER_SECOND: '0' });
  });
  afterAll(() => api?.close());

  it('get 401 UNAUTHORIZED from every procedure but the public ones, on tRPC', async () => {
    for (const p of allProcedures()) {
      if (PUBLIC.includes(p.path)) continue;
      // An empty input and a plausible one: access is checked before the input.
      for (const input of [undefined, { id: randomUUID() }]) {
        const answer = await callProcedure(api.url, p, { input });
        count.attack(answer.status);
        expect(trpcAppCode(answer), `${p.path} ${answer.text.slice(0, 200)}`).toBe('UNAUTHORIZED');
        if (p.type !== 'subscription') expect(answer.status, p.path).toBe(401);
        expect(answer.text).not.toContain('"result"');
      }
    }
  });

  it('reach the public procedures (no 401), which give nothing away without credentials', async () => {
    for (const path of PUBLIC) {
      const p = allProcedures().find((x) => x.path === path);
      if (!p) throw new Error(`no procedure ${path}`);
      const answer = await callProcedure(api.url, p, { input: {} });
      count.attack(answer.status);
      expect(answer.status, path).not.toBe(401);
      expect(answer.status, path).toBeLessThan(500);
    }
    // Setup is done already: the one-time form is closed for good.
    const setup = await callProcedure(
      api.url,
      { path: 'auth.setup', type: 'mutation' },
      {
        input: {
          email: 'eve@evil.example',
          password: 'Evil-but-long-enough-1',
          workspaceName: 'x',
        },
      },
    );
    count.attack(setup.status);
    expect(trpcAppCode(setup)).toBe('CONFLICT');
  });

  it('get 401 from every REST route but POST /api/auth/token', async () => {
    const routes = restProcedures();
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      const path = `/api${route.url.replace(/:\w+/g, () => randomUUID())}`;
      const answer = await rest(api.url, path, {
        method: route.method,
        token: null,
        ...(route.method === 'GET' ? {} : { json: {} }),
      });
      count.attack(answer.status);
      if (route.path === 'auth.issueToken') {
        expect(answer.status).toBe(400);
        continue;
      }
      expect(answer.status, `${route.method} ${path}`).toBe(401);
      expect(answer.json).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    }
  });

  it('get 401 from tus (every method), the upload status and the error report', async () => {
    const id = 'a'.repeat(32);
    const importId = randomUUID();
    for (const [method, path, headers] of [
      ['POST', '/api/uploads', { 'upload-length': '3' }],
      ['HEAD', `/api/uploads/${id}`, {}],
      [
        'PATCH',
        `/api/uploads/${id}`,
        { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      ],
      ['DELETE', `/api/uploads/${id}`, {}],
      ['GET', `/api/uploads/${id}/status`, {}],
      ['GET', `/api/imports/${importId}/errors.csv`, {}],
    ] as const) {
      const answer = await rest(api.url, path, {
        method,
        token: null,
        headers: { 'tus-resumable': '1.0.0', ...headers },
        ...(method === 'PATCH' || method === 'POST' ? { body: 'a,b' } : {}),
      });
      count.attack(answer.status);
      expect(answer.status, `${method} ${path}`).toBe(401);
      if (method !== 'HEAD') expect(answer.json).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    }
  });

  it('get 401 with a Bearer token that is garbage, or ours but unknown', async () => {
    for (const token of ['garbage', 'itk_', `itk_${'A'.repeat(43)}`, 'ses_x', '']) {
      const answer = await rest(api.url, '/api/imports', { token });
      count.attack(answer.status);
      expect(answer.status, token).toBe(401);
      expect(answer.json).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    }
  });
});
