import type { RunJobPayload } from '@podnet/contracts';

/** Where run jobs go: BullMQ on Redis, or the in-process queue in embedded mode. */
export abstract class RunQueue {
  abstract readonly kind: 'bullmq' | 'in-process';
  /** Adds the job; a job with the same id already queued or kept is not added twice. */
  abstract enqueue(payload: RunJobPayload, jobId: string): Promise<void>;
  /** Throws when the queue backend is unreachable (readiness). */
  abstract ping(): Promise<void>;
  /** Jobs per state, for metrics. */
  abstract counts(): Promise<Record<string, number>>;
}
