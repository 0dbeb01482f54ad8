import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const dist = join(dirname(fileURLToPath(import.meta.url)), '../../dist');
const budgetBytes = 150 * 1024;

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

const manifest = async (): Promise<Manifest> =>
  JSON.parse(await readFile(join(dist, '.vite/manifest.json'), 'utf8')) as Manifest;

/** A chunk and everything it imports statically: what the browser must load before it runs. */
function closure(m: Manifest, key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const dep of m[key]?.imports ?? []) closure(m, dep, seen);
  return seen;
}

async function gzipSize(m: Manifest, keys: Iterable<string>): Promise<number> {
  let total = 0;
  for (const key of keys) {
    const file = m[key]?.file;
    if (file?.endsWith('.js'))
      total += gzipSync(await readFile(join(dist, file)), { level: 9 }).length;
  }
  return total;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

describe('bundle', () => {
  it('keeps the initial JS referenced by index.html under 150 kB gzip', async () => {
    const html = await readFile(join(dist, 'index.html'), 'utf8');
    const m = await manifest();
    const entry = Object.keys(m).find((key) => m[key]?.isEntry);
    expect(entry).toBeDefined();
    // Every script index.html loads up front is the entry or one of its static imports.
    const referenced = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((x) => x[1]);
    const initial = closure(m, entry ?? '');
    const files = new Set([...initial].map((key) => m[key]?.file));
    for (const file of referenced) expect(files).toContain(file);

    const entryBytes = await gzipSize(m, initial);
    // The landing page (New import) is lazy; it and the entry are what `/` really downloads.
    const landing = closure(m, 'src/routes/new-import.tsx', new Set(initial));
    const landingBytes = await gzipSize(m, landing);
    console.info(
      `initial JS: ${kb(entryBytes)} gzip; with the New import page: ${kb(landingBytes)}`,
    );
    expect(entryBytes).toBeLessThan(budgetBytes);
    expect(landingBytes).toBeLessThan(budgetBytes);
  });

  it('loads tus-js-client only with the upload page and hash-wasm only in its worker', async () => {
    const assets = join(dist, 'assets');
    const names = (await readdir(assets)).filter((name) => name.endsWith('.js'));
    const holding = async (marker: string) => {
      const found: string[] = [];
      for (const name of names) {
        if ((await readFile(join(assets, name), 'utf8')).includes(marker)) found.push(name);
      }
      return found;
    };
    // A header only tus-js-client sends; the start of hash-wasm's inlined WebAssembly
    // ("\0asm" in base64).
    expect(await holding('Tus-Resumable')).toEqual([expect.stringMatching(/^upload-import-/)]);
    expect(await holding('AGFzbQ')).toEqual([expect.stringMatching(/^file-hash-worker-/)]);
  });

  it('ships no server code', async () => {
    const assets = join(dist, 'assets');
    const names = (await readdir(assets)).filter((name) => name.endsWith('.js'));
    expect(names.length).toBeGreaterThan(0);
    const js = (await Promise.all(names.map((name) => readFile(join(assets, name), 'utf8')))).join(
      '\n',
    );
    for (const marker of ['fastify', 'pglite', 'kysely', '@trpc/server', 'node:fs', 'pg-pool']) {
      expect(js, `"${marker}" found in dist/assets`).not.toContain(marker);
    }
  });
});
