import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rest, trpcClient } from '../helpers/clients.js';
import { cookieCall, signInWithCookie } from '../helpers/cookie-session.js';
import { TEST_ADMIN } from '../helpers/credentials.js';
import { databaseModes } from '../helpers/database-modes.js';
import { type RunningApi, startApi } from '../helpers/start-api.js';
import { joinByInvite, otherWorkspace, type TestUser } from '../helpers/workspaces.js';
import { metadata, OCTETS } from '../uploads/tus-helpers.js';
import {
  callProcedure,
  type ProcedureInfo,
  type RawAnswer,
  trpcAppCode,
} from './procedure-calls.js';
import { tally } from './tally.js';
import {
  A_SECRETS,
  seedWorkspaceA,
  snapshotA,
  startPaymentSandbox,
  startReceiver,
  type WorkspaceA,
} from './workspace-a.js';

const count = tally('idor-and-roles');
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
type Call = Pick<ProcedureInfo, 'path' | 'type'>;
const q = (path: string): Call => ({ path, type: 'query' });
const m = (path: string): Call => ({ path, type: 'mutation' });

/** Refused as "not yours": 403 or 404 (tRPC or REST shape), and nothing of A in the answer. */
function expectDenied(answer: RawAnswer, what: string, codes = ['NOT_FOUND', 'FORBIDDEN']) {
  count.attack(answer.status);
  const body = answer.json as
    | { error?: { code?: string; data?: { appCode?: string } } }
    | undefined;
  const code = trpcAppCode(answer) ?? body?.error?.code;
  expect(codes, `${what}: ${answer.status} ${answer.text.slice(0, 300)}`).toContain(code);
  if (!answer.text.includes('event:')) expect([403, 404], what).toContain(answer.status);
  for (const secret of A_SECRETS) expect(answer.text, what).not.toContain(secret);
}

/** Answered (200) but with nothing of A's in it. */
function expectNothingOfA(answer: RawAnswer, what: string, a: WorkspaceA) {
  count.attack(answer.status);
  expect(answer.status, `${what}: ${answer.text.slice(0, 300)}`).toBe(200);
  for (const secret of [...A_SECRETS, ...Object.values(a.uploadIds), a.fileImportId, a.chargeId])
    expect(answer.text, what).not.toContain(secret);
}

// Heavy (a payment sandbox, a webhook receiver, a file import): PostgreSQL when there is one.
const modes = databaseModes();
const mode = modes.find((x) => x.name === 'postgres') ?? modes[0];

