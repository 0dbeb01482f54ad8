import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { type AlertRulesOverride, alertRulesOverride } from '@intake/schema';
import { z } from 'zod';

/**
 * The one reader of the environment. Every setting is parsed and checked here at start, so a bad
 * value stops the process with a message naming the variable instead of failing later.
 * `.env.example` at the repository root documents each variable.
 */
const int = (name: string, min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { error: `${name} must be a whole number` })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `${name} must be >= ${min}` })
        .max(max, { error: `${name} must be <= ${max}` }),
    )
    .default(fallback);

const bool = (name: string, fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { error: `${name} must be true or false` })
    .transform((v) => v === 'true' || v === '1')
    .default(fallback);

const defaultWebDist = fileURLToPath(new URL('../../web/dist', import.meta.url));

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
    HOST: z.string().trim().min(1).default('127.0.0.1'),
    PORT: int('PORT', 0, 65535, 3000),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    DATA_DIR: z.string().trim().min(1).default('./data'),
    DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/, error: 'DATABASE_URL must be a postgres:// URL' })
      .optional(),
    DATABASE_SCHEMA: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, {
        error: 'DATABASE_SCHEMA must be a lower-case SQL identifier',
      })
      .default('public'),
    DATABASE_POOL_MAX: int('DATABASE_POOL_MAX', 1, 1000, 10),
    PGLITE_SHARED_BUFFERS_MB: int('PGLITE_SHARED_BUFFERS_MB', 1, 16_384, 32),
    MAX_ROWS_PER_REQUEST: int('MAX_ROWS_PER_REQUEST', 1, 1_000_000, 10_000),
    BODY_LIMIT_BYTES: int('BODY_LIMIT_BYTES', 1024, 1024 ** 3, 16 * 1024 * 1024),
    MAX_UPLOAD_BYTES: int('MAX_UPLOAD_BYTES', 1, 2 ** 50, 5 * 1024 ** 3),
    UPLOAD_EXPIRY_HOURS: int('UPLOAD_EXPIRY_HOURS', 1, 24 * 365, 24),
    UPLOAD_SWEEP_INTERVAL_SECONDS: int('UPLOAD_SWEEP_INTERVAL_SECONDS', 1, 86_400, 900),
    MAX_CONCURRENT_UPLOADS: int('MAX_CONCURRENT_UPLOADS', 1, 100_000, 10),
    UPLOAD_LOCK_LEASE_SECONDS: int('UPLOAD_LOCK_LEASE_SECONDS', 2, 3600, 15),
    UPLOAD_ALLOWED_TYPES: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9]+(\s*,\s*[a-z0-9]+)*$/, {
        error: 'UPLOAD_ALLOWED_TYPES must be a comma-separated list of file extensions',
      })
      .transform((v) => v.split(',').map((t) => t.trim()))
      .default(['csv', 'tsv', 'jsonl', 'ndjson']),
    MAX_JSON_DEPTH: int('MAX_JSON_DEPTH', 2, 10_000, 32),
    CORS_ORIGINS: z
      .string()
      .trim()
      .transform((v) =>
        v
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(
          z
            .url({
              protocol: /^https?$/,
              error: 'CORS_ORIGINS must list origins such as https://app.example.com',
            })
            .transform((u) => new URL(u).origin),
        ),
      )
      .default([]),
    TRUST_PROXY: z
      .string()
      .trim()
      .regex(/^(true|false|\d+|[\w.:/]+(\s*,\s*[\w.:/]+)*)$/, {
        error:
          'TRUST_PROXY must be true, false, a hop count or a comma-separated list of proxy addresses',
      })
      .transform((v): boolean | number | string[] =>
        v === 'true'
          ? true
          : v === 'false'
            ? false
            : /^\d+$/.test(v)
              ? Number(v)
              : v.split(',').map((a) => a.trim()),
      )
      .default(false),
    RATE_LIMIT_IMPORTS_PER_HOUR: int('RATE_LIMIT_IMPORTS_PER_HOUR', 0, 10_000_000, 50),
    RATE_LIMIT_IMPORTS_PER_DAY: int('RATE_LIMIT_IMPORTS_PER_DAY', 0, 10_000_000, 200),
    RATE_LIMIT_READS_PER_SECOND: int('RATE_LIMIT_READS_PER_SECOND', 0, 1_000_000, 50),
    RATE_LIMIT_SIGN_IN_FAILURES: int('RATE_LIMIT_SIGN_IN_FAILURES', 0, 1_000_000, 10),
    RATE_LIMIT_SIGN_IN_WINDOW_MINUTES: int('RATE_LIMIT_SIGN_IN_WINDOW_MINUTES', 1, 10_080, 15),
    RATE_LIMIT_ON_STORE_ERROR: z
      .enum(['open', 'closed'], { error: 'RATE_LIMIT_ON_STORE_ERROR must be open or closed' })
      .default('open'),
    WEB_DIST_DIR: z.string().trim().min(1).default(defaultWebDist),
    TRPC_ADAPTER: z.enum(['fast', 'official']).default('fast'),
    PUBLIC_URL: z
      .url({ error: 'PUBLIC_URL must be an absolute URL such as https://intake.example.com' })
      .optional(),
    PAYMENT_PROVIDER_URL: z
      .url({ error: 'PAYMENT_PROVIDER_URL must be an absolute URL' })
      .optional(),
    PAYMENT_MERCHANT_ID: z.string().trim().min(1).optional(),
    PAYMENT_API_KEY: z.string().trim().min(1).optional(),
    PAYMENT_CALLBACK_SECRET: z
      .string()
      .regex(/^whsec_[A-Za-z0-9+/=]{16,}$/, {
        error: 'PAYMENT_CALLBACK_SECRET must be a whsec_… secret',
      })
      .optional(),
    PAYMENT_TIMEOUT_MS: int('PAYMENT_TIMEOUT_MS', 100, 120_000, 10_000),
    REDIS_URL: z
      .url({ protocol: /^rediss?$/, error: 'REDIS_URL must be a redis:// URL' })
      .optional(),
    REDIS_PREFIX: z
      .string()
      .regex(/^[\w:-]{1,64}$/, { error: 'REDIS_PREFIX must be a short key prefix' })
      .default('intake'),
    CACHE_ENABLED: bool('CACHE_ENABLED', true),
    CACHE_MEMORY_MAX_ENTRIES: int('CACHE_MEMORY_MAX_ENTRIES', 0, 10_000_000, 10_000),
    CACHE_MEMORY_MAX_MB: int('CACHE_MEMORY_MAX_MB', 1, 1_000_000, 64),
    CACHE_MEMORY_TTL_SECONDS: int('CACHE_MEMORY_TTL_SECONDS', 1, 86_400, 30),
    CACHE_REDIS_TTL_SECONDS: int('CACHE_REDIS_TTL_SECONDS', 1, 604_800, 300),
    CACHE_TTL_JITTER_PERCENT: int('CACHE_TTL_JITTER_PERCENT', 0, 90, 10),
    CACHE_REDIS_TIMEOUT_MS: int('CACHE_REDIS_TIMEOUT_MS', 1, 60_000, 250),
    RUN_WORKER: bool('RUN_WORKER', true),
    WORKER_CONCURRENCY: int('WORKER_CONCURRENCY', 1, 256, 4),
    IMPORT_CONCURRENCY: int('IMPORT_CONCURRENCY', 1, 64, 1),
    JOB_LOCK_SECONDS: int('JOB_LOCK_SECONDS', 1, 3600, 30),
    SHUTDOWN_DELAY_MS: int('SHUTDOWN_DELAY_MS', 0, 600_000, 0),
    SHUTDOWN_TIMEOUT_MS: int('SHUTDOWN_TIMEOUT_MS', 100, 3_600_000, 20_000),
    IMPORT_BATCH_ROWS: int('IMPORT_BATCH_ROWS', 1, 1_000_000, 20_000),
    IMPORT_ATTEMPTS: int('IMPORT_ATTEMPTS', 1, 100, 5),
    WEBHOOK_ALLOW_PRIVATE: bool('WEBHOOK_ALLOW_PRIVATE', false),
    WEBHOOK_MAX_ATTEMPTS: int('WEBHOOK_MAX_ATTEMPTS', 1, 100, 8),
    WEBHOOK_BACKOFF_MS: int('WEBHOOK_BACKOFF_MS', 1, 3_600_000, 2000),
    WEBHOOK_TIMEOUT_MS: int('WEBHOOK_TIMEOUT_MS', 100, 120_000, 10_000),
    ELASTICSEARCH_URL: z
      .url({ protocol: /^https?$/, error: 'ELASTICSEARCH_URL must be an http(s):// URL' })
      .optional(),
    ELASTICSEARCH_BUFFER_LIMIT: int('ELASTICSEARCH_BUFFER_LIMIT', 10, 10_000_000, 10_000),
    ELASTICSEARCH_FLUSH_MS: int('ELASTICSEARCH_FLUSH_MS', 10, 600_000, 2000),
    INTAKE_ADMIN_EMAIL: z
      .email({ error: 'INTAKE_ADMIN_EMAIL must be an email address' })
      .optional(),
    INTAKE_ADMIN_PASSWORD: z.string().optional(),
    PASSWORD_MIN_LENGTH: int('PASSWORD_MIN_LENGTH', 8, 256, 10),
    SESSION_IDLE_MINUTES: int('SESSION_IDLE_MINUTES', 1, 525_600, 720),
    SESSION_ABSOLUTE_HOURS: int('SESSION_ABSOLUTE_HOURS', 1, 8760, 168),
    AUTH_TOKEN_DAYS: int('AUTH_TOKEN_DAYS', 1, 3650, 30),
    METRICS_ENABLED: bool('METRICS_ENABLED', true),
    HEALTH_BUCKET_SECONDS: int('HEALTH_BUCKET_SECONDS', 1, 60, 10),
    ALERT_EVALUATION_SECONDS: int('ALERT_EVALUATION_SECONDS', 1, 600, 10),
    ALERT_RULES: z
      .string()
      .transform((v, ctx): unknown => {
        try {
          return JSON.parse(v);
        } catch {
          ctx.addIssue({ code: 'custom', message: 'ALERT_RULES must be JSON' });
          return z.NEVER;
        }
      })
      .pipe(alertRulesOverride)
      .default({}),
    INTAKE_METRICS_TOKEN: z
      .string()
      .trim()
      .min(16, { error: 'INTAKE_METRICS_TOKEN must be at least 16 characters' })
      .optional(),
  })
  .superRefine((env, ctx) => {
    if (!env.PAYMENT_PROVIDER_URL) return;
    for (const name of ['PAYMENT_MERCHANT_ID', 'PAYMENT_API_KEY'] as const) {
      if (!env[name])
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `${name} is required when PAYMENT_PROVIDER_URL is set`,
        });
    }
  });

