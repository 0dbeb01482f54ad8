import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rest } from './helpers/clients.js';
import { orderRow } from './helpers/rows.js';
import { spawnApi } from './helpers/spawn-api.js';

const startServer = (env: Record<string, string>) => spawnApi('server', env);

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

describe('the server process', () => {
  it('refuses to start on bad configuration, naming the variable', async () => {
    const server = startServer({ PORT: 'eighty' });
    children.push(server.child);
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('PORT: PORT must be a whole number (got "eighty")');
  });

  it('serves, shuts down cleanly on SIGTERM and keeps accepted rows across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'intake-process-'));
    try {
      const first = startServer({ PORT: '0', DATA_DIR: dataDir });
      children.push(first.child);
      const url = await first.ready;
      const res = await rest(url, '/api/import', {
        method: 'POST',
        json: { dataset: 'orders', rows: [orderRow('P-1')] },
      });
      expect(res.json).toMatchObject({ accepted: 1 });
      first.child.kill('SIGTERM');
      expect(await first.exited, first.output()).toBe(0);

      const second = startServer({ PORT: '0', DATA_DIR: dataDir });
      children.push(second.child);
      const again = await second.ready;
      const rows = await rest(again, '/api/datasets/orders/rows');
      expect(rows.json).toMatchObject({ items: [{ order_id: 'P-1', amount: '10.00' }] });
      second.child.kill('SIGTERM');
      expect(await second.exited, second.output()).toBe(0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
