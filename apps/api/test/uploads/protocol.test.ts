import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders } from '../helpers/credentials.js';
import { databaseModes } from '../helpers/database-modes.js';
import { type RunningApi, startApi } from '../helpers/start-api.js';
import {
  b64,
  createUpload,
  csvBytes,
  hex,
  metadata,
  OCTETS,
  openPatch,
  patch,
  tus,
  verifiedStatus,
} from './tus-helpers.js';

describe.each(databaseModes())('tus protocol on $name', (mode) => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi(mode, {
      MAX_UPLOAD_BYTES: '1000000',
      MAX_CONCURRENT_UPLOADS: '1000',
      UPLOAD_SWEEP_INTERVAL_SECONDS: '1',
    });
  });
  afterAll(() => api?.close());

  it('OPTIONS lists version, extensions, max size and checksum algorithms', async () => {
    const res = await fetch(`${api.url}/api/uploads`, { method: 'OPTIONS' });
    expect(res.status).toBe(204);
    expect(res.headers.get('tus-version')).toBe('1.0.0');
    expect(res.headers.get('tus-extension')?.split(',')).toEqual(
      expect.arrayContaining([
        'creation',
        'creation-with-upload',
        'termination',
        'expiration',
        'checksum',
        'concatenation',
      ]),
    );
    expect(res.headers.get('tus-max-size')).toBe('1000000');
    expect(res.headers.get('tus-checksum-algorithm')?.split(',')).toEqual(
      expect.arrayContaining(['sha1', 'md5', 'sha256']),
    );
  });

  it('creates, HEADs, PATCHes in chunks and completes with whole-file checksums', async () => {
    const data = csvBytes(10_000);
    const created = await tus(api.url, '/api/uploads', {
      method: 'POST',
      headers: {
        'upload-length': String(data.length),
        'upload-metadata': metadata({ filename: 'orders.csv', sha256: hex('sha256', data) }),
      },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('tus-resumable')).toBe('1.0.0');
    const location = created.headers.get('location') ?? '';
    expect(location).toMatch(/^\/api\/uploads\/[0-9a-f]{32}$/);
    const expires = Date.parse(created.headers.get('upload-expires') ?? '');
    expect(expires - Date.now()).toBeGreaterThan(23 * 3600 * 1000);

    const head = await tus(api.url, location, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('upload-offset')).toBe('0');
    expect(head.headers.get('upload-length')).toBe(String(data.length));
    expect(head.headers.get('cache-control')).toBe('no-store');
    const echoed = head.headers.get('upload-metadata') ?? '';
    expect(echoed.split(',').sort()).toEqual(
      metadata({ filename: 'orders.csv', sha256: hex('sha256', data) })
        .split(',')
        .sort(),
    );

    const first = await patch(api.url, location, 0, data.subarray(0, 4000));
    expect(first.status).toBe(204);
    expect(first.headers.get('upload-offset')).toBe('4000');
    expect(first.headers.get('upload-expires')).toBeTruthy();
    const second = await patch(api.url, location, 4000, data.subarray(4000));
    expect(second.status).toBe(204);
    expect(second.headers.get('upload-offset')).toBe(String(data.length));

    // Every byte is in; the whole-file checksums are computed next, in the background.
    const done = await tus(api.url, location, { method: 'HEAD' });
    expect(done.headers.get('upload-offset')).toBe(String(data.length));
    expect(['verifying', 'complete']).toContain(done.headers.get('intake-upload-status'));
    expect(await verifiedStatus(api.url, location)).toEqual({
      id: location.split('/').pop(),
      offset: data.length,
      length: data.length,
      status: 'complete',
      filename: 'orders.csv',
      md5: hex('md5', data),
      sha256: hex('sha256', data),
      expiresAt: null,
    });
  });

  it('answers 412 with Tus-Version without Tus-Resumable: 1.0.0', async () => {
    for (const version of [undefined, '0.2.2']) {
      const res = await fetch(`${api.url}/api/uploads`, {
        method: 'POST',
        headers: {
          ...authHeaders(api.url),
          'upload-length': '10',
          ...(version ? { 'tus-resumable': version } : {}),
        },
      });
      expect(res.status).toBe(412);
      expect(res.headers.get('tus-version')).toBe('1.0.0');
      expect(await res.json()).toMatchObject({ error: { code: 'PRECONDITION_FAILED' } });
    }
  });

  it('answers 409 on an offset mismatch and 415 without the offset content type', async () => {
    const location = await createUpload(api.url, { length: 10 });
    expect((await patch(api.url, location, 0, '12345')).status).toBe(204);
    const mismatch = await patch(api.url, location, 3, '45678');
    expect(mismatch.status).toBe(409);
    expect(mismatch.json).toMatchObject({ error: { code: 'CONFLICT' } });
    const wrongType = await patch(api.url, location, 5, '67890', {
      'content-type': 'application/octet-stream',
    });
    expect(wrongType.status).toBe(415);
    const missing = await tus(api.url, location, {
      method: 'PATCH',
      headers: { 'content-type': OCTETS },
      body: 'x',
    });
    expect(missing.status).toBe(400);
    const head = await tus(api.url, location, { method: 'HEAD' });
    expect(head.headers.get('upload-offset')).toBe('5');
  });

  it('answers 460 on a checksum mismatch, discards the chunk and keeps the offset', async () => {
    const data = csvBytes(3000, 2);
    const location = await createUpload(api.url, {
      length: data.length,
      meta: { filename: 'a.tsv', md5: hex('md5', data) },
    });
    const a = data.subarray(0, 1000);
    const ok = await patch(api.url, location, 0, a, {
      'upload-checksum': `sha1 ${b64('sha1', a)}`,
    });
    expect(ok.status).toBe(204);

    const b = data.subarray(1000, 2000);
    const bad = await patch(api.url, location, 1000, b, {
      'upload-checksum': `md5 ${b64('md5', 'something else')}`,
    });
    expect(bad.status).toBe(460);
    expect(bad.json).toMatchObject({ error: { code: 'CHECKSUM_MISMATCH' } });
    expect((await tus(api.url, location, { method: 'HEAD' })).headers.get('upload-offset')).toBe(
      '1000',
    );
    const unsupported = await patch(api.url, location, 1000, b, {
      'upload-checksum': 'crc32 AAAA',
    });
    expect(unsupported.status).toBe(400);

    // The discarded bytes are gone: the file completes with the right whole-file digests.
    const rest = data.subarray(1000);
    const good = await patch(api.url, location, 1000, rest, {
      'upload-checksum': `sha256 ${b64('sha256', rest)}`,
    });
    expect(good.status).toBe(204);
    expect(await verifiedStatus(api.url, location)).toMatchObject({
      status: 'complete',
      md5: hex('md5', data),
      sha256: hex('sha256', data),
    });
  });

  it('marks an upload corrupt when its bytes contradict the declared md5', async () => {
    const location = await createUpload(api.url, {
      length: 5,
      meta: { filename: 'x.csv', md5: hex('md5', 'other') },
    });
    expect((await patch(api.url, location, 0, 'hello')).status).toBe(204);
    expect(await verifiedStatus(api.url, location)).toMatchObject({
      status: 'corrupt',
      md5: hex('md5', 'hello'),
    });
    const head = await tus(api.url, location, { method: 'HEAD' });
    expect(head.headers.get('intake-upload-status')).toBe('corrupt');
  });

  it('creation-with-upload, deferred length, zero-length uploads', async () => {
    const withBody = await tus(api.url, '/api/uploads', {
      method: 'POST',
      headers: {
        'upload-length': '11',
        'upload-metadata': metadata({ filename: 'w.jsonl' }),
        'content-type': OCTETS,
      },
      body: '{"a":1}\n',
    });
    expect(withBody.status).toBe(201);
    expect(withBody.headers.get('upload-offset')).toBe('8');

    const deferred = await tus(api.url, '/api/uploads', {
      method: 'POST',
      headers: {
        'upload-defer-length': '1',
        'upload-metadata': metadata({ filetype: 'text/csv' }),
      },
    });
    expect(deferred.status).toBe(201);
    const location = deferred.headers.get('location') ?? '';
    const head = await tus(api.url, location, { method: 'HEAD' });
    expect(head.headers.get('upload-defer-length')).toBe('1');
    expect(head.headers.get('upload-length')).toBeNull();
    expect((await patch(api.url, location, 0, 'a,b\n')).status).toBe(204);
    const last = await patch(api.url, location, 4, '1,2\n', { 'upload-length': '8' });
    expect(last.status).toBe(204);
    expect(await verifiedStatus(api.url, location)).toMatchObject({
      length: 8,
      offset: 8,
      status: 'complete',
      md5: hex('md5', 'a,b\n1,2\n'),
    });

    const empty = await createUpload(api.url, { length: 0 });
    expect(await verifiedStatus(api.url, empty)).toMatchObject({
      status: 'complete',
      md5: hex('md5', ''),
    });
  });

  it('keeps the bytes received before a client disconnects and frees the lock', async () => {
    const data = csvBytes(100_000, 4);
    const location = await createUpload(api.url, { length: data.length });
    const req = openPatch(api.url, location, data.length);
    req.write(data.subarray(0, 30_000));
    await new Promise((r) => setTimeout(r, 300));
    req.destroy();
    let offset = -1;
    for (let i = 0; i < 50 && offset !== 30_000; i++) {
      await new Promise((r) => setTimeout(r, 100));
      offset = Number(
        (await tus(api.url, location, { method: 'HEAD' })).headers.get('upload-offset'),
      );
    }
    expect(offset).toBe(30_000);
    const rest = await patch(api.url, location, 30_000, data.subarray(30_000));
    expect(rest.status).toBe(204);
    expect(await verifiedStatus(api.url, location)).toMatchObject({
      status: 'complete',
      sha256: hex('sha256', data),
    });
  });

  it('terminates an upload with DELETE', async () => {
    const location = await createUpload(api.url, { length: 10 });
    await patch(api.url, location, 0, 'abc');
    expect((await tus(api.url, location, { method: 'DELETE' })).status).toBe(204);
    expect((await tus(api.url, location, { method: 'HEAD' })).status).toBe(404);
    expect((await patch(api.url, location, 3, 'def')).status).toBe(404);
    expect(
      (await fetch(`${api.url}${location}/status`, { headers: authHeaders(api.url) })).status,
    ).toBe(404);
  });

  it('concatenates three partial uploads into a final one', async () => {
    const data = csvBytes(30_000, 3);
    const slices = [data.subarray(0, 9000), data.subarray(9000, 21_000), data.subarray(21_000)];
    const parts: string[] = [];
    for (const slice of slices) {
      const part = await createUpload(api.url, {
        length: slice.length,
        meta: {},
        headers: { 'upload-concat': 'partial' },
      });
      const head = await tus(api.url, part, { method: 'HEAD' });
      expect(head.headers.get('upload-concat')).toBe('partial');
      parts.push(part);
    }
    // Parts arrive in any order, as parallel uploads would.
    for (const i of [2, 0, 1]) {
      expect((await patch(api.url, parts[i] ?? '', 0, slices[i] ?? '')).status).toBe(204);
    }
    const final = await tus(api.url, '/api/uploads', {
      method: 'POST',
      headers: {
        'upload-concat': `final;${parts.map((p) => `${api.url}${p}`).join(' ')}`,
        'upload-metadata': metadata({ filename: 'all.csv', sha256: hex('sha256', data) }),
      },
    });
    expect(final.status).toBe(201);
    const location = final.headers.get('location') ?? '';
    const head = await tus(api.url, location, { method: 'HEAD' });
    expect(head.headers.get('upload-concat')).toBe(`final;${parts.join(' ')}`);
    expect(head.headers.get('upload-offset')).toBe(String(data.length));
    expect(head.headers.get('upload-length')).toBe(String(data.length));
    expect(await verifiedStatus(api.url, location)).toMatchObject({
      status: 'complete',
      filename: 'all.csv',
      md5: hex('md5', data),
      sha256: hex('sha256', data),
    });
    expect((await patch(api.url, location, data.length, 'x')).status).toBe(403);
    // The parts' bytes now live in the final upload.
    expect((await tus(api.url, parts[0] ?? '', { method: 'HEAD' })).status).toBe(404);
  });

  it('refuses a final upload of unfinished or non-partial uploads', async () => {
    const unfinished = await createUpload(api.url, {
      length: 10,
      meta: {},
      headers: { 'upload-concat': 'partial' },
    });
    const normal = await createUpload(api.url, { length: 0 });
    for (const part of [unfinished, normal]) {
      const res = await tus(api.url, '/api/uploads', {
        method: 'POST',
        headers: {
          'upload-concat': `final;${part}`,
          'upload-metadata': metadata({ filename: 'f.csv' }),
        },
      });
      expect(res.status).toBe(400);
    }
  });

  it('expires unfinished uploads: the sweeper deletes their data, HEAD answers 410', async () => {
    const location = await createUpload(api.url, { length: 100 });
    await patch(api.url, location, 0, 'a,b\n');
    const id = location.split('/').pop() ?? '';
    await sql`update uploads set expires_at = now() - interval '1 minute' where id = ${id}`.execute(
      api.app.database.db,
    );
    // Past its expiry the upload is gone at once; the sweeper (every second here) deletes its file
    // and marks the row, which it does only after the file is removed.
    expect((await tus(api.url, location, { method: 'HEAD' })).status).toBe(410);
    let row: { status: string } | undefined;
    for (let i = 0; i < 50 && row?.status !== 'expired'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      row = await api.app.database.db
        .selectFrom('uploads')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirst();
    }
    expect(row?.status).toBe('expired');
    expect((await tus(api.url, location, { method: 'HEAD' })).status).toBe(410);
    expect((await patch(api.url, location, 4, 'c,d\n')).status).toBe(410);
    const body = await fetch(`${api.url}${location}/status`, { headers: authHeaders(api.url) });
    expect(body.status).toBe(410);
    expect(await body.json()).toMatchObject({ error: { code: 'GONE' } });
  });
});
