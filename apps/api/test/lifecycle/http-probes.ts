import { type ClientRequest, get, type IncomingMessage, request } from 'node:http';

/**
 * A GET on a fresh connection (no keep-alive pool), as a load balancer's health check makes it:
 * the status and body, or 'closed' once the process no longer listens (refused, or reset by a
 * listener closing while the connection was being accepted).
 */
export function probe(
  url: string,
  path: string,
): Promise<{ status: number; body: string } | 'closed'> {
  return new Promise((resolve, reject) => {
    const req = get(`${url}${path}`, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (err: NodeJS.ErrnoException) =>
      err.code === 'ECONNREFUSED' || err.code === 'ECONNRESET' ? resolve('closed') : reject(err),
    );
  });
}

/** Polls `probe` until it sees `until` (at most `ms`); returns the last answer. */
export async function probeUntil(
  url: string,
  path: string,
  until: (answer: Awaited<ReturnType<typeof probe>>) => boolean,
  ms = 20_000,
) {
  const deadline = Date.now() + ms;
  for (;;) {
    const answer = await probe(url, path);
    if (until(answer) || Date.now() > deadline) return answer;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * A request whose body the test sends in parts (a slow client): `send` writes more, `end` writes
 * the last part; `response` resolves with the status and body once the server answers.
 */
export function slowRequest(
  url: string,
  path: string,
  opts: { method: string; headers: Record<string, string>; length: number },
) {
  const req: ClientRequest = request(`${url}${path}`, {
    method: opts.method,
    agent: false,
    headers: { ...opts.headers, 'content-length': String(opts.length) },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', (err) => reject(new Error(`slow request: ${err.message}`)));
  });
  // A test that cuts the request on purpose never awaits `response`.
  response.catch(() => undefined);
  return {
    req,
    response,
    send: (part: Buffer | string) => new Promise<void>((r) => req.write(part, () => r())),
    end: (part: Buffer | string) => req.end(part),
  };
}

/**
 * A server-sent-events stream held open (an EventSource, tRPC's subscription link): resolves
 * `firstEvent` on the first data and `closed` when the server ends or cuts it.
 */
export function openEventStream(url: string, path: string, headers: Record<string, string> = {}) {
  let onFirst: () => void = () => {};
  const firstEvent = new Promise<void>((r) => {
    onFirst = r;
  });
  const closed = new Promise<void>((resolve) => {
    const req = get(
      `${url}${path}`,
      { agent: false, headers: { ...headers, accept: 'text/event-stream' } },
      (res) => {
        res.on('data', () => onFirst());
        res.on('close', () => resolve());
        res.on('error', () => resolve());
      },
    );
    req.on('error', () => resolve());
  });
  return { firstEvent, closed };
}
