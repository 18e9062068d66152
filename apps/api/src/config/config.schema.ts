import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** The inline-trace thread's script, beside the API bundle (dist/apps/api/trace-thread.js); null when not bundled. */
function bundledTraceThread(): string | null {
  const script = resolve(dirname(process.argv[1] ?? '.'), 'trace-thread.js');
  return existsSync(script) ? script : null;
}

/** The API's whole configuration, parsed once at boot from the environment (nothing else reads it). */
export const ApiConfigSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATABASE_URL: z.url().optional(),
    /** Embedded PGlite data directory when DATABASE_URL is unset. */
    PODNET_DATA_DIR: z.string().default('.data'),
    PODNET_MIGRATIONS_DIR: z.string().default('prisma/migrations'),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    REDIS_URL: z.url().optional(),
    /** Queue key prefix in Redis (tests isolate themselves with it). */
    PODNET_QUEUE_PREFIX: z.string().min(1).default('podnet'),
    PODNET_BOOTSTRAP_ADMIN_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
    /** Requests per second per API key (token bucket), and the burst it may save up. */
    PODNET_RATE_LIMIT_RPS: z.coerce.number().positive().default(50),
    PODNET_RATE_LIMIT_BURST: z.coerce.number().int().positive().default(200),
    /** Largest request body (bytes); designs above MAX_DESIGN_CONTENT_BYTES get 413 too. */
    PODNET_MAX_BODY_BYTES: z.coerce.number().int().positive().default(10 * 1024 * 1024),
    PODNET_GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).default(8),
    PODNET_GRAPHQL_MAX_COST: z.coerce.number().int().min(10).default(5000),
    /** In-process worker (embedded mode): concurrent runs. */
    PODNET_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    /** The worker bundle loaded in-process when there is no REDIS_URL (defaults to dist/apps/worker/embedded.js). */
    PODNET_EMBEDDED_WORKER: z.string().optional(),
    /** Inline traces (`traceVersion`, `GET /v1/versions/{id}/trace`): versions up to this many pods, and how many
     *  versions' tracers are kept built. */
    PODNET_INLINE_TRACE_MAX_PODS: z.coerce.number().int().min(0).default(20_000),
    PODNET_INLINE_TRACE_CACHE: z.coerce.number().int().min(1).max(256).default(8),
    /** Build and keep those tracers in a worker thread (the bundled trace-thread.js), off the API's event loop. */
    PODNET_INLINE_TRACE_THREAD: bool.default(true),
    /** RECONCILE runs in the embedded worker: see apps/worker's PODNET_EC2_ENDPOINT / PODNET_EC2_MAX_ATTEMPTS. */
    PODNET_EC2_ENDPOINT: z.preprocess((v) => (v === '' ? undefined : v), z.url().optional()),
    PODNET_EC2_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    PODNET_GRAPHQL_PLAYGROUND: bool.default(false),
    /** Replay answers to run(id) reads of finished (immutable) runs without re-executing them. */
    PODNET_GRAPHQL_READ_CACHE: bool.default(true),
  })
  .transform((env) => ({
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    dataDir: resolve(env.PODNET_DATA_DIR, 'pglite'),
    migrationsDir: resolve(env.PODNET_MIGRATIONS_DIR),
    poolMax: env.DATABASE_POOL_MAX,
    redisUrl: env.REDIS_URL,
    queuePrefix: env.PODNET_QUEUE_PREFIX,
    bootstrapAdminKey: env.PODNET_BOOTSTRAP_ADMIN_KEY,
    rateLimit: { rps: env.PODNET_RATE_LIMIT_RPS, burst: env.PODNET_RATE_LIMIT_BURST },
    maxBodyBytes: env.PODNET_MAX_BODY_BYTES,
    graphql: { maxDepth: env.PODNET_GRAPHQL_MAX_DEPTH, maxCost: env.PODNET_GRAPHQL_MAX_COST, playground: env.PODNET_GRAPHQL_PLAYGROUND, readCache: env.PODNET_GRAPHQL_READ_CACHE },
    workerConcurrency: env.PODNET_WORKER_CONCURRENCY,
    embeddedWorker: env.PODNET_EMBEDDED_WORKER,
    inlineTrace: { maxPods: env.PODNET_INLINE_TRACE_MAX_PODS, cacheSize: env.PODNET_INLINE_TRACE_CACHE, threadScript: env.PODNET_INLINE_TRACE_THREAD ? bundledTraceThread() : null },
    ec2: { ...(env.PODNET_EC2_ENDPOINT ? { endpoint: env.PODNET_EC2_ENDPOINT } : {}), maxAttempts: env.PODNET_EC2_MAX_ATTEMPTS },
    logLevel: env.LOG_LEVEL,
  }));

export type ApiConfig = z.output<typeof ApiConfigSchema>;

/** DI token of the parsed config. */
export const API_CONFIG = Symbol('API_CONFIG');

/** Parses the environment; throws one readable error listing every bad variable. */
export function parseApiConfig(env: Record<string, string | undefined>): ApiConfig {
  const result = ApiConfigSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
