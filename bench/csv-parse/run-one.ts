/**
 * Child process of run.ts: times one candidate over the file, so no candidate inherits another
 * one's heap (a parser that leaves 1M rows of garbage slows the next one's GC).
 */
import { candidates } from './candidates.js';

const [name, path] = process.argv.slice(2);
const candidate = candidates.find((c) => c.name === name);
if (!candidate || !path)
  throw new Error(`usage: run-one.ts <${candidates.map((c) => c.name).join('|')}> <file.csv>`);
const start = performance.now();
const rows = await candidate.run(path);
console.log(JSON.stringify({ rows, seconds: (performance.now() - start) / 1000 }));
