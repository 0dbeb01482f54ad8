import type { AppRouter } from '@intake/api';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfTokenIn, isSessionLost, procedurePath } from '../../../src/lib/auth/session-cache';
import { httpFetch } from '../../../src/lib/http-fetch';
import { trpc } from '../../../src/trpc';
import { admin, type RunningApi, startApi } from '../../e2e/harness';

describe('procedurePath', () => {
  it('reads the procedure from the keys the page really uses', () => {
    expect(procedurePath(trpc.auth.me.queryKey())).toBe('auth.me');
    expect(procedurePath(trpc.auth.signIn.mutationKey())).toBe('auth.signIn');
    expect(procedurePath(trpc.datasets.rows.queryKey({ dataset: 'orders' }))).toBe('datasets.rows');
    expect(procedurePath(['something', 'else'])).toBeUndefined();
    expect(procedurePath(undefined)).toBeUndefined();
  });
});

describe('csrfTokenIn', () => {
  it('takes the token from answers that say who the person is, and only those', () => {
    expect(csrfTokenIn('auth.me', { user: {}, csrfToken: 'abc' })).toBe('abc');
    expect(csrfTokenIn('auth.switchWorkspace', { csrfToken: 'def' })).toBe('def');
    // A token session has none: the header goes away.
    expect(csrfTokenIn('auth.me', { csrfToken: null })).toBeNull();
    // Any other procedure, even one with a field of that name, changes nothing.
    expect(csrfTokenIn('imports.list', { csrfToken: 'evil' })).toBeUndefined();
    expect(csrfTokenIn('auth.signIn', undefined)).toBeUndefined();
  });
});

// Real 401s from the real API, through the same link as the page.
describe('isSessionLost over HTTP', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api?.close();
  });
  const client = () =>
    createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: `${api.baseUrl}/trpc`, fetch: httpFetch })],
    });
  const failure = (call: Promise<unknown>) =>
    call.then(
      () => expect.fail('the call should fail'),
      (error: unknown) => error,
    );

  it('a private query without a session: lost, go sign in', async () => {
    const error = await failure(client().imports.list.query({}));
    expect(isSessionLost('imports.list', error)).toBe(true);
    expect(isSessionLost('auth.me', await failure(client().auth.me.query()))).toBe(true);
  });

  it('a wrong password is an answer for the form, not a lost session', async () => {
    const error = await failure(
      client().auth.signIn.mutate({ email: admin.email, password: 'wrong-password-here' }),
    );
    expect(isSessionLost('auth.signIn', error)).toBe(false);
    // The same 401 from any other call would be.
    expect(isSessionLost('imports.list', error)).toBe(true);
  });

  it('other refusals are not about the session', async () => {
    const error = await failure(client().auth.inviteInfo.query({ token: 'x'.repeat(32) }));
    expect(isSessionLost('auth.inviteInfo', error)).toBe(false);
  });
});