export type Env = Partial<Record<keyof z.input<typeof envSchema>, string>>;

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  dataDir: string;
  /** Unset: embedded PGlite under dataDir. Set: PostgreSQL. */
  databaseUrl: string | undefined;
  databaseSchema: string;
  databasePoolMax: number;
  /** Embedded PGlite's shared_buffers: it lives in the API process's own memory. */
  pgliteSharedBuffersMb: number;
  maxRowsPerRequest: number;
  bodyLimitBytes: number;
  /** tus uploads (src/uploads/README.md): largest file, in bytes. */
  maxUploadBytes: number;
  /** Unfinished uploads expire this long after creation; the sweeper deletes their files. */
  uploadExpiryHours: number;
  uploadSweepIntervalSeconds: number;
  /** Unfinished uploads one account may have at once. */
  maxConcurrentUploads: number;
  /** Write lease of a PATCH on an upload (renewed while streaming; a crashed holder's ends). */
  uploadLockLeaseSeconds: number;
  /** File extensions (and `filetype` metadata) accepted, lower case. */
  uploadAllowedTypes: string[];
  /** Deepest nesting of arrays/objects a JSON body may have (400 JSON_TOO_DEEP beyond). */
  maxJsonDepth: number;
  /** Origins other than our own allowed to call the API from a browser (src/http/cors.ts). */
  corsOrigins: string[];
  /** Fastify's trustProxy: whose X-Forwarded-For / -Proto to believe (client IP, HTTPS). */
  trustProxy: boolean | number | string[];
  /** Per client (user id, else IP); 0 turns a limit off (src/http/rate-limits.ts). */
  rateLimits: {
    importsPerHour: number;
    importsPerDay: number;
    readsPerSecond: number;
    signInFailures: number;
    signInWindowMinutes: number;
    /** When the shared store (Redis) does not answer: let requests through, or answer 503. */
    onStoreError: 'open' | 'closed';
  };
  webDistDir: string;
  /** `fast`: @intake/trpc-fastify (wire-compatible, fast JSON path); `official`: tRPC's plugin. */
  trpcAdapter: 'fast' | 'official';
  /** How others reach this server (callback URLs); defaults to http://HOST:PORT. */
  publicUrl: string | undefined;
  /** Unset: jobs run in this process (InProcessQueue). Set: BullMQ on this Redis. */
  redisUrl: string | undefined;
  /** Key prefix of everything Intake keeps in Redis (several installs can share one Redis). */
  redisPrefix: string;
  /** Hot reads (src/cache/README.md): memory tier, in front of Redis when redisUrl is set. */
  cache: {
    enabled: boolean;
    /** 0: no in-process tier. */
    memoryMaxEntries: number;
    memoryMaxBytes: number;
    memoryTtlSeconds: number;
    redisTtlSeconds: number;
    /** Each TTL is shortened by up to this much at random. */
    ttlJitterPercent: number;
    /** A Redis lookup slower than this reads the database instead. */
    redisTimeoutMs: number;
  };
  /** Run queued jobs in this process (false for an API-only process next to workers). */
  runWorker: boolean;
  workerConcurrency: number;
  /** File imports one process runs at once, rows per batch (one transaction each), tries. */
  importConcurrency: number;
  /** With BullMQ: how long a killed worker's job stays claimed before another worker takes it. */
  jobLockSeconds: number;
  /**
   * On SIGTERM/SIGINT: how long to keep serving with /readyz at 503 before closing the listener
   * (time for a load balancer to notice), and the deadline for the whole stop, after which the
   * process exits 1 without waiting further.
   */
  shutdown: { delayMs: number; timeoutMs: number };
  importBatchRows: number;
  importAttempts: number;
  webhooks: { allowPrivate: boolean; maxAttempts: number; backoffMs: number; timeoutMs: number };
  /** Log shipping to Elasticsearch (src/observability/README.md); unset: stdout only. */
  elasticsearch: { url: string; bufferLimit: number; flushMs: number } | undefined;
  /** Accounts and sessions (src/auth/README.md). */
  auth: {
    /** With both set and no account yet, the first start creates this admin and a workspace. */
    admin: { email: string; password: string } | undefined;
    passwordMinLength: number;
    /** A session unused this long ends; every session ends this long after sign-in. */
    sessionIdleMinutes: number;
    sessionAbsoluteHours: number;
    /** Lifetime of tokens from `POST /api/auth/token`. */
    tokenDays: number;
  };
  /** Prometheus metrics and the per-request log line; off only to measure their cost. */
  metricsEnabled: boolean;
  /** Bearer token for GET /metrics; unset: only loopback callers may scrape. */
  metricsToken: string | undefined;
  /** Health page and alerts (src/observability/README.md): window bucket, evaluation, rules. */
  health: { bucketSeconds: number; alertEvaluationSeconds: number; alertRules: AlertRulesOverride };
  /** Unset when PAYMENT_PROVIDER_URL is not set: charges then answer 503. */
  payments:
    | {
        url: string;
        merchantId: string;
        apiKey: string;
        callbackSecret: string | undefined;
        timeoutMs: number;
      }
    | undefined;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses an environment (process.env in production, a plain object in tests). */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // An empty variable means "not set", as in most shells' `FOO= cmd`.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const value = present[name];
      return `  ${name}: ${issue.message}${value === undefined ? '' : ` (got ${JSON.stringify(value)})`}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    databaseSchema: e.DATABASE_SCHEMA,
    databasePoolMax: e.DATABASE_POOL_MAX,
    pgliteSharedBuffersMb: e.PGLITE_SHARED_BUFFERS_MB,
    maxRowsPerRequest: e.MAX_ROWS_PER_REQUEST,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    maxUploadBytes: e.MAX_UPLOAD_BYTES,
    uploadExpiryHours: e.UPLOAD_EXPIRY_HOURS,
    uploadSweepIntervalSeconds: e.UPLOAD_SWEEP_INTERVAL_SECONDS,
    maxConcurrentUploads: e.MAX_CONCURRENT_UPLOADS,
    uploadLockLeaseSeconds: e.UPLOAD_LOCK_LEASE_SECONDS,
    uploadAllowedTypes: e.UPLOAD_ALLOWED_TYPES,
    maxJsonDepth: e.MAX_JSON_DEPTH,
    corsOrigins: e.CORS_ORIGINS,
    trustProxy: e.TRUST_PROXY,
    rateLimits: {
      importsPerHour: e.RATE_LIMIT_IMPORTS_PER_HOUR,
      importsPerDay: e.RATE_LIMIT_IMPORTS_PER_DAY,
      readsPerSecond: e.RATE_LIMIT_READS_PER_SECOND,
      signInFailures: e.RATE_LIMIT_SIGN_IN_FAILURES,
      signInWindowMinutes: e.RATE_LIMIT_SIGN_IN_WINDOW_MINUTES,
      onStoreError: e.RATE_LIMIT_ON_STORE_ERROR,
    },
    webDistDir: e.WEB_DIST_DIR,
    trpcAdapter: e.TRPC_ADAPTER,
    publicUrl: e.PUBLIC_URL,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    cache: {
      enabled: e.CACHE_ENABLED,
      memoryMaxEntries: e.CACHE_MEMORY_MAX_ENTRIES,
      memoryMaxBytes: e.CACHE_MEMORY_MAX_MB * 1024 * 1024,
      memoryTtlSeconds: e.CACHE_MEMORY_TTL_SECONDS,
      redisTtlSeconds: e.CACHE_REDIS_TTL_SECONDS,
      ttlJitterPercent: e.CACHE_TTL_JITTER_PERCENT,
      redisTimeoutMs: e.CACHE_REDIS_TIMEOUT_MS,
    },
    runWorker: e.RUN_WORKER,
    workerConcurrency: e.WORKER_CONCURRENCY,
    importConcurrency: e.IMPORT_CONCURRENCY,
    jobLockSeconds: e.JOB_LOCK_SECONDS,
    shutdown: { delayMs: e.SHUTDOWN_DELAY_MS, timeoutMs: e.SHUTDOWN_TIMEOUT_MS },
    importBatchRows: e.IMPORT_BATCH_ROWS,
    importAttempts: e.IMPORT_ATTEMPTS,
    webhooks: {
      allowPrivate: e.WEBHOOK_ALLOW_PRIVATE,
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      backoffMs: e.WEBHOOK_BACKOFF_MS,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
    },
    elasticsearch: e.ELASTICSEARCH_URL
      ? {
          url: e.ELASTICSEARCH_URL,
          bufferLimit: e.ELASTICSEARCH_BUFFER_LIMIT,
          flushMs: e.ELASTICSEARCH_FLUSH_MS,
        }
      : undefined,
    auth: {
      admin:
        e.INTAKE_ADMIN_EMAIL && e.INTAKE_ADMIN_PASSWORD
          ? { email: e.INTAKE_ADMIN_EMAIL, password: e.INTAKE_ADMIN_PASSWORD }
          : undefined,
      passwordMinLength: e.PASSWORD_MIN_LENGTH,
      sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
      sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS,
      tokenDays: e.AUTH_TOKEN_DAYS,
    },
    metricsEnabled: e.METRICS_ENABLED,
    metricsToken: e.INTAKE_METRICS_TOKEN,
    health: {
      bucketSeconds: e.HEALTH_BUCKET_SECONDS,
      alertEvaluationSeconds: e.ALERT_EVALUATION_SECONDS,
      alertRules: e.ALERT_RULES,
    },
    payments: e.PAYMENT_PROVIDER_URL
      ? {
          url: e.PAYMENT_PROVIDER_URL,
          merchantId: e.PAYMENT_MERCHANT_ID ?? '',
          apiKey: e.PAYMENT_API_KEY ?? '',
          callbackSecret: e.PAYMENT_CALLBACK_SECRET,
          timeoutMs: e.PAYMENT_TIMEOUT_MS,
        }
      : undefined,
  };
}

/**
 * The process's own configuration; the only read of `process.env` in the API. A `.env` file in
 * the working directory fills in what the environment does not set.
 */
export function loadProcessConfig(): Config {
  const file = existsSync('.env') ? parseEnv(readFileSync('.env', 'utf8')) : {};
  return loadConfig({ ...file, ...process.env });
}
