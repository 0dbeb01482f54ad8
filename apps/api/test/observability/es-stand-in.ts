import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BulkOp {
  action: Record<string, { _index?: string }>;
  doc: Record<string, unknown>;
}

/**
 * Just enough of Elasticsearch for a log shipper: `POST /_bulk` (NDJSON action + document pairs,
 * answered `{ errors: false, items }`), any other request answered `{}`, and the product header
 * the official client insists on. `delayMs` makes it slow; close() makes it gone.
 */
export async function startEsStandIn(port = 0): Promise<{
  url: string;
  port: number;
  received: BulkOp[];
  bulkRequests: number;
  close(): Promise<void>;
}> {
  const state = { received: [] as BulkOp[], bulkRequests: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.setHeader('x-elastic-product', 'Elasticsearch');
      res.setHeader('content-type', 'application/json');
      if (req.method === 'POST' && req.url?.split('?')[0]?.endsWith('/_bulk')) {
        state.bulkRequests += 1;
        const lines = Buffer.concat(chunks).toString().split('\n').filter(Boolean);
        const items: unknown[] = [];
        for (let i = 0; i + 1 < lines.length; i += 2) {
          const action = JSON.parse(lines[i] as string) as BulkOp['action'];
          state.received.push({ action, doc: JSON.parse(lines[i + 1] as string) });
          const op = Object.keys(action)[0] ?? 'create';
          items.push({ [op]: { _index: action[op]?._index, status: 201, result: 'created' } });
        }
        res.end(JSON.stringify({ took: 1, errors: false, items }));
        return;
      }
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    get received() {
      return state.received;
    },
    get bulkRequests() {
      return state.bulkRequests;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
