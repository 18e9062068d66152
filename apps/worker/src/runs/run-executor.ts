import { setTimeout as sleep } from 'node:timers/promises';
import { loadInputs, RunJobPayloadSchema, type Inventory, type RunJobPayload } from '@podnet/contracts';
import type { Database } from '@podnet/db';
import { classify, RunFailure } from './run-failure';
import { RUN_HANDLERS, type Ec2Settings, type RunHandler } from './run-handlers';

/** Minimal logger (pino's shape). */
export interface JobLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ExecutorDeps {
  db: Database;
  /** Tells subscribers that a run changed (Redis pub/sub, or in-process). */
  publish(runId: string): void;
  log: JobLogger;
  /** Test aid: pause after claiming (to kill a worker mid-job). */
  testDelayMs?: number;
  handlers?: Record<RunJobPayload['kind'], RunHandler>;
  /** How RECONCILE runs reach EC2 (endpoint, attempts); credentials come from the SDK's chain. */
  ec2?: Ec2Settings;
  /** Called with the job's duration and outcome (metrics). */
  observe?(kind: string, outcome: 'succeeded' | 'failed' | 'retry' | 'skipped', seconds: number): void;
}

export interface Attempt {
  /** 1-based number of this attempt. */
  number: number;
  max: number;
  /** Mirrors progress into the queue (BullMQ job progress). */
  reportProgress?(percent: number): Promise<void>;
}

/** Thrown to the queue when an attempt failed and should be retried with backoff. */
export class RetryableRunError extends Error {
  override readonly name = 'RetryableRunError';
}

/**
 * Runs one job: re-validates the payload, claims the run (a finished run makes the job a no-op, so a
 * redelivered or recovered job never completes a run twice), runs the kind's handler on the version's
 * inventory, and stores the result or the error.
 */
export class RunExecutor {
  private readonly handlers: Record<RunJobPayload['kind'], RunHandler>;

  constructor(private readonly deps: ExecutorDeps) {
    this.handlers = deps.handlers ?? RUN_HANDLERS;
  }

  async execute(raw: unknown, attempt: Attempt): Promise<'succeeded' | 'failed' | 'skipped'> {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    const payload = RunJobPayloadSchema.parse(raw);
    const { db, publish, log } = this.deps;
    const run = await db.runs.claim(payload.runId);
    if (!run) {
      log.info({ runId: payload.runId }, 'run already finished; job skipped');
      this.deps.observe?.(payload.kind, 'skipped', seconds());
      return 'skipped';
    }
    publish(run.id);
    log.info({ runId: run.id, kind: run.kind, attempt: attempt.number }, 'run started');
    try {
      if (this.deps.testDelayMs) await sleep(this.deps.testDelayMs);
      const inventory = await this.inventoryOf(payload.teamId, payload.versionId);
      const progress = async (percent: number) => {
        await db.runs.progress(run.id, percent);
        await attempt.reportProgress?.(percent);
        publish(run.id);
      };
      await progress(5);
      const result = await this.handlers[payload.kind]({
        inventory,
        params: run.params,
        progress,
        loadVersion: (id) => this.inventoryOf(payload.teamId, id),
        ec2: this.deps.ec2 ?? {},
      });
      const stored = await db.runs.succeed(run.id, JSON.parse(JSON.stringify(result ?? null)));
      publish(run.id);
      log.info({ runId: run.id, kind: run.kind, ms: Math.round(seconds() * 1000), stored }, 'run succeeded');
      this.deps.observe?.(payload.kind, 'succeeded', seconds());
      return stored ? 'succeeded' : 'skipped';
    } catch (error) {
      const { record, retryable } = classify(error);
      const last = attempt.number >= attempt.max;
      const terminal = !retryable || last;
      await db.runs.fail(run.id, record, terminal);
      publish(run.id);
      if (retryable) log.error({ runId: run.id, err: error, attempt: attempt.number }, terminal ? 'run failed' : 'run attempt failed; will retry');
      else log.warn({ runId: run.id, code: record.code, msg: record.message }, 'run failed');
      this.deps.observe?.(payload.kind, terminal ? 'failed' : 'retry', seconds());
      if (!terminal) throw new RetryableRunError(record.message);
      return 'failed';
    }
  }

  private async inventoryOf(teamId: string, versionId: string): Promise<Inventory> {
    const content = await this.deps.db.versions.content(teamId, versionId);
    if (content === null) throw new RunFailure('NOT_FOUND', `design version ${versionId} not found`, ['versionId']);
    return loadInputs([{ name: '<content>', text: content }]);
  }
}
