import { openAsBlob } from 'node:fs';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpClient, type UploadProgress } from '../src/index.js';
import { readRequestBody, sendJson, startServer, type TestServer } from './helpers/server.js';

let server: TestServer | undefined;
let client: HttpClient | undefined;
let dir: string | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  client = undefined;
  server = undefined;
  dir = undefined;
});

const parseForm = async (req: IncomingMessage) => {
  const body = await readRequestBody(req);
  const form = await new Response(body, {
    headers: { 'content-type': req.headers['content-type'] ?? '' },
  }).formData();
  const out: Record<string, string> = {};
  for (const [name, value] of form) {
    out[name] =
      typeof value === 'string' ? value : `${value.name}:${value.type}:${await value.text()}`;
  }
  return { out, length: req.headers['content-length'], received: Buffer.byteLength(body) };
};

describe('multipart upload', () => {
  it('encodes fields and files that a standard parser reads back', async () => {
    server = await startServer(async (req, res) => sendJson(res, 200, await parseForm(req)));
    dir = await mkdtemp(join(tmpdir(), 'upload-'));
    const path = join(dir, 'rows.csv');
    await writeFile(path, 'id,name\n1,"quoted ""x"""\n');
    const form = new FormData();
    form.append('dataset', 'orders "2026"');
    form.append('file', await openAsBlob(path, { type: 'text/csv' }), 'rows.csv');
    client = createHttpClient({ baseUrl: server.url });
    const result = await client.post('upload', { body: form }).json<{
      out: Record<string, string>;
      length: string;
      received: number;
    }>();
    expect(result.out).toEqual({
      dataset: 'orders "2026"',
      file: 'rows.csv:text/csv:id,name\n1,"quoted ""x"""\n',
    });
    expect(Number(result.length)).toBe(result.received);
  });

  it('streams a 200 MB file with progress and bounded memory', async () => {
    const size = 200 * 1024 * 1024;
    let received = 0;
    server = await startServer(async (req, res) => {
      for await (const chunk of req) received += (chunk as Buffer).length;
      sendJson(res, 200, { received, declared: Number(req.headers['content-length']) });
    });
    dir = await mkdtemp(join(tmpdir(), 'upload-'));
    const path = join(dir, 'big.bin');
    // Sparse: no disk cost, but every byte is still read and sent.
    const handle = await open(path, 'w');
    await handle.truncate(size);
    await handle.close();

    const form = new FormData();
    form.append('kind', 'dump');
    form.append('file', await openAsBlob(path), 'big.bin');
    const progress: UploadProgress[] = [];
    client = createHttpClient({ baseUrl: server.url });
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    try {
      const result = await client
        .post('upload', {
          body: form,
          timeout: { total: 60_000 },
          onUploadProgress: (p) => progress.push(p),
        })
        .json<{ received: number; declared: number }>();
      expect(result.received).toBe(result.declared);
      expect(result.received).toBeGreaterThan(size);
    } finally {
      clearInterval(sampler);
    }
    const growthMb = (peak - baseline) / 1024 / 1024;
    expect(growthMb).toBeLessThan(100);
    const last = progress.at(-1);
    expect(last?.sentBytes).toBe(last?.totalBytes);
    expect(progress.length).toBeGreaterThan(10);
  }, 60_000);

  it('reports progress for in-memory bodies and keeps their Content-Length', async () => {
    server = await startServer(async (req, res) => {
      const body = await readRequestBody(req);
      sendJson(res, 200, {
        length: req.headers['content-length'] ?? null,
        chunked: req.headers['transfer-encoding'] ?? null,
        received: Buffer.byteLength(body),
      });
    });
    client = createHttpClient({ baseUrl: server.url });
    const progress: UploadProgress[] = [];
    const result = await client
      .post('x', { json: { note: 'é'.repeat(10) }, onUploadProgress: (p) => progress.push(p) })
      .json();
    expect(result).toEqual({ length: '31', chunked: null, received: 31 });
    expect(progress.at(-1)).toEqual({ sentBytes: 31, totalBytes: 31 });
  });

  it('does not retry a one-shot stream body', async () => {
    let hits = 0;
    server = await startServer(async (req, res) => {
      hits += 1;
      await readRequestBody(req);
      res.writeHead(503);
      res.end();
    });
    client = createHttpClient({ baseUrl: server.url });
    const { Readable } = await import('node:stream');
    await expect(
      client.put('x', { body: Readable.from([Buffer.from('abc')]) }),
    ).rejects.toMatchObject({ status: 503 });
    expect(hits).toBe(1);
  });
});
