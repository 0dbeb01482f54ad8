import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const builtMarker = join(root, 'dist', 'index.html');

/** Newest modification time under `path`, to tell whether dist/ predates the sources. */
async function newest(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path);
  const times = await Promise.all(entries.map((entry) => newest(join(path, entry))));
  return Math.max(info.mtimeMs, ...times);
}

async function isStale(): Promise<boolean> {
  const built = await stat(builtMarker).then(
    (info) => info.mtimeMs,
    () => 0,
  );
  if (built === 0) return true;
  const inputs = ['src', 'public', 'index.html', 'vite.config.ts', '../../packages/schema/src'];
  const times = await Promise.all(inputs.map((input) => newest(join(root, input))));
  return Math.max(...times) > built;
}

export default async function setup(): Promise<void> {
  if (await isStale()) {
    // A separate process, as `pnpm build` runs it: inside vitest NODE_ENV is 'test', which
    // would make Vite bundle React's development build.
    await promisify(execFile)(
      process.execPath,
      [join(root, 'node_modules/vite/bin/vite.js'), 'build'],
      {
        cwd: root,
        env: { ...process.env, NODE_ENV: 'production' },
      },
    );
  }
}
