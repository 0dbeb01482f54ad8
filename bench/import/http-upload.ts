import { createReadStream } from 'node:fs';
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Sends a file as the body of ONE request over node:http (the same client code for the tus
 * upload and for the raw PUT baseline, so only the server side differs). Resolves with the
 * response status, headers and seconds from the first byte sent to the response.
 */
export function sendFile(
  url: string,
  method: 'POST' | 'PUT' | 'PATCH',
  path: string,
  size: number,
  headers: Record<string, string> = {},
): Promise<{ status: number; location: string | undefined; seconds: number; body: string }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const req = request(url, {
      method,
      headers: { 'content-length': String(size), ...headers },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        body += d;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          location: res.headers.location,
          seconds: (performance.now() - start) / 1000,
          body,
        }),
      );
    });
    createReadStream(path, { highWaterMark: 1 << 20 }).pipe(req);
  });
}

/** One tus creation-with-upload request carrying the whole file; returns the upload id. */
export async function tusUpload(
  baseUrl: string,
  path: string,
  size: number,
  auth: Record<string, string>,
) {
  const res = await sendFile(`${baseUrl}/api/uploads`, 'POST', path, size, {
    ...auth,
    'tus-resumable': '1.0.0',
    'upload-length': String(size),
    'upload-metadata': `filename ${Buffer.from('orders.csv').toString('base64')}`,
    'content-type': 'application/offset+octet-stream',
  });
  if (res.status !== 201) throw new Error(`tus upload: ${res.status} ${res.body}`);
  const id = res.location?.split('/').pop() ?? '';
  return { id, seconds: res.seconds };
}

/**
 * Waits until the server has computed the upload's checksums (it is `verifying` from the last
 * byte until then); resolves with the seconds waited, polled every 10 ms.
 */
export async function untilVerified(baseUrl: string, id: string, auth: Record<string, string>) {
  const start = performance.now();
  for (;;) {
    const res = await fetch(`${baseUrl}/api/uploads/${id}/status`, { headers: auth });
    const { status } = (await res.json()) as { status: string };
    if (status === 'complete') return (performance.now() - start) / 1000;
    if (status !== 'verifying') throw new Error(`upload ${id} is ${status}`);
    await sleep(10);
  }
}
