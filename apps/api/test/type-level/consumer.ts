/**
 * A program outside the API that talks to it through the router's type alone, as the web app
 * and the CLI do. type-level.test.ts compiles it against a renamed schema field and expects
 * the compiler to refuse it.
 */

import type { AppRouter } from '@intake/api';
import { createTRPCClient, httpBatchLink } from '@trpc/client';

const client = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: 'http://127.0.0.1:3000/trpc' })],
});

export async function importOne(): Promise<string> {
  const result = await client.imports.createFromRows.mutate({
    dataset: 'orders',
    rows: [{ order_id: 'A-1' }],
  });
  const firstProblem = result.rejected[0];
  return `${result.importId}: ${result.accepted} accepted, ${firstProblem?.field ?? 'no'} problem`;
}
