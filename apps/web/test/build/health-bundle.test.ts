import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const assets = join(dirname(fileURLToPath(import.meta.url)), '../../dist/assets');

describe('Health page bundle', () => {
  it('loads uPlot only with the Health charts, never up front', async () => {
    const names = (await readdir(assets)).filter((name) => name.endsWith('.js'));
    const holding: string[] = [];
    for (const name of names) {
      // uPlot's own class names survive minification.
      if ((await readFile(join(assets, name), 'utf8')).includes('u-legend')) holding.push(name);
    }
    expect(holding).toEqual([expect.stringMatching(/^health-charts-/)]);
  });
});
