import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rest, trpcClient } from '../helpers/clients.js';
import { databaseModes } from '../helpers/database-modes.js';
import { type RunningApi, startApi } from '../helpers/start-api.js';
import { joinByInvite, type TestUser } from '../helpers/workspaces.js';
import { tally } from './tally.js';

const count = tally('credentials');

describe.each(databaseModes())('API tokens and password guessing on $name', (mode) => {
  let api: RunningApi;
  beforeAll(async () => {
    // The default limit: 10 failed sign-ins per account and address in 15 minutes.
    // Tokens are aged in the database, behind the cache's back: no cache here.
    api = await startApi(mode, { RATE_LIMIT_READS_PER_SECOND: '0', CACHE_ENABLED: 'false' });
  });
  afterAll(() => api?.close());

  const asToken = async (token: string) => {
    const answer = await rest(api.url, '/api/imports', { token });
    count.attack(answer.status);
    return answer;
  };

  it('refuses an expired token with 401 saying so', async () => {
    const created = await trpcClient(api.url).auth.createToken.mutate({
      name: 'short-lived',
      scope: 'read',
      expiresInDays: 1,
    });
    expect((await asToken(created.token)).status).toBe(200);
    await api.app.database.db
      .updateTable('api_tokens')
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where('id', '=', created.id)
      .execute();
    const answer = await asToken(created.token);
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({
      error: { code: 'UNAUTHORIZED', message: expect.stringContaining('expired') },
    });
  });

  it('refuses a revoked token with 401 saying so, on both faces and tus', async () => {
    const client = trpcClient(api.url);
    const created = await client.auth.createToken.mutate({ name: 'leaked', scope: 'write' });
    expect((await asToken(created.token)).status).toBe(200);
    await client.auth.revokeToken.mutate({ id: created.id });
    for (const path of ['/api/imports', '/trpc/imports.list', '/api/uploads/x/status']) {
      const answer = await rest(api.url, path, { token: created.token });
      count.attack(answer.status);
      expect(answer.status, path).toBe(401);
      expect(answer.text, path).toContain('revoked');
    }
  });

  it('refuses garbage and look-alike Bearer tokens with 401', async () => {
    const real = api.token;
    for (const token of [
      'garbage',
      'itk_',
      `${real}x`,
      real.slice(0, -1),
      real.toUpperCase(),
      `ses_${real.slice(4)}`,
      `itk_${'A'.repeat(43)}`,
    ]) {
      const answer = await asToken(token);
      expect(answer.status, token).toBe(401);
    }
  });

  describe('password guessing', () => {
    let victim: TestUser;
    let bystander: TestUser;
    beforeAll(async () => {
      victim = await joinByInvite(api.url, api.token, { email: 'vic@a.example', role: 'member' });
      bystander = await joinByInvite(api.url, api.token, {
        email: 'bys@a.example',
        role: 'viewer',
      });
    });

    const signIn = async (email: string, password: string) => {
      const answer = await rest(api.url, '/trpc/auth.signIn', {
        method: 'POST',
        token: null,
        json: { email, password },
      });
      count.attack(answer.status);
      return answer;
    };

    it('locks an account after 10 wrong passwords from one address: the 11th try is 429, right password or not', async () => {
      for (let i = 0; i < 10; i++) {
        const wrong = await signIn(victim.email, `Wrong-guess-number-${i}`);
        expect(wrong.status, `guess ${i + 1}`).toBe(401);
      }
      const locked = await signIn(victim.email, victim.password);
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(locked.headers.get('set-cookie')).toBeNull();
      // The token route and case games share the same count.
      const token = await rest(api.url, '/api/auth/token', {
        method: 'POST',
        token: null,
        json: { email: victim.email.toUpperCase(), password: victim.password },
      });
      count.attack(token.status);
      expect(token.status).toBe(429);
      expect(token.headers.get('retry-after')).not.toBeNull();
      // Another account from the same address is not affected.
      expect((await signIn(bystander.email, bystander.password)).status).toBe(200);
    });
  });
});
