import { createTRPCClient, httpBatchLink } from '@trpc/client';
import type { AppRouter } from '../../src/index.js';

/**
 * A browser's view of the API: the `intake_session` cookie kept between calls, `Origin` of the
 * page, and the CSRF token from the last whoAmI answer sent back on every call, as the web app
 * does. `csrf` and `cookie` are open so attack tests can drop or forge them.
 */
export function browserSession(url: string) {
  const state = { cookie: undefined as string | undefined, csrf: undefined as string | undefined };
  // tRPC's own fetch type (RequestInitEsque); its fields are what RequestInit takes.
  const cookieFetch = async (
    input: string | URL | Request,
    init?: { method?: string; body?: RequestInit['body']; headers?: RequestInit['headers'] },
  ) => {
    const headers = new Headers(init?.headers);
    headers.set('origin', url);
    if (state.cookie) headers.set('cookie', `intake_session=${state.cookie}`);
    if (state.csrf) headers.set('x-csrf-token', state.csrf);
    const res = await fetch(input, {
      headers,
      ...(init?.method ? { method: init.method } : {}),
      ...(init?.body != null ? { body: init.body } : {}),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = (pair ?? '').split('=');
      if (name?.trim() !== 'intake_session') continue;
      // Cleared cookies come back empty (and expired).
      state.cookie = value ? value : undefined;
    }
    return res;
  };
  const client = createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${url}/trpc`, fetch: cookieFetch })],
  });
  return {
    client,
    state,
    fetch: cookieFetch,
    /** Keeps the CSRF token of a whoAmI answer (sign-in, setup, me, switchWorkspace). */
    remember<T extends { csrfToken: string | null }>(who: T): T {
      state.csrf = who.csrfToken ?? undefined;
      return who;
    },
  };
}
