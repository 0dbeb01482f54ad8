import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Upload, type UploadOptions } from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders } from '../helpers/credentials.js';
import { databaseModes } from '../helpers/database-modes.js';
import { type RunningApi, startApi } from '../helpers/start-api.js';
import { b64, csvBytes, hex, metadata, status, verifiedStatus } from './tus-helpers.js';

const run = promisify(execFile);

/** Runs a tus-js-client upload to its end; resolves to the upload URL. */
function upload(data: Buffer, options: UploadOptions, onStart?: (u: Upload) => void) {
  return new Promise<string>((resolve, reject) => {
    const u = new Upload(data, {
      retryDelays: [0, 250, 500],
      ...options,
      onError: reject,
      onSuccess: () => resolve(u.url ?? ''),
    });
    onStart?.(u);
    u.start();
  });
}

describe.each(databaseModes())('tus clients against $name', (mode) => {
  let api: RunningApi;
  let dir: string;
  beforeAll(async () => {
    api = await startApi(mode);
    dir = await mkdtemp(join(tmpdir(), 'intake-curl-'));
  });
  afterAll(async () => {
    await api?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('tus-js-client uploads in chunks, pauses, resumes from its URL and verifies', async () => {
    const data = csvBytes(3 * 1024 * 1024, 7);
    const meta = { filename: 'orders.csv', filetype: 'text/csv', md5: hex('md5', data) };
    let firstUrl = '';
    // First run: stop after two chunks, as a closed tab or lost connection would.
    await new Promise<void>((resolve, reject) => {
      const u = new Upload(data, {
        endpoint: `${api.url}/api/uploads`,
        headers: authHeaders(api.url),
        chunkSize: 512 * 1024,
        metadata: meta,
        onError: reject,
        onChunkComplete: (_size, accepted) => {
          if (accepted >= 1024 * 1024 && !firstUrl) {
            firstUrl = u.url ?? '';
            void u.abort().then(resolve, reject);
          }
        },
      });
      u.start();
    });
    expect(firstUrl).toMatch(/\/api\/uploads\/[0-9a-f]{32}$/);
    expect((await status(api.url, new URL(firstUrl).pathname)).offset).toBe(1024 * 1024);

    let resumedFrom = -1;
    const url = await upload(data, {
      endpoint: `${api.url}/api/uploads`,
      headers: authHeaders(api.url),
      uploadUrl: firstUrl,
      chunkSize: 1024 * 1024,
      metadata: meta,
      onProgress: (sent) => {
        if (resumedFrom < 0) resumedFrom = sent;
      },
    });
    expect(url).toBe(firstUrl);
    expect(resumedFrom).toBeGreaterThanOrEqual(1024 * 1024);
    expect(await verifiedStatus(api.url, new URL(url).pathname)).toMatchObject({
      status: 'complete',
      offset: data.length,
      filename: 'orders.csv',
      md5: hex('md5', data),
      sha256: hex('sha256', data),
    });
  });

  it('tus-js-client parallel uploads are concatenated into one verified file', async () => {
    const data = csvBytes(2 * 1024 * 1024 + 12_345, 8);
    const url = await upload(data, {
      endpoint: `${api.url}/api/uploads`,
      headers: authHeaders(api.url),
      parallelUploads: 3,
      metadata: { filename: 'parallel.csv', sha256: hex('sha256', data) },
    });
    expect(await verifiedStatus(api.url, new URL(url).pathname)).toMatchObject({
      status: 'complete',
      offset: data.length,
      sha256: hex('sha256', data),
    });
  });

  it('curl creates, sends a checksummed chunk, resumes after HEAD and completes', async () => {
    const data = csvBytes(200_000, 9);
    const half = 120_000;
    await writeFile(join(dir, 'a.part'), data.subarray(0, half));
    await writeFile(join(dir, 'b.part'), data.subarray(half));
    const curl = async (...args: string[]) =>
      (
        await run('curl', [
          '-sS',
          '-D',
          '-',
          '-o',
          '/dev/null',
          '-H',
          'Tus-Resumable: 1.0.0',
          '-H',
          `Authorization: Bearer ${api.token}`,
          ...args,
        ])
      ).stdout;
    const headerOf = (out: string, name: string) =>
      new RegExp(`^${name}: *(.*?)\\r?$`, 'im').exec(out)?.[1];

    const created = await curl(
      '-X',
      'POST',
      '-H',
      `Upload-Length: ${data.length}`,
      '-H',
      `Upload-Metadata: ${metadata({ filename: 'curl.csv', sha256: hex('sha256', data) })}`,
      `${api.url}/api/uploads`,
    );
    expect(created).toMatch(/^HTTP\/1\.1 201/);
    const location = headerOf(created, 'location') ?? '';
    const patchArgs = (offset: number, file: string, checksum: string) => [
      '-X',
      'PATCH',
      '-H',
      'Content-Type: application/offset+octet-stream',
      '-H',
      `Upload-Offset: ${offset}`,
      '-H',
      `Upload-Checksum: sha1 ${checksum}`,
      '--data-binary',
      `@${join(dir, file)}`,
      `${api.url}${location}`,
    ];
    const first = await curl(...patchArgs(0, 'a.part', b64('sha1', data.subarray(0, half))));
    expect(first).toMatch(/^HTTP\/1\.1 204/);
    const head = await curl('-I', `${api.url}${location}`);
    expect(headerOf(head, 'upload-offset')).toBe(String(half));
    const bad = await curl(...patchArgs(half, 'b.part', b64('sha1', 'not it')));
    expect(bad).toMatch(/^HTTP\/1\.1 460/);
    const second = await curl(...patchArgs(half, 'b.part', b64('sha1', data.subarray(half))));
    expect(second).toMatch(/^HTTP\/1\.1 204/);
    expect(headerOf(second, 'upload-offset')).toBe(String(data.length));
    expect(await verifiedStatus(api.url, location)).toMatchObject({
      status: 'complete',
      sha256: hex('sha256', data),
    });
  });
});
