import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated PGlite data folder that each test app copies instead of running initdb (~5 s). */
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(join(tmpdir(), 'intake-template-'));
  const handle = await openDatabase(loadConfig({ DATA_DIR: dataDir }));
  await handle.close();
  project.provide('pgliteTemplate', join(dataDir, 'pglite'));
  return () => rm(dataDir, { recursive: true, force: true });
}
