// Entry loaded by the API in embedded mode (no REDIS_URL): the run executor runs inside the API process,
// on the API's database handle (PGlite is single-process), behind the API's in-process queue.
import type { Database } from '@podnet/db';
import { RetryableRunError, RunExecutor, type Attempt, type JobLogger } from './runs/run-executor';
import type { Ec2Settings } from './runs/run-handlers';

export interface EmbeddedDeps {
  db: Database;
  publish(runId: string): void;
  log: JobLogger;
  ec2?: Ec2Settings;
  observe?(kind: string, outcome: string, seconds: number): void;
}

/** A function the in-process queue calls per attempt; throws to ask for a retry. */
export function createRunProcessor(deps: EmbeddedDeps): (payload: unknown, attempt: Attempt) => Promise<string> {
  const executor = new RunExecutor(deps);
  return (payload, attempt) => executor.execute(payload, attempt);
}

export { RetryableRunError };