describe.runIf(mode)(`IDOR across workspaces and roles on ${mode?.name}`, () => {
  let api: RunningApi;
  let a: WorkspaceA;
  let before: Awaited<ReturnType<typeof snapshotA>>;
  let mallory: TestUser;
  let adminId: string;
  /** A's workspace id. */
  let adminWorkspaceId: string;
  let closeAll: () => Promise<void>;
  const workspaceA = () => a;

  beforeAll(async () => {
    if (!mode) return;
    const sandbox = await startPaymentSandbox('whsec_YXR0YWNrcy1zdWl0ZS1zZWNyZXQtMDEyMzQ1Njc4OQ==');
    const receiver = await startReceiver();
    api = await startApi(mode, {
      ...sandbox.env,
      WEBHOOK_ALLOW_PRIVATE: 'true',
      RATE_LIMIT_READS_PER_SECOND: '0',
      RATE_LIMIT_IMPORTS_PER_HOUR: '0',
      RATE_LIMIT_IMPORTS_PER_DAY: '0',
    });
    closeAll = async () => {
      await api.close();
      await sandbox.close();
      await receiver.close();
    };
    a = await seedWorkspaceA(api.url, receiver.url);
    const me = await trpcClient(api.url).auth.me.query();
    adminId = me.user.id;
    adminWorkspaceId = me.workspace.id;
    // The admin also has a browser session, whose id another user might try to revoke.
    await signInWithCookie(api.url);
    before = await snapshotA(api.url, a);
    mallory = await otherWorkspace(api.url);
  });
  afterAll(() => closeAll?.());

  it('B’s owner gets 404 or 403 from every procedure given A’s ids, on tRPC', async () => {
    const h = bearer(mallory.token);
    const adminTokenId = (await trpcClient(api.url).auth.tokens.query()).items[0]?.id;
    const adminSessionId = (await trpcClient(api.url).auth.sessions.query()).items[0]?.id;
    const A = workspaceA();
    const attempts: [Call, unknown][] = [
      [q('imports.get'), { id: A.rowsImportId }],
      [q('imports.get'), { id: A.fileImportId }],
      [m('imports.cancel'), { id: A.fileImportId }],
      [m('imports.cancel'), { id: A.rowsImportId }],
      ...Object.values(A.uploadIds).flatMap((uploadId) => [
        [q('uploads.preview'), { uploadId, dataset: 'orders' }] as [Call, unknown],
        [m('imports.createFromUpload'), { uploadId, dataset: 'orders' }] as [Call, unknown],
      ]),
      [q('payments.getCharge'), { id: A.chargeId }],
      [m('payments.createCharge'), { orderId: 'A-1', amount: '10.00', currency: 'USD' }],
      [m('webhooks.deleteEndpoint'), { id: A.endpointId }],
      [m('webhooks.redeliver'), { id: A.deliveryId }],
      [m('workspaces.setRole'), { userId: adminId, role: 'viewer' }],
      [m('workspaces.removeMember'), { userId: adminId }],
      [m('auth.revokeToken'), { id: adminTokenId }],
      [m('auth.revokeSession'), { id: adminSessionId }],
      [q('audit.list'), {}],
      [q('ops.dashboard'), {}],
    ];
    for (const [p, input] of attempts) {
      expectDenied(await callProcedure(api.url, p, { input, headers: h }), `${p.path}`);
    }
    // Live progress of A's import: refused before a single event of it.
    const sse = await callProcedure(
      api.url,
      { path: 'imports.onProgress', type: 'subscription' },
      { input: { id: A.fileImportId }, headers: h },
    );
    count.attack(sse.status);
    expect(trpcAppCode(sse), sse.text).toBe('NOT_FOUND');
    expect(sse.text).not.toContain('"status"');
    // Nor can B's owner switch a browser session to A, or get a token for A with their password.
    const session = await signInWithCookie(api.url, mallory);
    expectDenied(
      await cookieCall(api.url, session.cookie, 'auth.switchWorkspace', {
        mutation: true,
        input: { workspaceId: adminWorkspaceId },
        headers: { 'x-csrf-token': session.csrfToken, origin: api.url },
      }),
      'switchWorkspace to A',
    );
    const token = await rest(api.url, '/api/auth/token', {
      method: 'POST',
      token: null,
      json: { email: mallory.email, password: mallory.password, workspaceId: adminWorkspaceId },
    });
    expectDenied(token, 'issueToken for A');
  });

  it('B’s owner sees nothing of A in lists, searches and B’s own rows (cache warm with A’s)', async () => {
    const h = bearer(mallory.token);
    const A = workspaceA();
    // B writes its own order "A-1": B's row, never A's.
    const own = await callProcedure(api.url, m('imports.createFromRows'), {
      input: {
        dataset: 'orders',
        rows: [{ ...before.rows[0], customer_email: 'b@b.example', amount: '999.99' }],
      },
      headers: h,
    });
    expectNothingOfA(own, 'createFromRows A-1 in B', A);
    for (const [p, input] of [
      [q('imports.list'), {}],
      [q('datasets.list'), undefined],
      [q('datasets.rows'), { dataset: 'orders' }],
      [q('datasets.rows'), { dataset: 'orders', search: 'secret-a' }],
      [q('webhooks.listEndpoints'), undefined],
      [q('webhooks.listDeliveries'), {}],
      [q('webhooks.listDeliveries'), { endpointId: A.endpointId }],
      [q('workspaces.members'), undefined],
      [q('auth.tokens'), undefined],
      [q('auth.sessions'), undefined],
      [q('auth.me'), undefined],
    ] as const) {
      const answer = await callProcedure(api.url, p, { input, headers: h });
      expectNothingOfA(answer, `${p.path} ${JSON.stringify(input)}`, A);
      expect(answer.text).not.toContain(TEST_ADMIN.email);
    }
    const rows = await trpcClient(api.url, mallory.token).datasets.rows.query({
      dataset: 'orders',
    });
    expect(rows.items.map((r) => [r.order_id, r.amount])).toEqual([['A-1', '999.99']]);
  });

  it('B’s owner gets 404 or 403 from every REST route given A’s ids', async () => {
    const A = workspaceA();
    const as = { token: mallory.token };
    for (const [method, path, json] of [
      ['GET', `/api/imports/${A.rowsImportId}`],
      ['GET', `/api/imports/${A.fileImportId}`],
      ['POST', `/api/imports/${A.fileImportId}/cancel`, {}],
      ['GET', `/api/imports/${A.fileImportId}/errors.csv`],
      ['GET', `/api/imports/${A.rowsImportId}/errors.csv`],
      ['GET', `/api/uploads/${A.uploadIds.spare}/preview?dataset=orders`],
      ['POST', '/api/imports/from-upload', { uploadId: A.uploadIds.spare, dataset: 'orders' }],
      ['GET', `/api/payments/charges/${A.chargeId}`],
      ['POST', '/api/payments/charges', { orderId: 'A-2', amount: '1.00', currency: 'USD' }],
      ['DELETE', `/api/webhooks/endpoints/${A.endpointId}`],
      ['POST', `/api/webhooks/deliveries/${A.deliveryId}/redeliver`, {}],
      ['GET', '/api/ops/dashboard'],
    ] as const) {
      const answer = await rest(api.url, path, {
        ...as,
        method,
        ...(json === undefined ? {} : { json }),
      });
      expectDenied(answer, `${method} ${path}`);
    }
    for (const path of ['/api/imports', `/api/webhooks/deliveries?endpointId=${A.endpointId}`]) {
      expectNothingOfA(await rest(api.url, path, as), path, A);
    }
  });

  it('B’s owner gets 404 from tus for every upload of A: HEAD, PATCH, DELETE, status, concatenation', async () => {
    const A = workspaceA();
    const tusAs = (
      method: string,
      path: string,
      headers: Record<string, string> = {},
      body?: string,
    ) =>
      rest(api.url, path, {
        method,
        token: mallory.token,
        headers: { 'tus-resumable': '1.0.0', ...headers },
        ...(body === undefined ? {} : { body }),
      });
    for (const id of Object.values(A.uploadIds)) {
      const path = `/api/uploads/${id}`;
      const head = await tusAs('HEAD', path);
      count.attack(head.status);
      expect(head.status, `HEAD ${id}`).toBe(404);
      expect(head.headers.get('upload-offset')).toBeNull();
      expect(head.headers.get('upload-metadata')).toBeNull();
      expectDenied(await tusAs('GET', `${path}/status`), `status ${id}`);
      for (const offset of ['0', '16']) {
        expectDenied(
          await tusAs('PATCH', path, { 'upload-offset': offset, 'content-type': OCTETS }, 'x,y\n'),
          `PATCH ${id} at ${offset}`,
        );
      }
      expectDenied(await tusAs('DELETE', path), `DELETE ${id}`);
    }
    const final = await tusAs('POST', '/api/uploads', {
      'upload-concat': `final;/api/uploads/${A.uploadIds.partial}`,
      'upload-metadata': metadata({ filename: 'stolen.csv' }),
    });
    expectDenied(final, 'concatenation with A’s part');
  });

  describe('roles within workspace A', () => {
    let viewer: TestUser;
    let member: TestUser;
    let readToken: string;
    beforeAll(async () => {
      viewer = await joinByInvite(api.url, api.token, { email: 'val@a.example', role: 'viewer' });
      member = await joinByInvite(api.url, api.token, { email: 'mem@a.example', role: 'member' });
      readToken = (
        await trpcClient(api.url).auth.createToken.mutate({ name: 'read only', scope: 'read' })
      ).token;
    });

    it('a viewer (browser session, right CSRF token) cannot change anything: 403', async () => {
      const A = workspaceA();
      const session = await signInWithCookie(api.url, viewer);
      const headers = { 'x-csrf-token': session.csrfToken, origin: api.url };
      for (const [path, input] of [
        ['imports.createFromRows', { dataset: 'orders', rows: [before.rows[0]] }],
        ['imports.cancel', { id: A.fileImportId }],
        ['imports.createFromUpload', { uploadId: A.uploadIds.spare, dataset: 'orders' }],
        ['payments.createCharge', { orderId: 'A-1', amount: '10.00', currency: 'USD' }],
        ['webhooks.createEndpoint', { url: 'https://example.com/x', events: ['import.failed'] }],
        ['webhooks.deleteEndpoint', { id: A.endpointId }],
        ['webhooks.redeliver', { id: A.deliveryId }],
        ['workspaces.invite', { role: 'owner' }],
        ['auth.createToken', { name: 'escalate', scope: 'write' }],
      ] as const) {
        const answer = await cookieCall(api.url, session.cookie, path, {
          mutation: true,
          input,
          headers,
        });
        expectDenied(answer, `viewer ${path}`, ['FORBIDDEN']);
      }
      for (const [method, path] of [
        ['POST', '/api/uploads'],
        ['DELETE', `/api/uploads/${A.uploadIds.spare}`],
      ] as const) {
        const answer = await rest(api.url, path, {
          method,
          token: null,
          headers: {
            ...headers,
            cookie: session.cookie,
            'tus-resumable': '1.0.0',
            'upload-length': '3',
            'upload-metadata': metadata({ filename: 'v.csv' }),
          },
        });
        expectDenied(answer, `viewer tus ${method}`, ['FORBIDDEN']);
      }
      // Reading is what a viewer may do.
      const rows = await cookieCall(api.url, session.cookie, 'datasets.rows', {
        input: { dataset: 'orders' },
      });
      expect(rows.status).toBe(200);
    });

    it('a member cannot manage members or webhooks: 403', async () => {
      const A = workspaceA();
      const h = bearer(member.token);
      for (const [p, input] of [
        [q('workspaces.members'), undefined],
        [m('workspaces.invite'), { role: 'viewer' }],
        [m('workspaces.setRole'), { userId: member.userId, role: 'owner' }],
        [m('workspaces.removeMember'), { userId: adminId }],
        [m('webhooks.createEndpoint'), { url: 'https://example.com/x', events: ['import.failed'] }],
        [m('webhooks.deleteEndpoint'), { id: A.endpointId }],
      ] as const) {
        expectDenied(await callProcedure(api.url, p, { input, headers: h }), `member ${p.path}`, [
          'FORBIDDEN',
        ]);
      }
      // Past the role check: a member may cancel imports (this one has ended: 409).
      const own = await callProcedure(api.url, m('imports.cancel'), {
        input: { id: A.fileImportId },
        headers: h,
      });
      expect(trpcAppCode(own)).toBe('CONFLICT');
    });

    it('a read token cannot change anything, on tRPC, REST and tus: 403', async () => {
      const A = workspaceA();
      const h = bearer(readToken);
      for (const [p, input] of [
        [m('imports.createFromRows'), { dataset: 'orders', rows: [] }],
        [m('imports.cancel'), { id: A.fileImportId }],
        [m('webhooks.deleteEndpoint'), { id: A.endpointId }],
        [m('auth.createToken'), { name: 'write please', scope: 'write' }],
        [m('workspaces.invite'), { role: 'owner' }],
      ] as const) {
        expectDenied(await callProcedure(api.url, p, { input, headers: h }), `read ${p.path}`, [
          'FORBIDDEN',
        ]);
      }
      expectDenied(
        await rest(api.url, '/api/import', {
          method: 'POST',
          token: readToken,
          json: { dataset: 'orders', rows: [] },
        }),
        'read REST import',
        ['FORBIDDEN'],
      );
      for (const [method, path] of [
        ['POST', '/api/uploads'],
        ['PATCH', `/api/uploads/${A.uploadIds.unfinished}`],
        ['DELETE', `/api/uploads/${A.uploadIds.spare}`],
      ] as const) {
        const answer = await rest(api.url, path, {
          method,
          token: readToken,
          headers: {
            'tus-resumable': '1.0.0',
            'upload-length': '3',
            'upload-offset': '16',
            'content-type': OCTETS,
            'upload-metadata': metadata({ filename: 'r.csv' }),
          },
          ...(method === 'PATCH' ? { body: 'x' } : {}),
        });
        expectDenied(answer, `read token tus ${method}`, ['FORBIDDEN']);
      }
      expect((await rest(api.url, '/api/imports', { token: readToken })).status).toBe(200);
    });

    it('only administrators read the audit log and the Health page', async () => {
      for (const [who, token] of [
        ['member', member.token],
        ['viewer', viewer.token],
        ['other owner', mallory.token],
      ] as const) {
        expectDenied(
          await callProcedure(api.url, q('audit.list'), { input: {}, headers: bearer(token) }),
          `${who} audit.list`,
          ['FORBIDDEN'],
        );
        expectDenied(await rest(api.url, '/api/ops/dashboard', { token }), `${who} ops.dashboard`, [
          'FORBIDDEN',
        ]);
      }
      expect((await trpcClient(api.url).audit.list.query({})).items.length).toBeGreaterThan(0);
    });
  });

  it('leaves A exactly as it was', async () => {
    const after = await snapshotA(api.url, workspaceA());
    // Members the role tests invited are the only change; the rest is untouched.
    expect({ ...after, members: null }).toEqual({ ...before, members: null });
    expect(after.members.map((x) => x.email)).toContain(TEST_ADMIN.email);
    expect(after.members.find((x) => x.email === TEST_ADMIN.email)?.role).toBe('owner');
  });
});
