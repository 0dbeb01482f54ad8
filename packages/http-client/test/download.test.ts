import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient, type DownloadProgress, type HttpClient } from '../src/index.js';
import { startServer, type TestServer } from './helpers/server.js';

let server: TestServer | undefined;
let client: HttpClient | undefined;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'download-'));
});

afterEach(async () => {
  await client?.close();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
  client = undefined;
  server = undefined;
});

const payload = Buffer.alloc(1024 * 1024, 7);

const fileServer = () =>
  startServer((req, res) => {
    if (req.url === '/chunked') {
      res.writeHead(200);
      for (let i = 0; i < 16; i += 1) res.write(payload.subarray(0, 65_536));
      res.end();
      return;
    }
    if (req.url === '/missing') {
      res.writeHead(404);
      res.end('no such export');
      return;
    }
    res.writeHead(200, { 'content-length': payload.length });
    res.end(payload);
  });

describe('download', () => {
  it('streams to a file with progress', async () => {
    server = await fileServer();
    client = createHttpClient({ baseUrl: server.url });
    const progress: DownloadProgress[] = [];
    const target = join(dir, 'export.bin');
    const result = await client.download('file', target, {
      onDownloadProgress: (p) => progress.push(p),
    });
    expect(result).toMatchObject({ path: target, bytes: payload.length, status: 200 });
    expect((await readFile(target)).equals(payload)).toBe(true);
    expect(progress.at(-1)).toEqual({ receivedBytes: payload.length, totalBytes: payload.length });
    expect(await readdir(dir)).toEqual(['export.bin']);
  });

  it('refuses a declared size above maxBytes before reading', async () => {
    server = await fileServer();
    client = createHttpClient({ baseUrl: server.url });
    const target = join(dir, 'export.bin');
    await expect(client.download('file', target, { maxBytes: 1000 })).rejects.toMatchObject({
      code: 'BODY_TOO_LARGE',
      limitBytes: 1000,
    });
    expect(existsSync(target)).toBe(false);
  });

  it('stops a chunked body at maxBytes and leaves no partial file', async () => {
    server = await fileServer();
    client = createHttpClient({ baseUrl: server.url });
    const target = join(dir, 'export.bin');
    await expect(client.download('chunked', target, { maxBytes: 200_000 })).rejects.toMatchObject({
      code: 'BODY_TOO_LARGE',
    });
    expect(await readdir(dir)).toEqual([]);
  });

  it('raises HttpError for an error status without creating the file', async () => {
    server = await fileServer();
    client = createHttpClient({ baseUrl: server.url });
    await expect(client.download('missing', join(dir, 'x'))).rejects.toMatchObject({
      status: 404,
      bodySnippet: 'no such export',
    });
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('download errors on the local side', () => {
  it('surfaces a filesystem error as is, not as a network error', async () => {
    server = await fileServer();
    client = createHttpClient({ baseUrl: server.url });
    const error = await client
      .download('file', join(dir, 'no-such-dir', 'x.bin'))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ENOENT' });
  });
});
