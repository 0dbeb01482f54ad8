// Summarises a `node --cpu-prof` profile: self time by function and by origin, so the README can
// say where a fast-path request spends its CPU.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

function origin(url: string, name: string): string {
  if (name === '(garbage collector)') return 'GC';
  if (name === '(idle)' || name === '(program)') return name;
  if (url.includes('trpc-fastify/src')) return '@intake/trpc-fastify';
  const match = /node_modules\/(@[^/]+\/[^/]+|[^/@][^/]*)\/(?!.*node_modules)/.exec(url);
  if (match) return match[1] as string;
  if (url.startsWith('node:') || url === '') return 'node internals / native';
  return url;
}

function shortUrl(url: string): string {
  const parts = url.split('/');
  return parts.slice(-2).join('/');
}

export async function summariseProfile(dir: string, top = 20): Promise<string> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.cpuprofile'));
  const file = files[0];
  if (file === undefined) return `no .cpuprofile in ${dir}`;
  const profile = JSON.parse(await readFile(join(dir, file), 'utf8')) as Profile;
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfByFrame = new Map<string, number>();
  const selfByOrigin = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const id of profile.samples) {
    const node = byNode.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    total++;
    if (functionName === '(idle)') {
      idle++;
      continue;
    }
    const frame = `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`;
    selfByFrame.set(frame, (selfByFrame.get(frame) ?? 0) + 1);
    const from = origin(url, functionName);
    selfByOrigin.set(from, (selfByOrigin.get(from) ?? 0) + 1);
  }
  const busy = total - idle;
  const pct = (count: number) => `${((100 * count) / busy).toFixed(1)}%`;
  const lines = [`${busy} busy samples (${idle} idle)`, '', '| self | origin |', '|---|---|'];
  for (const [from, count] of [...selfByOrigin].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
    lines.push(`| ${pct(count)} | ${from} |`);
  }
  lines.push('', '| self | function |', '|---|---|');
  for (const [frame, count] of [...selfByFrame].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    lines.push(`| ${pct(count)} | \`${frame}\` |`);
  }
  return lines.join('\n');
}
