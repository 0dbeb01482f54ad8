import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSession } from '../helpers/browser-session.js';
import { rest, trpcClient } from '../helpers/clients.js';
import { issueToken, TEST_ADMIN } from '../helpers/credentials.js';
import { databaseModes } from '../helpers/database-modes.js';
import { type RunningApi, startApi } from '../helpers/start-api.js';

/** The error an operation failed with, as a client sees it. */
async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (err) {
    if (err instanceof TRPCClientError) {
      const data = err.data as { appCode?: string; httpStatus?: number } | undefined;
      return { code: data?.appCode, status: data?.httpStatus, message: err.message };
    }
    throw err;
  }
  throw new Error('expected a failure');
}

const order = (id: string) => ({
  order_id: id,
  customer_email: 'a@example.com',
  amount: '10.00',
  currency: 'EUR',
  status: 'paid',
  created_at: '2026-01-01T00:00:00Z',
});

describe.each(databaseModes())('accounts on %s', (mode) => {
  describe('a fresh instance', () => {
    let api: RunningApi;
    beforeAll(async () => {
      api = await startApi(mode, {}, { signIn: false });
    });
    afterAll(() => api?.close());

    it('asks for the one-time setup, refuses weak passwords, then makes the first admin', async () => {
      const browser = browserSession(api.url);
      expect(await browser.client.auth.setupStatus.query()).toEqual({ needsSetup: true });
      // Nothing else is open meanwhile.
      expect(await failure(browser.client.datasets.list.query())).toMatchObject({
        status: 401,
        code: 'UNAUTHORIZED',
      });

      const short = await failure(
        browser.client.auth.setup.mutate({
          email: 'admin@example.com',
          password: 'short',
          workspaceName: 'Shop',
        }),
      );
      expect(short).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect(short.message).toContain('at least 10 characters');
      const common = await failure(
        browser.client.auth.setup.mutate({
          email: 'admin@example.com',
          password: 'password123',
          workspaceName: 'Shop',
        }),
      );
      expect(common.message).toContain('too common');

      const me = browser.remember(
        await browser.client.auth.setup.mutate({
          email: 'Admin@Example.com',
          password: 'a-long-enough-passphrase',
          workspaceName: 'Shop',
        }),
      );
      expect(me).toMatchObject({
        user: { email: 'admin@example.com', isAdmin: true },
        workspace: { name: 'Shop', role: 'owner' },
        via: 'session',
      });
      expect(browser.state.cookie).toMatch(/^ses_/);
      expect(await browser.client.datasets.list.query()).toMatchObject({
        items: expect.any(Array),
      });

      expect(await browser.client.auth.setupStatus.query()).toEqual({ needsSetup: false });
      const again = await failure(
        browserSession(api.url).client.auth.setup.mutate({
          email: 'intruder@example.com',
          password: 'another-long-passphrase',
          workspaceName: 'Mine',
        }),
      );
      expect(again).toMatchObject({ status: 409, code: 'CONFLICT' });
    });
  });

  describe('an instance with INTAKE_ADMIN_*', () => {
    let api: RunningApi;
    beforeAll(async () => {
      api = await startApi(mode);
    });
    afterAll(() => api?.close());

    it('signs in with the right password only, with one message for a wrong password or email', async () => {
      const browser = browserSession(api.url);
      const wrong = await failure(
        browser.client.auth.signIn.mutate({
          email: TEST_ADMIN.email,
          password: 'not-the-password',
        }),
      );
      const unknown = await failure(
        browser.client.auth.signIn.mutate({
          email: 'nobody@example.com',
          password: 'whatever-1234',
        }),
      );
      expect(wrong).toMatchObject({
        status: 401,
        code: 'UNAUTHORIZED',
        message: 'Wrong email or password',
      });
      expect(unknown).toEqual(wrong);
      const me = await browser.client.auth.signIn.mutate({
        email: TEST_ADMIN.email.toUpperCase(),
        password: TEST_ADMIN.password,
      });
      expect(me.user.email).toBe(TEST_ADMIN.email);
      expect(me.csrfToken).toBeTruthy();
    });

    it('invites a member by link: once, to the invited address, into that workspace only', async () => {
      const owner = trpcClient(api.url);
      const invite = await owner.workspaces.invite.mutate({
        role: 'member',
        email: 'mia@example.com',
      });
      expect(invite.url).toMatch(/\/invite#inv_/);
      const token = invite.url.split('#')[1] ?? '';
      const anonymous = trpcClient(api.url, null);
      expect(await anonymous.auth.inviteInfo.query({ token })).toMatchObject({
        role: 'member',
        email: 'mia@example.com',
      });

      const wrongPerson = await failure(
        anonymous.auth.acceptInvite.mutate({
          token,
          email: 'eve@example.com',
          password: 'a-long-enough-passphrase',
        }),
      );
      expect(wrongPerson).toMatchObject({ status: 403, code: 'FORBIDDEN' });

      const mia = browserSession(api.url);
      const joined = mia.remember(
        await mia.client.auth.acceptInvite.mutate({
          token,
          email: 'mia@example.com',
          password: 'mias-long-passphrase',
        }),
      );
      expect(joined).toMatchObject({ user: { isAdmin: false }, workspace: { role: 'member' } });
      const reused = await failure(
        anonymous.auth.acceptInvite.mutate({
          token,
          email: 'mia@example.com',
          password: 'mias-long-passphrase',
        }),
      );
      expect(reused).toMatchObject({ status: 410, code: 'GONE' });

      const members = await owner.workspaces.members.query();
      expect(members.items.map((m) => [m.email, m.role])).toEqual(
        expect.arrayContaining([
          [TEST_ADMIN.email, 'owner'],
          ['mia@example.com', 'member'],
        ]),
      );
      // A member imports, but does not manage members.
      expect(
        await mia.client.imports.createFromRows.mutate({
          dataset: 'orders',
          rows: [order('MIA-1')],
        }),
      ).toMatchObject({ accepted: 1 });
      expect(await failure(mia.client.workspaces.members.query())).toMatchObject({
        status: 403,
        code: 'FORBIDDEN',
      });
      // The last owner cannot step down; the owner can make Mia a viewer.
      const me = await owner.auth.me.query();
      expect(
        await failure(owner.workspaces.setRole.mutate({ userId: me.user.id, role: 'member' })),
      ).toMatchObject({ status: 409, code: 'CONFLICT' });
      await owner.workspaces.setRole.mutate({ userId: joined.user.id, role: 'viewer' });
      expect(
        await failure(
          mia.client.imports.createFromRows.mutate({ dataset: 'orders', rows: [order('MIA-2')] }),
        ),
      ).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      await owner.workspaces.removeMember.mutate({ userId: joined.user.id });
      expect(await failure(mia.client.datasets.list.query())).toMatchObject({ status: 401 });
    });

    it('keeps workspaces apart: rows, imports and counts of one are not seen from the other', async () => {
      const browser = browserSession(api.url);
      browser.remember(
        await browser.client.auth.signIn.mutate({
          email: TEST_ADMIN.email,
          password: TEST_ADMIN.password,
        }),
      );
      const first = await browser.client.auth.me.query();
      await browser.client.imports.createFromRows.mutate({
        dataset: 'orders',
        rows: [order('SAME-1')],
      });
      const second = await browser.client.workspaces.create.mutate({ name: 'Second shop' });
      const switched = browser.remember(
        await browser.client.auth.switchWorkspace.mutate({ workspaceId: second.id }),
      );
      expect(switched.workspace).toEqual({ id: second.id, name: 'Second shop', role: 'owner' });
      expect(switched.workspaces.map((w) => w.id)).toEqual([first.workspace.id, second.id]);

      const rows = await browser.client.datasets.rows.query({ dataset: 'orders', limit: 50 });
      expect(rows.items).toEqual([]);
      // The same order id is a different row in each workspace.
      await browser.client.imports.createFromRows.mutate({
        dataset: 'orders',
        rows: [{ ...order('SAME-1'), amount: '99.00' }],
      });
      const here = await browser.client.datasets.rows.query({ dataset: 'orders', limit: 50 });
      expect(here.items).toEqual([
        expect.objectContaining({ order_id: 'SAME-1', amount: '99.00' }),
      ]);
      const there = await trpcClient(api.url).datasets.rows.query({
        dataset: 'orders',
        search: 'SAME-1',
        limit: 50,
      });
      expect(there.items).toEqual([
        expect.objectContaining({ order_id: 'SAME-1', amount: '10.00' }),
      ]);
      const imports = await browser.client.imports.list.query({ limit: 50 });
      expect(imports.items).toHaveLength(1);
    });

    it('refuses a U+0000 in any text with 400, never a 500 (PostgreSQL text cannot hold it)', async () => {
      const owner = trpcClient(api.url);
      for (const attempt of [
        owner.workspaces.create.mutate({ name: 'a\u0000b' }),
        owner.auth.createToken.mutate({ name: 'x\u0000', scope: 'read' }),
      ])
        expect(await failure(attempt)).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    });

    it('creates named tokens shown once, scoped to read or write, revocable', async () => {
      const owner = trpcClient(api.url);
      const read = await owner.auth.createToken.mutate({ name: 'dashboard', scope: 'read' });
      expect(read.token).toMatch(/^itk_/);
      const listed = await owner.auth.tokens.query();
      const entry = listed.items.find((t) => t.id === read.id);
      expect(entry).toMatchObject({ name: 'dashboard', scope: 'read', revokedAt: null });
      expect(JSON.stringify(listed)).not.toContain(read.token);

      const reader = trpcClient(api.url, read.token);
      expect(await reader.datasets.list.query()).toMatchObject({ items: expect.any(Array) });
      expect(
        await failure(
          reader.imports.createFromRows.mutate({ dataset: 'orders', rows: [order('R-1')] }),
        ),
      ).toMatchObject({
        status: 403,
        code: 'FORBIDDEN',
        message: expect.stringContaining('read-only'),
      });

      await owner.auth.revokeToken.mutate({ id: read.id });
      const revoked = await rest(api.url, '/api/datasets', { token: read.token });
      expect(revoked.status).toBe(401);
      expect(revoked.json).toMatchObject({
        error: { code: 'UNAUTHORIZED', message: expect.stringContaining('revoked') },
      });
    });

    it('records security events with actor, IP and request id, and never a secret', async () => {
      const password = 'a-wrong-password-123';
      await failure(
        trpcClient(api.url, null).auth.signIn.mutate({ email: TEST_ADMIN.email, password }),
      );
      const token = await issueToken(api.url);
      const owner = trpcClient(api.url);
      const created = await owner.auth.createToken.mutate({ name: 'audit-probe', scope: 'write' });
      await owner.auth.revokeToken.mutate({ id: created.id });

      const log = await owner.audit.list.query({ limit: 200 });
      const actions = log.items.map((e) => e.action);
      for (const action of [
        'auth.sign_in_failed',
        'token.issued',
        'token.created',
        'token.revoked',
        'member.invited',
        'member.joined',
        'member.role_changed',
        'member.removed',
        'workspace.created',
        'import.started',
      ])
        expect(actions).toContain(action);
      const createdEvent = log.items.find(
        (e) => e.action === 'token.created' && e.target === 'audit-probe',
      );
      expect(createdEvent).toMatchObject({
        actorEmail: TEST_ADMIN.email,
        ip: '127.0.0.1',
        requestId: expect.any(String),
      });
      const text = JSON.stringify(log);
      for (const secret of [password, TEST_ADMIN.password, token, created.token])
        expect(text).not.toContain(secret);

      const filtered = await owner.audit.list.query({ action: 'token.revoked', limit: 10 });
      expect(filtered.items.every((e) => e.action === 'token.revoked')).toBe(true);
    });
  });
});
