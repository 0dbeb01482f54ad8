import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ordersCsv } from './helpers/orders-csv.js';
import { type CliOptions, jsonLine, loginCli, runCli, spawnCli } from './helpers/run-cli.js';
import { admin, type RunningApi, startApi } from './helpers/start-api.js';

let api: RunningApi;
let dir: string;
beforeAll(async () => {
  [api, dir] = await Promise.all([startApi(), mkdtemp(join(tmpdir(), 'intake-cli-resume-'))]);
});
afterAll(async () => {
  await api?.close();
  await rm(dir, { recursive: true, force: true });
});

interface UploadStatus {
  offset: number;
  length: number;
  status: string;
  sha256: string | null;
}

const uploadStatus = async (uploadUrl: string): Promise<UploadStatus> =>
  (await (await api.fetch(`${new URL(uploadUrl).pathname}/status`)).json()) as UploadStatus;

/** The upload URL the CLI remembered in its config dir, once it has one. */
async function rememberedUrl(configDir: string): Promise<string | undefined> {
  const text = await readFile(join(configDir, 'uploads.json'), 'utf8').catch(() => '{}');
  const entries = Object.values(JSON.parse(text || '{}') as Record<string, { uploadUrl: string }>);
  return entries[0]?.uploadUrl;
}

it('a CLI killed with SIGKILL mid-upload resumes the same upload when run again', async () => {
  const csv = ordersCsv(80_000);
  const size = Buffer.byteLength(csv);
  await writeFile(join(dir, 'big.csv'), csv);
  const opts: CliOptions = {
    cwd: dir,
    configDir: join(dir, 'config'),
    // Small PATCHes so the upload takes long enough to be killed in the middle.
    env: { INTAKE_URL: api.url, INTAKE_CHUNK_SIZE: String(16 * 1024) },
  };
  const args = ['import', 'big.csv', '--dataset', 'orders', '--json'];
  await loginCli(opts, admin);

  const first = spawnCli(args, opts);
  let uploadUrl: string | undefined;
  let before: UploadStatus | undefined;
  for (let i = 0; i < 3000 && !before; i++) {
    uploadUrl ??= await rememberedUrl(opts.configDir);
    if (uploadUrl) {
      const s = await uploadStatus(uploadUrl);
      if (s.offset > 0) before = s;
    }
    if (!before) await sleep(10);
  }
  first.kill('SIGKILL');
  const killed = await first.done;
  expect(killed.signal).toBe('SIGKILL');
  if (!uploadUrl || !before) throw new Error(`the upload never started: ${killed.stderr}`);
  // What the server kept of the broken run: more than nothing, less than everything.
  const kept = await uploadStatus(uploadUrl);
  expect(kept.status).toBe('uploading');
  expect(kept.offset).toBeGreaterThan(0);
  expect(kept.offset).toBeLessThan(size);

  const second = await runCli(args, opts);
  expect(second.code, second.stderr).toBe(0);
  const out = jsonLine(second);
  expect(out.uploadId).toBe(new URL(uploadUrl).pathname.split('/').pop());
  // It went on from the server's offset, not from byte 0.
  expect(out.resumedFrom).toBeGreaterThanOrEqual(kept.offset);
  expect(out).toMatchObject({ status: 'succeeded', accepted: 80_000, rejected: 0, bytes: size });
  // And the whole file arrived intact: the server's digest of it equals ours.
  expect(await uploadStatus(uploadUrl)).toMatchObject({
    status: 'complete',
    offset: size,
    sha256: createHash('sha256').update(csv).digest('hex'),
  });
  // The import owns the upload now: nothing is left to resume.
  expect(await rememberedUrl(opts.configDir)).toBeUndefined();
  // Two CLI runs of ~375 small PATCHes, each now authenticated, plus a login, on a loaded machine.
}, 180_000);

it('Ctrl-C during the import asks the server to cancel: exit 4, status cancelled', async () => {
  await writeFile(join(dir, 'long.csv'), ordersCsv(200_000));
  const opts: CliOptions = {
    cwd: dir,
    configDir: join(dir, 'config-cancel'),
    env: { INTAKE_URL: api.url },
  };
  await loginCli(opts, admin);
  const child = spawnCli(['import', 'long.csv', '--dataset', 'orders'], opts);
  let stderr = '';
  child.stderr?.on('data', (d: string) => {
    stderr += d;
  });
  for (let i = 0; i < 3000 && !/Import \S+ (queued|running)/.test(stderr); i++) await sleep(10);
  const id = /Import (\S+) (queued|running)/.exec(stderr)?.[1];
  child.kill('SIGINT');
  const run = await child.done;
  expect(run.code, run.stderr).toBe(4);
  expect(run.stderr).toContain('Cancelling import');
  expect(run.stdout).toContain(`Import ${id} cancelled`);
  const state = (await (await api.fetch(`/api/imports/${id}`)).json()) as {
    status: string;
    accepted: number;
  };
  expect(state.status).toBe('cancelled');
  expect(state.accepted).toBeLessThan(200_000);
});
