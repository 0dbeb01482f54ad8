import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { trpcClient } from './clients.js';
import { type SpawnedProcess, spawnApi } from './spawn-api.js';
import { ordersCsv, uploadFile } from './upload-file.js';

const databaseUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL;

/**
 * Whether PostgreSQL and Redis are there for suites of several processes sharing them (the
 * scale-out shape). CI must name both, so these suites never skip there.
 */
export function sharedEnginesConfigured(suite: string): boolean {
  if (process.env.CI === 'true' && !(databaseUrl && redisUrl)) {
    throw new Error(`CI=true needs TEST_DATABASE_URL and TEST_REDIS_URL for the ${suite} suite`);
  }
  return Boolean(databaseUrl && redisUrl);
}

/**
 * API and worker processes sharing PostgreSQL and Redis: each scope gets a schema and a Redis key
 * prefix of its own (all scopes share one data folder); `spawn` keeps track of the processes and
 * `cleanup` kills them and drops every schema, key and file the scopes made.
 */
export function sharedEngines(folder: string) {
  const id = randomBytes(6).toString('hex');
  const children: ChildProcess[] = [];
  const scopes = new Set<string>();
  let dataDir: string | undefined;
  return {
    /** Environment of a process of `scope` (default: the suite's main scope), plus `extra`. */
    async env(extra: Record<string, string> = {}, scope = ''): Promise<Record<string, string>> {
      dataDir ??= await mkdtemp(join(tmpdir(), `intake-${folder}-`));
      scopes.add(scope);
      return {
        DATA_DIR: dataDir,
        DATABASE_URL: databaseUrl ?? '',
        DATABASE_SCHEMA: `intake_test_${id}${scope}`,
        REDIS_URL: redisUrl ?? '',
        REDIS_PREFIX: `intake-test-${id}${scope}`,
        ...extra,
      };
    },
    spawn(entry: 'server' | 'worker', env: Record<string, string>): SpawnedProcess {
      const spawned = spawnApi(entry, env);
      children.push(spawned.child);
      return spawned;
    },
    /**
     * The scale-out shape at work: an API that runs no jobs, one worker process, and a file
     * import of `rows` orders queued on the API (the worker takes it).
     */
    async importOnWorker(env: Record<string, string>, rows: number) {
      const api = this.spawn('server', { ...env, PORT: '0', RUN_WORKER: 'false' });
      const url = await api.ready;
      const client = trpcClient(url);
      const worker = this.spawn('worker', env);
      await worker.ready;
      const uploadId = await uploadFile(url, ordersCsv(rows));
      const created = await client.imports.createFromUpload.mutate({ uploadId, dataset: 'orders' });
      return { api, client, worker, importId: created.id };
    },
    async cleanup(): Promise<void> {
      for (const child of children) child.kill('SIGKILL');
      if (scopes.size > 0) {
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        for (const scope of scopes) {
          await client.query(`drop schema if exists intake_test_${id}${scope} cascade`);
        }
        await client.end();
        const redis = new Redis(redisUrl ?? '');
        for (const scope of scopes) {
          const keys = await redis.keys(`intake-test-${id}${scope}*`);
          if (keys.length > 0) await redis.del(...keys);
        }
        await redis.quit();
      }
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
