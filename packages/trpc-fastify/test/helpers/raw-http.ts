import { Agent, request } from 'node:http';

export interface RawRequest {
  method?: string;
  /** Sent byte-for-byte as the request target (no URL normalisation, unlike fetch). */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

export function rawRequest(baseUrl: string, req: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: req.method ?? 'GET',
        path: req.path,
        headers: req.headers ?? {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const headers: Record<string, string | string[]> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) headers[name] = value;
          }
          resolve({
            status: res.statusCode ?? 0,
            headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
        res.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    if (req.body !== undefined) outgoing.write(req.body);
    outgoing.end();
  });
}

/** Hop-by-hop and per-message headers that legitimately differ (see README, accepted differences). */
const UNMEANINGFUL = new Set([
  'date',
  'connection',
  'keep-alive',
  'content-length',
  'transfer-encoding',
]);

export function meaningfulHeaders(headers: RawResponse['headers']): RawResponse['headers'] {
  const kept: RawResponse['headers'] = {};
  for (const name of Object.keys(headers).sort()) {
    const value = headers[name];
    if (!UNMEANINGFUL.has(name) && value !== undefined) kept[name] = value;
  }
  return kept;
}

/** Whether our server answered on the fast path: one write with Content-Length. */
export function servedFast(res: RawResponse): boolean {
  return (
    res.headers['content-length'] !== undefined && res.headers['transfer-encoding'] === undefined
  );
}
