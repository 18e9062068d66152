import { RUN_JOB_OPTIONS, type RunJobPayload } from '@podnet/contracts';
import { RunQueue } from './run-queue';

/** What the embedded worker bundle provides (apps/worker/src/embedded.ts). */
export type RunProcessor = (payload: unknown, attempt: { number: number; max: number }) => Promise<string>;

interface Job {
  id: string;
  payload: RunJobPayload;
  attempt: number;
}

/**
 * Embedded-mode queue: same contract as BullMQ (dedup by job id, attempts with exponential backoff,
 * bounded concurrency), in this process. Jobs live in memory; runs left QUEUED/RUNNING by a previous
 * process are re-enqueued at start-up from the database.
 */
export class InProcessRunQueue extends RunQueue {
  readonly kind = 'in-process' as const;
  private readonly waiting: Job[] = [];
  private readonly known = new Set<string>();
  private active = 0;
  private completed = 0;
  private failed = 0;
  private closed = false;

  constructor(
    private readonly processor: RunProcessor,
    private readonly concurrency: number,
    private readonly onError: (error: unknown, jobId: string) => void,
  ) {
    super();
  }

  async enqueue(payload: RunJobPayload, jobId: string): Promise<void> {
    if (this.known.has(jobId)) return;
    this.known.add(jobId);
    this.waiting.push({ id: jobId, payload, attempt: 1 });
    this.pump();
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('queue closed');
  }

  async counts(): Promise<Record<string, number>> {
    return { waiting: this.waiting.length, active: this.active, completed: this.completed, failed: this.failed };
  }

  /** Waits for jobs in hand (graceful shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    while (this.active > 0) await new Promise((r) => setTimeout(r, 20));
  }

  private pump(): void {
    while (!this.closed && this.active < this.concurrency && this.waiting.length > 0) {
      const job = this.waiting.shift();
      if (!job) break;
      this.active += 1;
      void this.run(job).finally(() => {
        this.active -= 1;
        this.pump();
      });
    }
  }

  private async run(job: Job): Promise<void> {
    try {
      await this.processor(job.payload, { number: job.attempt, max: RUN_JOB_OPTIONS.attempts });
      this.completed += 1;
      this.known.delete(job.id);
    } catch (error) {
      if (job.attempt < RUN_JOB_OPTIONS.attempts && !this.closed) {
        const delay = RUN_JOB_OPTIONS.backoff.delay * 2 ** (job.attempt - 1);
        setTimeout(() => {
          this.waiting.push({ ...job, attempt: job.attempt + 1 });
          this.pump();
        }, delay).unref();
      } else {
        this.failed += 1;
        this.known.delete(job.id);
        this.onError(error, job.id);
      }
    }
  }
}
