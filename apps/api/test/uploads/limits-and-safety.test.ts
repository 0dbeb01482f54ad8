import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, issueToken, TEST_ADMIN } from '../helpers/credentials.js';
import { databaseModes } from '../helpers/database-modes.js';
import { type RunningApi, startApi } from '../helpers/start-api.js';
import { joinByInvite } from '../helpers/workspaces.js';
import {
  createUpload,
  metadata,
  OCTETS,
  patch,
  rawRequest,
  TUS,
  tus,
  verifiedStatus,
} from './tus-helpers.js';

describe.each(databaseModes())('upload limits and safety on $name', (mode) => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi(mode, {
      MAX_UPLOAD_BYTES: '1000',
      MAX_CONCURRENT_UPLOADS: '3',
      UPLOAD_ALLOWED_TYPES: 'csv,tsv',
    });
  });
  afterAll(() => api?.close());

  it('answers 429 past MAX_CONCURRENT_UPLOADS unfinished uploads of one account, until one ends', async () => {
    const open = [];
    for (let i = 0; i < 3; i++) open.push(await createUpload(api.url, { length: 10 }));
    const refused = await tus(api.url, '/api/uploads', {
      method: 'POST',
      headers: { 'upload-length': '10', 'upload-metadata': metadata({ filename: 'a.csv' }) },
    });
    expect(refused.status).toBe(429);
    expect(refused.json).toMatchObject({
      error: {
        code: 'TOO_MANY_REQUESTS',
        message: expect.stringContaining('MAX_CONCURRENT_UPLOADS=3'),
      },
    });
    // The limit is per account: another person (here, behind the same IP) is not refused.
    const colleague = await joinByInvite(api.url, await issueToken(api.url, TEST_ADMIN), {
      email: 'colleague@limits.test',
      role: 'member',
    });
    const theirs = await createUpload(api.url, {
      length: 10,
      headers: { authorization: `Bearer ${colleague.token}` },
    });
    // A finished upload no longer counts; a deleted one neither.
    expect((await patch(api.url, open[0] ?? '', 0, '0123456789')).status).toBe(204);
    expect((await tus(api.url, open[1] ?? '', { method: 'DELETE' })).status).toBe(204);
    const next = await createUpload(api.url, { length: 10 });
    for (const location of [open[2], next]) {
      await tus(api.url, location ?? '', { method: 'DELETE' });
    }
    const deleted = await tus(api.url, theirs, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${colleague.token}` },
    });
    expect(deleted.status).toBe(204);
  });

  it('answers 413 for a length past MAX_UPLOAD_BYTES and for a chunk past Upload-Length', async () => {
    const big = await tus(api.url, '/api/uploads', {
      method: 'POST',
      headers: { 'upload-length': '1001', 'upload-metadata': metadata({ filename: 'a.csv' }) },
    });
    expect(big.status).toBe(413);
    expect(big.json).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });

    const location = await createUpload(api.url, { length: 5 });
    const over = await patch(api.url, location, 0, '123456');
    expect(over.status).toBe(413);
    expect((await tus(api.url, location, { method: 'HEAD' })).headers.get('upload-offset')).toBe(
      '0',
    );
    // Deferred length: the size limit is the cap.
    const deferred = await createUpload(api.url, {
      meta: { filename: 'd.csv' },
      headers: { 'upload-defer-length': '1' },
    });
    expect((await patch(api.url, deferred, 0, Buffer.alloc(1001))).status).toBe(413);
    expect((await patch(api.url, location, 0, '12345')).status).toBe(204);
    await tus(api.url, deferred, { method: 'DELETE' });
  });

  it('answers 415 for types other than the allowed ones', async () => {
    for (const meta of [
      { filename: 'evil.exe' },
      { filename: 'rows.jsonl' },
      { filename: 'noextension' },
      {},
      { filename: 'a.csv', filetype: 'application/pdf' },
    ]) {
      const res = await tus(api.url, '/api/uploads', {
        method: 'POST',
        headers: { 'upload-length': '1', 'upload-metadata': metadata(meta) },
      });
      expect(res.status, JSON.stringify(meta)).toBe(415);
      expect(res.json).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    }
    const ok = await tus(api.url, '/api/uploads', {
      method: 'POST',
      headers: {
        'upload-length': '0',
        'upload-metadata': metadata({ filetype: 'text/tab-separated-values' }),
      },
    });
    expect(ok.status).toBe(201);
  });

  it('rejects path traversal through ids, Upload-Concat and metadata', async () => {
    const location = await createUpload(api.url, { length: 0 });
    const id = location.split('/').pop() ?? '';
    for (const [method, path] of [
      ['HEAD', '/api/uploads/..%2F..%2Fpglite'],
      ['HEAD', '/api/uploads/%2e%2e'],
      ['HEAD', `/api/uploads/${id.toUpperCase()}`],
      ['HEAD', `/api/uploads/${id}%00`],
      ['PATCH', '/api/uploads/../../../../etc/passwd'],
      ['PATCH', `/api/uploads/..%2f${id}`],
      ['DELETE', '/api/uploads/..%2F..%2Fpglite'],
      ['GET', '/api/uploads/..%2Fpglite/status'],
    ] as const) {
      const code = await rawRequest(api.url, method, path, {
        'content-type': OCTETS,
        'upload-offset': '0',
      });
      expect([400, 404], `${method} ${path}`).toContain(code);
    }
    const concat = await tus(api.url, '/api/uploads', {
      method: 'POST',
      headers: {
        'upload-concat': 'final;/api/uploads/../../../etc/passwd',
        'upload-metadata': metadata({ filename: 'a.csv' }),
      },
    });
    expect(concat.status).toBe(400);

    const target = join(tmpdir(), `intake-escape-${process.pid}.csv`);
    const named = await createUpload(api.url, {
      length: 3,
      meta: { filename: `../../../../../..${target}` },
    });
    expect((await patch(api.url, named, 0, 'a,b')).status).toBe(204);
    expect(await verifiedStatus(api.url, named)).toMatchObject({
      status: 'complete',
      filename: `intake-escape-${process.pid}.csv`,
    });
    expect(existsSync(target)).toBe(false);
  });

  it('locks an upload while a PATCH streams: a second PATCH gets 423', async () => {
    const location = await createUpload(api.url, { length: 100 });
    const url = new URL(`${api.url}${location}`);
    let firstStatus = 0;
    const firstDone = new Promise<void>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'PATCH',
          headers: {
            ...TUS,
            ...authHeaders(api.url),
            'content-type': OCTETS,
            'upload-offset': '0',
            'content-length': '100',
          },
        },
        (res) => {
          firstStatus = res.statusCode ?? 0;
          res.resume();
          res.on('end', resolve);
        },
      );
      req.on('error', reject);
      req.write(Buffer.alloc(50, 1));
      // The rest comes after the competing PATCH has been refused.
      setTimeout(() => req.end(Buffer.alloc(50, 2)), 1800);
    });
    await new Promise((r) => setTimeout(r, 300));
    const second = await patch(api.url, location, 0, 'x');
    expect(second.status).toBe(423);
    expect(second.json).toMatchObject({ error: { code: 'LOCKED' } });
    await firstDone;
    expect(firstStatus).toBe(204);
    expect((await tus(api.url, location, { method: 'HEAD' })).headers.get('upload-offset')).toBe(
      '100',
    );
  });
});
