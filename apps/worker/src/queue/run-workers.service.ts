import { Inject, Injectable, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { RUN_JOB_NAME, RUN_KINDS, RUN_QUEUES } from '@podnet/contracts';
import { Database } from '@podnet/db';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { Histogram, Registry } from 'prom-client';
import type { Logger } from 'pino';
import { WORKER_CONFIG, type WorkerConfig } from '../config/worker-config.schema';
import { RunExecutor } from '../runs/run-executor';
import { redisConnection, runUpdatesChannel } from './redis';

export const WORKER_LOGGER = Symbol('WORKER_LOGGER');
export const WORKER_METRICS = Symbol('WORKER_METRICS');

/** One BullMQ worker per run queue, sharing one executor; graceful close on shutdown. */
@Injectable()
export class RunWorkersService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly workers: Worker[] = [];
  private readonly connections: Redis[] = [];
  private publisher!: Redis;
  private readonly duration: Histogram<'kind' | 'outcome'>;

  constructor(
    private readonly db: Database,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(WORKER_LOGGER) private readonly log: Logger,
    @Inject(WORKER_METRICS) registry: Registry,
  ) {
    this.duration = new Histogram({
      name: 'podnet_job_duration_seconds',
      help: 'Run job duration by kind and outcome',
      labelNames: ['kind', 'outcome'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
  }

  onModuleInit(): void {
    const { config } = this;
    this.publisher = redisConnection(config.redisUrl);
    const channel = runUpdatesChannel(config.queuePrefix);
    const executor = new RunExecutor({
      db: this.db,
      log: this.log,
      testDelayMs: config.testDelayMs,
      ec2: config.ec2,
      publish: (runId) => void this.publisher.publish(channel, runId).catch(() => undefined),
      observe: (kind, outcome, seconds) => this.duration.observe({ kind, outcome }, seconds),
    });
    for (const kind of RUN_KINDS) {
      const worker = new Worker(
        RUN_QUEUES[kind],
        async (job: Job) => {
          if (job.name !== RUN_JOB_NAME) throw new Error(`unexpected job ${job.name}`);
          return executor.execute(job.data, {
            number: job.attemptsMade + 1,
            max: job.opts.attempts ?? 1,
            reportProgress: (p) => job.updateProgress(p),
          });
        },
        {
          // A connection passed in is shared as far as BullMQ knows, so it never closes it: we do, at shutdown.
          connection: this.own(redisConnection(config.redisUrl)),
          prefix: config.queuePrefix,
          concurrency: config.concurrency,
          lockDuration: config.lockMs,
          stalledInterval: config.stalledIntervalMs,
          maxStalledCount: 3,
          autorun: true,
        },
      );
      worker.on('error', (err) => this.log.error({ err, queue: RUN_QUEUES[kind] }, 'worker error'));
      worker.on('stalled', (jobId) => this.log.warn({ jobId, queue: RUN_QUEUES[kind] }, 'stalled job returned to the queue'));
      // A job BullMQ gives up on (stalled too often, or failed outside the executor) must not leave its run live.
      worker.on('failed', (job, err) => {
        if (!job || (job.attemptsMade < (job.opts.attempts ?? 1) && !/stalled/i.test(err.message))) return;
        const runId = (job.data as { runId?: unknown }).runId;
        if (typeof runId !== 'string') return;
        void this.db.runs
          .fail(runId, { code: 'INTERNAL', message: 'the job failed on every attempt', path: null }, true)
          .then((changed) => changed && this.log.error({ runId, jobId: job.id, err }, 'run failed: job given up by the queue'))
          .catch(() => undefined);
      });
      this.workers.push(worker);
    }
    this.log.info({ queues: RUN_KINDS.map((k) => RUN_QUEUES[k]), concurrency: config.concurrency }, 'workers started');
  }

  /** Stops taking jobs, waits (up to shutdownMs) for jobs in hand, then returns the rest to the queue. */
  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.log.info({ signal }, 'shutting down workers');
    const graceful = Promise.all(this.workers.map((w) => w.close()));
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), this.config.shutdownMs).unref());
    if ((await Promise.race([graceful.then(() => 'done' as const), timeout])) === 'timeout') {
      this.log.warn({}, 'jobs still running at the shutdown deadline; closing (they will be recovered as stalled)');
      await Promise.all(this.workers.map((w) => w.close(true)));
    }
    await this.publisher?.quit().catch(() => undefined);
    // Without this the process stays up on the open sockets (seen as PID 1 in a container, where the signal
    // Nest re-sends itself to exit is ignored).
    await Promise.all(this.connections.map((c) => c.quit().catch(() => c.disconnect())));
  }

  private own(connection: Redis): Redis {
    this.connections.push(connection);
    return connection;
  }

  async ping(): Promise<void> {
    await this.publisher.ping();
  }
}
