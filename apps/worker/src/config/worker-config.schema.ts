import { resolve } from 'node:path';
import { z } from 'zod';

/** The worker's whole configuration, parsed once at boot (nothing else reads process.env). */
export const WorkerConfigSchema = z
  .object({
    DATABASE_URL: z.url({ message: 'the worker needs DATABASE_URL (a real Postgres): PGlite is single-process' }),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(5),
    PODNET_MIGRATIONS_DIR: z.string().default('prisma/migrations'),
    REDIS_URL: z.url({ message: 'the worker needs REDIS_URL (BullMQ); without it, `npm start` runs runs in-process' }),
    PODNET_QUEUE_PREFIX: z.string().min(1).default('podnet'),
    /** Concurrent jobs per queue in this process. */
    PODNET_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    /** A job whose lock is not renewed for this long is stalled and handed to another worker. */
    PODNET_WORKER_LOCK_MS: z.coerce.number().int().min(500).default(30_000),
    PODNET_WORKER_STALLED_INTERVAL_MS: z.coerce.number().int().min(500).default(30_000),
    /** How long a graceful shutdown waits for jobs in hand before returning them to the queue. */
    PODNET_WORKER_SHUTDOWN_MS: z.coerce.number().int().min(0).default(25_000),
    /** /health and /metrics on this port (0: none). */
    PODNET_WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(0),
    /** Test aid: sleep this long inside every job after claiming it (to kill a worker mid-job). */
    PODNET_WORKER_TEST_DELAY_MS: z.coerce.number().int().min(0).default(0),
    /** RECONCILE runs: an EC2 endpoint other than AWS's (a VPC interface endpoint, a test double). Credentials and
     *  region come from the AWS SDK's own chain (AWS_* variables, web identity / IRSA, instance profile). */
    PODNET_EC2_ENDPOINT: z.preprocess((v) => (v === '' ? undefined : v), z.url().optional()),
    /** RECONCILE runs: attempts per EC2 call, the SDK's retries of throttling included. */
    PODNET_EC2_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .transform((env) => ({
    databaseUrl: env.DATABASE_URL,
    poolMax: env.DATABASE_POOL_MAX,
    migrationsDir: resolve(env.PODNET_MIGRATIONS_DIR),
    redisUrl: env.REDIS_URL,
    queuePrefix: env.PODNET_QUEUE_PREFIX,
    concurrency: env.PODNET_WORKER_CONCURRENCY,
    lockMs: env.PODNET_WORKER_LOCK_MS,
    stalledIntervalMs: env.PODNET_WORKER_STALLED_INTERVAL_MS,
    shutdownMs: env.PODNET_WORKER_SHUTDOWN_MS,
    healthPort: env.PODNET_WORKER_HEALTH_PORT,
    testDelayMs: env.PODNET_WORKER_TEST_DELAY_MS,
    ec2: { ...(env.PODNET_EC2_ENDPOINT ? { endpoint: env.PODNET_EC2_ENDPOINT } : {}), maxAttempts: env.PODNET_EC2_MAX_ATTEMPTS },
    logLevel: env.LOG_LEVEL,
  }));

export type WorkerConfig = z.output<typeof WorkerConfigSchema>;
export const WORKER_CONFIG = Symbol('WORKER_CONFIG');

export function parseWorkerConfig(env: Record<string, string | undefined>): WorkerConfig {
  const result = WorkerConfigSchema.safeParse(env);
  if (!result.success) {
    throw new Error(`invalid configuration:\n${result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return result.data;
}
