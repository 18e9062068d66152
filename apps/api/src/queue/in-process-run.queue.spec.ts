import { describe, expect, it } from 'vitest';
import { InProcessRunQueue } from './in-process-run.queue';

const payload = (runId: string) => ({ runId, teamId: runId, versionId: runId, kind: 'CAPACITY' as const });

describe('InProcessRunQueue', () => {
  it('retries a failing job with backoff up to 3 attempts, like the BullMQ options', async () => {
    const attempts: number[] = [];
    const done = new Promise<void>((resolve) => {
      const queue = new InProcessRunQueue(
        async (_p, attempt) => {
          attempts.push(attempt.number);
          if (attempt.number < 3) throw new Error('flaky');
          resolve();
          return 'succeeded';
        },
        2,
        () => undefined,
      );
      void queue.enqueue(payload('a'), 'job-a');
    });
    await done;
    expect(attempts).toEqual([1, 2, 3]);
  }, 10_000);

  it('runs a job id once while it is known, and at most `concurrency` at a time', async () => {
    let active = 0;
    let peak = 0;
    const seen: string[] = [];
    const queue = new InProcessRunQueue(
      async (p) => {
        active += 1;
        peak = Math.max(peak, active);
        seen.push((p as { runId: string }).runId);
        await new Promise((r) => setTimeout(r, 20));
        active -= 1;
        return 'succeeded';
      },
      2,
      () => undefined,
    );
    await Promise.all(['a', 'a', 'b', 'c', 'd'].map((id) => queue.enqueue(payload(id), `job-${id}`)));
    await new Promise((r) => setTimeout(r, 200));
    expect(seen.sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(peak).toBe(2);
    // Graceful close waits for jobs in hand and takes no new ones.
    await queue.close();
    await queue.enqueue(payload('e'), 'job-e');
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).not.toContain('e');
  });
});
