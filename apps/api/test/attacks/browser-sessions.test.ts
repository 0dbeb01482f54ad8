import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rest, trpcClient } from '../helpers/clients.js';
import {
  type CookieSession,
  cookieCall,
  SESSION_COOKIE,
  sessionSetCookie,
  signInWithCookie,
} from '../helpers/cookie-session.js';
import { TEST_ADMIN } from '../helpers/credentials.js';
import { databaseModes } from '../helpers/database-modes.js';
import { type RunningApi, startApi } from '../helpers/start-api.js';
import { joinByInvite } from '../helpers/workspaces.js';
import { metadata } from '../uploads/tus-helpers.js';
import { trpcAppCode } from './procedure-calls.js';
import { tally } from './tally.js';

const count = tally('browser-sessions');

describe.each(databaseModes())('CSRF and browser sessions on $name', (mode) => {
  let api: RunningApi;
  let workspaceId: string;
  beforeAll(async () => {
    // Behind a proxy that says when the browser used HTTPS (for the Secure flag).
    // The expiry tests age sessions in the database, behind the cache's back: no cache here.
    api = await startApi(mode, {
      TRUST_PROXY: 'true',
      RATE_LIMIT_READS_PER_SECOND: '0',
      CACHE_ENABLED: 'false',
    });
    workspaceId = (await trpcClient(api.url).auth.me.query()).workspace.id;
  });
  afterAll(() => api?.close());

  /** A harmless change: switching the session to the workspace it is already in. */
  const change = (s: CookieSession, headers: Record<string, string>) =>
    cookieCall(api.url, s.cookie, 'auth.switchWorkspace', {
      mutation: true,
      input: { workspaceId },
      headers,
    });
  const me = async (cookie: string) => {
    const answer = await cookieCall(api.url, cookie, 'auth.me');
    count.attack(answer.status);
    return answer;
  };

  describe('CSRF', () => {
    let s: CookieSession;
    beforeAll(async () => {
      s = await signInWithCookie(api.url);
    });

    it('refuses a cookie-session change without the token, with a wrong one, or from another site: 403', async () => {
      const same = { origin: api.url };
      for (const [what, headers] of [
        ['no token', same],
        ['wrong token', { ...same, 'x-csrf-token': `${s.csrfToken.slice(0, -2)}xx` }],
        ['empty token', { ...same, 'x-csrf-token': '' }],
        ['another session’s token', { ...same, 'x-csrf-token': 'a'.repeat(s.csrfToken.length) }],
        ['foreign Origin', { origin: 'https://evil.example', 'x-csrf-token': s.csrfToken }],
        ['Origin null', { origin: 'null', 'x-csrf-token': s.csrfToken }],
        ['cross-site fetch', { 'sec-fetch-site': 'cross-site', 'x-csrf-token': s.csrfToken }],
      ] as const) {
        const answer = await change(s, headers);
        count.attack(answer.status);
        expect(answer.status, what).toBe(403);
        expect(trpcAppCode(answer), what).toBe('FORBIDDEN');
      }
      // The same refusals on REST and tus.
      for (const [path, headers] of [
        ['/api/import', { 'content-type': 'application/json' }],
        [
          '/api/uploads',
          {
            'tus-resumable': '1.0.0',
            'upload-length': '3',
            'upload-metadata': metadata({ filename: 'x.csv' }),
          },
        ],
      ] as const) {
        const answer = await rest(api.url, path, {
          method: 'POST',
          token: null,
          headers: { ...headers, cookie: s.cookie, origin: api.url },
          body: '{"dataset":"orders","rows":[]}',
        });
        count.attack(answer.status);
        expect(answer.status, path).toBe(403);
      }
    });

    it('accepts the right token from the same origin, and a Bearer request with none', async () => {
      const ok = await change(s, { 'x-csrf-token': s.csrfToken, origin: api.url });
      expect(ok.status).toBe(200);
      const sameSite = await change(s, {
        'x-csrf-token': s.csrfToken,
        'sec-fetch-site': 'same-origin',
      });
      expect(sameSite.status).toBe(200);
      // A Bearer token is exempt, even posted from another site: browsers never add one.
      const bearer = await rest(api.url, '/trpc/auth.createToken', {
        method: 'POST',
        headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
        json: { name: 'program', scope: 'read' },
      });
      expect(bearer.status).toBe(200);
    });

    it('refuses a sign-in posted from another site (login CSRF)', async () => {
      const answer = await rest(api.url, '/trpc/auth.signIn', {
        method: 'POST',
        token: null,
        headers: { origin: 'https://evil.example' },
        json: TEST_ADMIN,
      });
      count.attack(answer.status);
      expect(answer.status).toBe(403);
      expect(sessionSetCookie(answer.headers)).toBeUndefined();
    });
  });

  describe('session cookie', () => {
    it('is HttpOnly, SameSite=Lax, Path=/, and Secure only when the browser used HTTPS', async () => {
      const plain = await signInWithCookie(api.url);
      const flags = plain.setCookie.split(';').map((f) => f.trim().toLowerCase());
      expect(flags).toContain('httponly');
      expect(flags).toContain('samesite=lax');
      expect(flags).toContain('path=/');
      expect(flags).not.toContain('secure');
      const https = await signInWithCookie(api.url, TEST_ADMIN, {
        'x-forwarded-proto': 'https',
        origin: api.url.replace('http:', 'https:'),
      });
      expect(https.setCookie.split(';').map((f) => f.trim().toLowerCase())).toContain('secure');
    });

    it('is a new value at sign-in (no fixation); an invented or planted value is nobody', async () => {
      const planted = `ses_${'A'.repeat(43)}`;
      const s = await signInWithCookie(api.url, TEST_ADMIN, {
        cookie: `${SESSION_COOKIE}=${planted}`,
      });
      expect(s.value).not.toBe(planted);
      expect((await me(s.cookie)).status).toBe(200);
      for (const value of [planted, 'anything', `${s.value}x`, s.value.slice(0, -1), '']) {
        const answer = await me(`${SESSION_COOKIE}=${value}`);
        expect(answer.status, value).toBe(401);
        expect(trpcAppCode(answer)).toBe('UNAUTHORIZED');
      }
      // Signing in again while signed in gives yet another session.
      const again = await signInWithCookie(api.url, TEST_ADMIN, {
        cookie: s.cookie,
        'x-csrf-token': s.csrfToken,
      });
      expect(again.value).not.toBe(s.value);
    });

    it('is dead after sign-out: replaying it gets 401', async () => {
      const s = await signInWithCookie(api.url);
      const out = await cookieCall(api.url, s.cookie, 'auth.signOut', {
        mutation: true,
        headers: { 'x-csrf-token': s.csrfToken, origin: api.url },
      });
      expect(out.status).toBe(200);
      expect(sessionSetCookie(out.headers)).toMatch(/Expires=Thu, 01 Jan 1970/);
      expect((await me(s.cookie)).status).toBe(401);
      expect((await change(s, { 'x-csrf-token': s.csrfToken, origin: api.url })).status).toBe(401);
    });

    it('sign out everywhere ends every other session of the account', async () => {
      const [one, two] = [await signInWithCookie(api.url), await signInWithCookie(api.url)];
      const out = await cookieCall(api.url, one.cookie, 'auth.signOutEverywhere', {
        mutation: true,
        headers: { 'x-csrf-token': one.csrfToken, origin: api.url },
      });
      expect(out.status).toBe(200);
      expect((await me(two.cookie)).status).toBe(401);
      expect((await me(one.cookie)).status).toBe(401);
      // API tokens are not sessions: they stay until revoked.
      expect((await rest(api.url, '/api/imports')).status).toBe(200);
    });

    it('ends when idle too long and at its absolute end', async () => {
      const db = api.app.database.db;
      const idle = await signInWithCookie(api.url);
      const old = await signInWithCookie(api.url);
      expect((await me(idle.cookie)).status).toBe(200);
      const sessions = async (s: CookieSession) =>
        (await cookieCall(api.url, s.cookie, 'auth.sessions')).json as {
          result: { data: { items: { id: string; current: boolean }[] } };
        };
      const idOf = async (s: CookieSession) =>
        (await sessions(s)).result.data.items.find((x) => x.current)?.id ?? '';
      const [idleId, oldId] = [await idOf(idle), await idOf(old)];
      // SESSION_IDLE_MINUTES is 720 by default: last seen 721 minutes ago.
      await db
        .updateTable('sessions')
        .set({ last_seen_at: sql<Date>`now() - interval '721 minutes'` })
        .where('id', '=', idleId)
        .execute();
      await db
        .updateTable('sessions')
        .set({ expires_at: sql<Date>`now() - interval '1 second'` })
        .where('id', '=', oldId)
        .execute();
      expect((await me(idle.cookie)).status).toBe(401);
      expect((await me(old.cookie)).status).toBe(401);
    });

    it('a new password ends the account’s other sessions, not the one that changed it', async () => {
      const user = await joinByInvite(api.url, api.token, {
        email: 'pat@a.example',
        role: 'member',
      });
      const [here, thief] = [
        await signInWithCookie(api.url, user),
        await signInWithCookie(api.url, user),
      ];
      const changed = await cookieCall(api.url, here.cookie, 'auth.changePassword', {
        mutation: true,
        input: { currentPassword: user.password, newPassword: 'A-new-and-long-passphrase-9' },
        headers: { 'x-csrf-token': here.csrfToken, origin: api.url },
      });
      expect(changed.status).toBe(200);
      expect((await me(thief.cookie)).status).toBe(401);
      expect((await me(here.cookie)).status).toBe(200);
      const oldPassword = await rest(api.url, '/trpc/auth.signIn', {
        method: 'POST',
        token: null,
        json: { email: user.email, password: user.password },
      });
      count.attack(oldPassword.status);
      expect(oldPassword.status).toBe(401);
    });
  });
});
