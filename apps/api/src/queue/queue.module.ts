import { isAbsolute, join, dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Global, Inject, Injectable, Module, type BeforeApplicationShutdown } from '@nestjs/common';
import { Database } from '@podnet/db';
import { API_CONFIG, type ApiConfig } from '../config/config.schema';
import { AppLogger } from '../observability/logger';
import { MetricsService } from '../observability/metrics.service';
import { BullRunQueue } from './bullmq-run.queue';
import { InProcessRunQueue, type RunProcessor } from './in-process-run.queue';
import { RunEvents } from './run-events';
import { RunQueue } from './run-queue';

/** Where the embedded worker bundle is: config, else next to this bundle (dist/apps/api -> dist/apps/worker). */
function embeddedWorkerPath(config: ApiConfig): string {
  if (config.embeddedWorker) return isAbsolute(config.embeddedWorker) ? config.embeddedWorker : resolve(config.embeddedWorker);
  return join(dirname(process.argv[1] ?? '.'), '..', 'worker', 'embedded.js');
}

async function createQueue(config: ApiConfig, db: Database, events: RunEvents, logger: AppLogger, metrics: MetricsService): Promise<RunQueue> {
  if (config.redisUrl) return new BullRunQueue(config.redisUrl, config.queuePrefix, events);
  // Embedded mode: no Redis, so the worker's executor runs in this process on this database handle.
  const path = embeddedWorkerPath(config);
  const mod = (await import(/* webpackIgnore: true */ /* @vite-ignore */ pathToFileURL(path).href)) as {
    createRunProcessor?: (deps: object) => RunProcessor;
    default?: { createRunProcessor?: (deps: object) => RunProcessor };
  };
  const factory = mod.createRunProcessor ?? mod.default?.createRunProcessor;
  if (typeof factory !== 'function') throw new Error(`${path} does not export createRunProcessor (build the worker: npx nx run worker:build)`);
  const processor = factory({
    db,
    publish: (runId: string) => events.publish(runId),
    log: logger.pino.child({ component: 'embedded-worker' }),
    ec2: config.ec2,
    observe: (kind: string, outcome: string, seconds: number) => metrics.jobDuration.observe({ kind, outcome }, seconds),
  });
  const queue = new InProcessRunQueue(processor, config.workerConcurrency, (error, jobId) => logger.error({ err: error, jobId }, 'job failed after its last attempt'));
  // Runs a previous process left unfinished go back on the queue.
  for (const run of await db.runs.live()) await queue.enqueue({ runId: run.id, teamId: run.teamId, versionId: run.versionId, kind: run.kind }, run.jobId);
  return queue;
}

@Injectable()
class QueueCloser implements BeforeApplicationShutdown {
  constructor(@Inject(RunQueue) private readonly queue: RunQueue) {}
  async beforeApplicationShutdown(): Promise<void> {
    await (this.queue as RunQueue & { close?: () => Promise<void> }).close?.();
  }
}

@Global()
@Module({
  providers: [
    RunEvents,
    {
      provide: RunQueue,
      inject: [API_CONFIG, Database, RunEvents, AppLogger, MetricsService],
      useFactory: createQueue,
    },
    QueueCloser,
  ],
  exports: [RunQueue, RunEvents],
})
export class QueueModule {}
