import { RUN_JOB_NAME, RUN_JOB_OPTIONS, RUN_KINDS, RUN_QUEUES, type RunJobPayload, type RunKind } from '@podnet/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { RunQueue } from './run-queue';
import type { RunEvents } from './run-events';

/** BullMQ producer: one queue per run kind. Listens for workers' run updates on Redis pub/sub. */
export class BullRunQueue extends RunQueue {
  readonly kind = 'bullmq' as const;
  private readonly queues: Record<RunKind, Queue>;
  private readonly connection: Redis;
  private readonly subscriber: Redis;

  constructor(url: string, private readonly prefix: string, events: RunEvents) {
    super();
    this.connection = new Redis(url, { maxRetriesPerRequest: null });
    this.queues = Object.fromEntries(
      RUN_KINDS.map((kind) => [kind, new Queue(RUN_QUEUES[kind], { connection: this.connection, prefix })]),
    ) as Record<RunKind, Queue>;
    this.subscriber = new Redis(url, { maxRetriesPerRequest: null });
    void this.subscriber.subscribe(`${prefix}:run-updated`);
    this.subscriber.on('message', (_channel: string, runId: string) => events.publish(runId));
  }

  async enqueue(payload: RunJobPayload, jobId: string): Promise<void> {
    await this.queues[payload.kind].add(RUN_JOB_NAME, payload, { ...RUN_JOB_OPTIONS, jobId });
  }

  async ping(): Promise<void> {
    await this.connection.ping();
  }

  async counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const kind of RUN_KINDS) {
      const c = await this.queues[kind].getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
      for (const [state, n] of Object.entries(c)) out[state] = (out[state] ?? 0) + n;
    }
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(RUN_KINDS.map((k) => this.queues[k].close()));
    await this.subscriber.quit().catch(() => undefined);
    await this.connection.quit().catch(() => undefined);
  }

  get keyPrefix(): string {
    return this.prefix;
  }
}
