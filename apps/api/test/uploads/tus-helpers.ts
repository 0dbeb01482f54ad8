import { createHash } from 'node:crypto';
import { type ClientRequest, request } from 'node:http';
import { rest } from '../helpers/clients.js';
import { authHeaders } from '../helpers/credentials.js';

export const TUS = { 'tus-resumable': '1.0.0' };
export const OCTETS = 'application/offset+octet-stream';

/** Upload-Metadata from plain values (null: key without value). */
export const metadata = (values: Record<string, string | null>) =>
  Object.entries(values)
    .map(([k, v]) => (v === null ? k : `${k} ${Buffer.from(v).toString('base64')}`))
    .join(',');

export const hex = (algorithm: string, data: Buffer | string) =>
  createHash(algorithm).update(data).digest('hex');
export const b64 = (algorithm: string, data: Buffer | string) =>
  createHash(algorithm).update(data).digest('base64');

/** A tus request as a client in any language would send it (Tus-Resumable unless overridden). */
export async function tus(
  base: string,
  path: string,
  init: { method: string; headers?: Record<string, string>; body?: Buffer | string },
) {
  return rest(base, path, {
    method: init.method,
    headers: { ...TUS, ...init.headers },
    ...(init.body === undefined ? {} : { body: init.body }),
  });
}

export async function createUpload(
  base: string,
  opts: { length?: number; meta?: Record<string, string | null>; headers?: Record<string, string> },
): Promise<string> {
  const res = await tus(base, '/api/uploads', {
    method: 'POST',
    headers: {
      ...(opts.length === undefined ? {} : { 'upload-length': String(opts.length) }),
      'upload-metadata': metadata(opts.meta ?? { filename: 'orders.csv' }),
      ...opts.headers,
    },
  });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
  const location = res.headers.get('location');
  if (!location) throw new Error('no Location');
  return location;
}

export const patch = (
  base: string,
  path: string,
  offset: number,
  body: Buffer | string,
  headers: Record<string, string> = {},
) =>
  tus(base, path, {
    method: 'PATCH',
    headers: { 'content-type': OCTETS, 'upload-offset': String(offset), ...headers },
    body,
  });

export interface UploadStatusBody {
  id: string;
  offset: number;
  length: number | null;
  status: string;
  filename: string | null;
  md5: string | null;
  sha256: string | null;
  expiresAt: string | null;
}

export async function status(base: string, path: string): Promise<UploadStatusBody> {
  const res = await fetch(`${base}${path}/status`, { headers: authHeaders(base) });
  return (await res.json()) as UploadStatusBody;
}

/** A request with its path sent byte for byte (fetch would normalize `..` away). */
/**
 * The status once the server has verified the whole-file checksums: the last byte leaves an
 * upload `verifying` while they are computed in the background.
 */
export async function verifiedStatus(base: string, path: string): Promise<UploadStatusBody> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const body = await status(base, path);
    if (body.status !== 'verifying' || Date.now() > deadline) return body;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function rawRequest(
  base: string,
  method: string,
  rawPath: string,
  headers: Record<string, string> = {},
): Promise<number> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: rawPath,
        headers: { ...TUS, ...authHeaders(base), ...headers },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * Starts a PATCH from offset 0 announcing `length` bytes and returns the open request, so a test
 * can send part of the body and then cut the connection or kill the server in its middle.
 */
export function openPatch(base: string, location: string, length: number): ClientRequest {
  const target = new URL(`${base}${location}`);
  const req = request({
    host: target.hostname,
    port: target.port,
    path: target.pathname,
    method: 'PATCH',
    headers: {
      ...TUS,
      ...authHeaders(base),
      'content-type': OCTETS,
      'upload-offset': '0',
      'content-length': String(length),
    },
  });
  req.on('error', () => undefined);
  return req;
}

/** Random CSV-ish bytes of a given size (content does not matter to the upload layer). */
export function csvBytes(size: number, seed = 1): Buffer {
  const lines: string[] = ['order_id,amount'];
  let total = lines[0]?.length ?? 0;
  for (let i = 0; total < size; i++) {
    const line = `O-${seed}-${i},${(i * 7919) % 100000}.${i % 100}`;
    lines.push(line);
    total += line.length + 1;
  }
  return Buffer.from(lines.join('\n')).subarray(0, size);
}
