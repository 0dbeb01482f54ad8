import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rest, trpcClient } from '../helpers/clients.js';
import { databaseModes } from '../helpers/database-modes.js';
import { orderRow } from '../helpers/rows.js';
import { type RunningApi, startApi } from '../helpers/start-api.js';
import { createUpload, patch, rawRequest, tus } from '../uploads/tus-helpers.js';
import { tally } from './tally.js';

const count = tally('downloads-and-paths');

/** Every file under `dir`, relative to it. */
async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

// On PostgreSQL, DATA_DIR holds only uploads: the whole folder is watched.
const modes = databaseModes();
const mode = modes.find((x) => x.name === 'postgres') ?? modes[0];

describe.runIf(mode)(`downloads and file paths on ${mode?.name}`, () => {
  let api: RunningApi;
  let dataDir: string;
  let parent: string;
  beforeAll(async () => {
    if (!mode) return;
    parent = await mkdtemp(join(tmpdir(), 'intake-attacks-'));
    dataDir = join(parent, 'data');
    api = await startApi(mode, { DATA_DIR: dataDir, RATE_LIMIT_READS_PER_SECOND: '0' });
  });
  afterAll(async () => {
    await api?.close();
    await rm(parent, { recursive: true, force: true });
  });

  it('neutralises every formula trigger (= + - @ tab CR) in the error report, sent as an attachment', async () => {
    const evil = ['=HYPERLINK(A1)', '=cmd|/c calc!A1', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'];
    const created = await trpcClient(api.url).imports.createFromRows.mutate({
      dataset: 'orders',
      rows: evil.map((value, i) => orderRow(`F-${i}`, { amount: value })),
    });
    expect(created.rejected).toHaveLength(evil.length);
    const report = await rest(api.url, `/api/imports/${created.importId}/errors.csv`);
    count.attack(report.status);
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(report.headers.get('content-disposition')).toMatch(/^attachment;/);
    for (const value of evil) {
      // The value comes back whole, behind a quote, and never at the start of a cell.
      expect(report.text, JSON.stringify(value)).toContain(`'${value}`);
      expect(report.text).not.toContain(`,${value}`);
      expect(report.text).not.toContain(`,"${value}`);
    }
  });

  it('keeps every upload id and file name inside DATA_DIR/uploads', async () => {
    const outside = await readdir(parent);
    for (const [method, path] of [
      ['HEAD', '/api/uploads/..%2f..%2fetc%2fpasswd'],
      ['PATCH', '/api/uploads/..%2f..%2fetc%2fpasswd'],
      ['DELETE', '/api/uploads/..%2f..%2fetc%2fpasswd'],
      ['GET', '/api/uploads/..%2f..%2fetc%2fpasswd/status'],
      ['PATCH', '/api/uploads/../../x'],
      ['DELETE', '/api/uploads/../../x'],
      ['PATCH', '/api/uploads/..%5c..%5cx'],
      ['HEAD', '/api/uploads/%2e%2e%2f%2e%2e%2fdata'],
      ['GET', `/api/uploads/${'..%2f'.repeat(20)}x/preview?dataset=orders`],
    ] as const) {
      const status = await rawRequest(api.url, method, path, {
        'content-type': 'application/offset+octet-stream',
        'upload-offset': '0',
      });
      count.attack(status);
      expect([400, 404], `${method} ${path}`).toContain(status);
    }
    for (const filename of [
      '../../escape.csv',
      '..\\..\\escape.csv',
      '/etc/escape.csv',
      'a/../../../b.csv',
    ]) {
      const location = await createUpload(api.url, { length: 4, meta: { filename } });
      const sent = await patch(api.url, location, 0, 'a,b\n');
      count.attack(sent.status);
      expect(sent.status).toBe(204);
      const status = await tus(api.url, `${location}/status`, { method: 'GET' });
      expect((status.json as { filename: string | null }).filename ?? '').not.toContain('/');
    }
    // Nothing new next to DATA_DIR; inside it, only upload files named by their ids.
    expect(await readdir(parent)).toEqual(outside);
    // (PGlite, when it is the mode, keeps its own files under DATA_DIR/pglite.)
    const files = (await tree(dataDir)).filter((f) => !f.startsWith('pglite/'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) expect(file).toMatch(/^uploads\/[A-Za-z0-9_-]+(\.[a-z]+)?$/);
  });
});
