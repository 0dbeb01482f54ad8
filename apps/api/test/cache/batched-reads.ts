import { rest } from '../helpers/clients.js';

/**
 * `calls` reads of the same datasets.rows page in ONE batched tRPC request, as the web app's
 * client sends them: the server starts them together, so they overlap on a cold key. (7 calls
 * keep the batch's path under Fastify's 100-character route parameter limit.)
 */
export async function batchedPageReads(
  url: string,
  input: { dataset: string; limit: number; search?: string },
  calls = 7,
): Promise<unknown[]> {
  const paths = Array.from({ length: calls }, () => 'datasets.rows').join(',');
  const inputs = Object.fromEntries(Array.from({ length: calls }, (_, i) => [i, input]));
  const res = await rest(
    url,
    `/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(inputs))}`,
  );
  if (res.status !== 200) throw new Error(`batch answered ${res.status}: ${res.text}`);
  return (res.json as { result: { data: unknown } }[]).map((r) => r.result.data);
}
