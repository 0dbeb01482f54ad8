import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseModes } from '../helpers/database-modes.js';
import { spawnApi } from '../helpers/spawn-api.js';
import { createUpload, hex, openPatch, patch, tus, verifiedStatus } from './tus-helpers.js';

const startServer = (env: Record<string, string>) => spawnApi('server', { PORT: '0', ...env });

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** A server process, and an upload of `data` created there with its digests declared. */
async function startWithUpload(env: Record<string, string>, data: Buffer) {
  const first = startServer(env);
  children.push(first.child);
  const url = await first.ready;
  const location = await createUpload(url, {
    length: data.length,
    meta: { filename: 'big.csv', md5: hex('md5', data), sha256: hex('sha256', data) },
  });
  return { first, url, location };
}

describe.each(databaseModes())('upload resume after kill -9 on $name', (mode) => {
  it('keeps the acknowledged bytes, drops the rest, resumes and verifies the whole file', async () => {
    const storage = await mode.prepare();
    try {
      // Lease of 2 s: progress is recorded every ~0.7 s, and the dead process's lease lapses soon.
      const env = { ...storage.env, UPLOAD_LOCK_LEASE_SECONDS: '2' };
      const data = randomBytes(5 * 1024 * 1024);
      const { first, url, location } = await startWithUpload(env, data);
      const id = location.split('/').pop() ?? '';

      // One long PATCH, as tus-js-client sends by default; the server dies in its middle.
      const req = openPatch(url, location, data.length);
      req.write(data.subarray(0, 2 * 1024 * 1024));
      let recorded = 0;
      for (let i = 0; i < 100 && recorded === 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const head = await tus(url, location, { method: 'HEAD' });
        recorded = Number(head.headers.get('upload-offset'));
      }
      expect(recorded).toBeGreaterThan(0);
      // More bytes reach the disk but are never recorded before the crash.
      req.write(data.subarray(2 * 1024 * 1024, 3 * 1024 * 1024));
      await new Promise((r) => setTimeout(r, 150));
      first.child.kill('SIGKILL');
      await first.exited;
      req.destroy();

      const second = startServer(env);
      children.push(second.child);
      const again = await second.ready;
      const head = await tus(again, location, { method: 'HEAD' });
      expect(head.status).toBe(200);
      const offset = Number(head.headers.get('upload-offset'));
      expect(offset).toBeGreaterThan(0);
      expect(offset).toBeLessThanOrEqual(3 * 1024 * 1024);
      const onDisk = (await stat(join(storage.env.DATA_DIR ?? '', 'uploads', id))).size;
      expect(onDisk).toBeGreaterThanOrEqual(offset);

      // The dead process's lease lapses within 2 s; until then the upload answers 423.
      let res = await patch(again, location, offset, data.subarray(offset));
      for (let i = 0; i < 20 && res.status === 423; i++) {
        await new Promise((r) => setTimeout(r, 250));
        res = await patch(again, location, offset, data.subarray(offset));
      }
      expect(res.status).toBe(204);
      expect(res.headers.get('upload-offset')).toBe(String(data.length));
      expect(await verifiedStatus(again, location)).toMatchObject({
        status: 'complete',
        offset: data.length,
        md5: hex('md5', data),
        sha256: hex('sha256', data),
      });
      second.child.kill('SIGTERM');
      await second.exited;
    } finally {
      await storage.cleanup();
    }
  }, 60_000);

  it('verifies an upload whose checksums a kill -9 interrupted, after the restart', async () => {
    const storage = await mode.prepare();
    try {
      // The dead process's lease lapses in 2 s; the sweeper looks every second.
      const env = {
        ...storage.env,
        UPLOAD_LOCK_LEASE_SECONDS: '2',
        UPLOAD_SWEEP_INTERVAL_SECONDS: '1',
      };
      // Large enough that hashing it takes a few hundred milliseconds after the last byte.
      const data = randomBytes(160 * 1024 * 1024);
      const { first, url, location } = await startWithUpload(env, data);
      const res = await patch(url, location, 0, data);
      expect(res.status).toBe(204);
      first.child.kill('SIGKILL');
      await first.exited;

      const second = startServer(env);
      children.push(second.child);
      const again = await second.ready;
      const head = await tus(again, location, { method: 'HEAD' });
      expect(head.headers.get('upload-offset')).toBe(String(data.length));
      expect(head.headers.get('intake-upload-status')).toBe('verifying');
      expect(await verifiedStatus(again, location)).toMatchObject({
        status: 'complete',
        md5: hex('md5', data),
        sha256: hex('sha256', data),
      });
      expect(second.output()).toContain('upload sweeper resumed checksum verifications');
      second.child.kill('SIGTERM');
      await second.exited;
    } finally {
      await storage.cleanup();
    }
  }, 60_000);
});
