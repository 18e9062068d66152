import { z } from 'zod';
import { RunKindSchema, type RunKind } from '../api/enums.schema';

/** The payload of every run job. Workers re-parse it with this schema before working. */
export const RunJobPayloadSchema = z.strictObject({
  runId: z.uuid(),
  teamId: z.uuid(),
  versionId: z.uuid(),
  kind: RunKindSchema,
});
export type RunJobPayload = z.infer<typeof RunJobPayloadSchema>;

/** One queue per run kind, so each kind scales and backs off on its own. */
export const RUN_QUEUES = {
  CAPACITY: 'podnet-capacity',
  TRACE: 'podnet-trace',
  REACH: 'podnet-reach',
  DIFF: 'podnet-diff',
  CHECK: 'podnet-check',
  RECONCILE: 'podnet-reconcile',
} as const satisfies Record<RunKind, string>;
export type RunQueueName = (typeof RUN_QUEUES)[RunKind];

/** Job name inside each queue (one job type per queue). */
export const RUN_JOB_NAME = 'run';

/**
 * Deterministic job id: the same version, kind and parameters always give the same id, so a repeated
 * request reuses the queued job. (BullMQ forbids ':' in custom ids.)
 *
 * @example
 * runJobId('CAPACITY', '0b9f...', 'a1b2c3') // => 'capacity-0b9f...-a1b2c3'
 */
export function runJobId(kind: RunKind, versionId: string, paramsHash: string): string {
  return `${kind.toLowerCase()}-${versionId}-${paramsHash}`;
}
