/**
 * Every API a benchmark starts has this first admin (INTAKE_ADMIN_EMAIL / INTAKE_ADMIN_PASSWORD),
 * and the benchmark calls it with that admin's API token, as a program would.
 */
export const BENCH_ADMIN = { email: 'bench@intake.test', password: 'Measure-only-passphrase-42' };

/** Environment of an API process (or `loadConfig` input) that creates the admin at start-up. */
export const benchAdminEnv = {
  INTAKE_ADMIN_EMAIL: BENCH_ADMIN.email,
  INTAKE_ADMIN_PASSWORD: BENCH_ADMIN.password,
  // One client at thousands of requests a second: no per-client limits.
  RATE_LIMIT_READS_PER_SECOND: '0',
  RATE_LIMIT_IMPORTS_PER_HOUR: '0',
  RATE_LIMIT_IMPORTS_PER_DAY: '0',
} as const;

/** `POST /api/auth/token` as the admin; the headers every later request carries. */
export async function signIn(baseUrl: string): Promise<{ authorization: string }> {
  const res = await fetch(`${baseUrl}/api/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(BENCH_ADMIN),
  });
  const { token } = (await res.json()) as { token?: string };
  if (!token) throw new Error(`sign-in at ${baseUrl} failed (${res.status})`);
  return { authorization: `Bearer ${token}` };
}
