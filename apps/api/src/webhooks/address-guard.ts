import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { IntakeError } from '../errors.js';

/**
 * Refuses URLs whose host resolves to a loopback, private, link-local or otherwise internal
 * address, so a webhook cannot be pointed at the server's own network (SSRF). Checked when an
 * endpoint is registered and again before each delivery (the DNS answer may have changed).
 */
export async function assertPublicUrl(url: string, opts: { allowPrivate: boolean }): Promise<void> {
  if (opts.allowPrivate) return;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = ipaddr.isValid(host)
      ? [host]
      : (await lookup(host, { all: true })).map((a) => a.address);
  } catch {
    throw new IntakeError('BAD_REQUEST', `Webhook host ${host} does not resolve`);
  }
  for (const address of addresses) {
    const parsed = ipaddr.process(address);
    if (parsed.range() !== 'unicast') {
      throw new IntakeError(
        'FORBIDDEN',
        `Webhook URL ${url} points to a ${parsed.range()} address (${address}); only public addresses are allowed (WEBHOOK_ALLOW_PRIVATE)`,
      );
    }
  }
}
