/**
 * Every test API starts with this admin (INTAKE_ADMIN_EMAIL / INTAKE_ADMIN_PASSWORD) and the
 * helpers sign in as them: `trpcClient(url)`, `rest(url, …)` and `authHeaders(url)` carry the
 * owner's API token for that server unless a test asks for another caller (or none).
 */
export const TEST_ADMIN = {
  email: 'owner@intake.test',
  password: 'Tests-only-passphrase-42',
} as const;

export const adminEnv = {
  INTAKE_ADMIN_EMAIL: TEST_ADMIN.email,
  INTAKE_ADMIN_PASSWORD: TEST_ADMIN.password,
};

const tokens = new Map<string, string>();

/** `POST /api/auth/token` as a program would; throws with the answer when refused. */
export async function issueToken(
  url: string,
  who: {
    email: string;
    password: string;
    workspaceId?: string;
    scope?: 'read' | 'write';
  } = TEST_ADMIN,
): Promise<string> {
  const res = await fetch(`${url}/api/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(who),
  });
  const body = (await res.json()) as { token?: string };
  if (res.status !== 200 || !body.token)
    throw new Error(`sign-in as ${who.email} failed: ${res.status} ${JSON.stringify(body)}`);
  return body.token;
}

/** Signs in as the test admin and makes that the default caller for this server. */
export async function signInOwner(url: string): Promise<string> {
  const token = await issueToken(url);
  tokens.set(url, token);
  return token;
}

/** The default caller's token for a server (undefined before signInOwner). */
export const ownerToken = (url: string) => tokens.get(url);

/** `Authorization` for the default caller, or for `token` (null: none at all). */
export function authHeaders(url: string, token?: string | null): Record<string, string> {
  const value = token === undefined ? tokens.get(url) : token;
  return value ? { authorization: `Bearer ${value}` } : {};
}
