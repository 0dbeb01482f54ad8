import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ordersCsv } from './helpers/orders-csv.js';
import { type CliOptions, jsonLine, loginCli, runCli } from './helpers/run-cli.js';
import { admin, type RunningApi, startApi } from './helpers/start-api.js';

let api: RunningApi;
let dir: string;
let cli: (args: string[]) => ReturnType<typeof runCli>;
beforeAll(async () => {
  [api, dir] = await Promise.all([startApi(), mkdtemp(join(tmpdir(), 'intake-cli-'))]);
  const opts: CliOptions = {
    cwd: dir,
    configDir: join(dir, 'config'),
    env: { INTAKE_URL: api.url },
  };
  cli = (args) => runCli(args, opts);
  await loginCli(opts, admin);
});
afterAll(async () => {
  await api?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('intake import', () => {
  let importId = '';

  it('imports a CSV with a bad row and a repeated key: exit 0, one JSON line with the counts', async () => {
    const csv = ordersCsv(50, [
      'ORD-51,not-an-email,1.50,EUR,paid,2026-03-01T10:00:00Z',
      'ORD-7,again@example.com,2.50,EUR,paid,2026-03-01T10:00:00Z',
    ]);
    await writeFile(join(dir, 'orders.csv'), csv);
    // A relative path: resolved against INIT_CWD (where the user ran `pnpm intake`).
    const run = await cli(['import', 'orders.csv', '--dataset', 'orders', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const out = jsonLine(run);
    expect(out).toMatchObject({
      status: 'succeeded',
      accepted: 51,
      rejected: 1,
      duplicates: 1,
      dataset: 'orders',
      bytes: Buffer.byteLength(csv),
      resumedFrom: null,
      error: null,
    });
    importId = String(out.importId);
    expect(importId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('without --json prints the proposed mapping and a summary', async () => {
    await writeFile(join(dir, 'few.csv'), ordersCsv(3));
    const run = await cli(['import', join(dir, 'few.csv'), '-d', 'orders']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/order_id\s+<- "Order ID"\s+90%/);
    expect(run.stdout).toMatch(/succeeded: 3 accepted, 0 rejected, 0 duplicate keys/);
  });

  it('takes a mapping file for headers the proposal cannot guess', async () => {
    const csv = `Ref,Who,Gross,Cur,Flag,When\r\nR-1,a@example.com,10.00,EUR,paid,2026-03-01T10:00:00Z\r\nR-2,b@example.com,20.00,EUR,pending,2026-03-02T10:00:00Z\r\n`;
    await writeFile(join(dir, 'odd.csv'), csv);
    await writeFile(
      join(dir, 'mapping.json'),
      JSON.stringify({
        order_id: 'Ref',
        customer_email: 'Who',
        amount: 'Gross',
        currency: 'Cur',
        status: 'Flag',
        created_at: 'When',
      }),
    );
    const run = await cli([
      'import',
      'odd.csv',
      '--dataset',
      'orders',
      '--mapping',
      'mapping.json',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(jsonLine(run)).toMatchObject({ status: 'succeeded', accepted: 2, rejected: 0 });
  });

  it('a mapping without a required column: exit 3 with the server message', async () => {
    await writeFile(join(dir, 'no-key.json'), JSON.stringify({ order_id: null }));
    const run = await cli([
      'import',
      'few.csv',
      '--dataset',
      'orders',
      '--mapping',
      'no-key.json',
      '--json',
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('order_id is required: choose the file column it comes from');
    expect(jsonLine(run)).toMatchObject({
      status: 'error',
      importId: null,
      code: 'VALIDATION_FAILED',
      exitCode: 3,
    });
  });

  it('usage errors exit 2, an unreachable server exits 5', async () => {
    const missing = await cli(['import', 'nope.csv', '--dataset', 'orders']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No such file');
    const unknown = await cli(['import', 'few.csv', '--dataset', 'orders', '--frobnicate']);
    expect(unknown.code).toBe(2);
    const help = await cli(['import', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: intake import <file> --dataset NAME');
    const down = await runCli(['import', 'few.csv', '--dataset', 'orders'], {
      cwd: dir,
      configDir: join(dir, 'config'),
      env: { INTAKE_URL: `http://127.0.0.1:${await freePort()}` },
    });
    expect(down.code).toBe(5);
    expect(down.stderr).toContain('ECONNREFUSED');
  });

  it('imports list --json pages through the imports, newest first', async () => {
    const run = await cli(['imports', 'list', '--limit', '2', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const page = jsonLine(run) as { items: { id: string; status: string }[]; nextCursor: string };
    expect(page.items).toHaveLength(2);
    expect(page.items.every((i) => i.status === 'succeeded')).toBe(true);
    const next = await cli(['imports', 'list', '--cursor', page.nextCursor, '--json']);
    const rest = jsonLine(next) as { items: { id: string }[] };
    expect([...page.items, ...rest.items].map((i) => i.id)).toContain(importId);
  });

  it('errors <id> streams exactly what the errors.csv endpoint serves', async () => {
    const run = await cli(['errors', importId]);
    expect(run.code, run.stderr).toBe(0);
    const served = await (await api.fetch(`/api/imports/${importId}/errors.csv`)).text();
    expect(run.stdout).toBe(served);
    expect(run.stdout.split('\r\n')[0]).toBe('line,column,value,message');
    expect(run.stdout).toContain('not-an-email');
    const unknown = await cli(['errors', '00000000-0000-7000-8000-000000000000']);
    expect(unknown.code).toBe(3);
  });
});

/** A loopback port nobody listens on (fetch refuses "bad ports" such as 9 before connecting). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}
