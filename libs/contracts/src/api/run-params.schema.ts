import { z } from 'zod';
import type { RunKind } from './enums.schema';

// Run parameters are named like the matching CLI command's flags (cli-contract.md), camelCased.

const instanceTypes = z.array(z.string().min(1).max(64)).max(50);

export const CapacityParamsSchema = z.strictObject({
  compare: instanceTypes.optional(),
});

export const TraceParamsSchema = z.strictObject({
  from: z.string().min(1).max(300),
  to: z.string().min(1).max(300),
});

export const ReachParamsSchema = z.strictObject({
  by: z.enum(['workload', 'pod']).optional(),
  ipblockMatchesPods: z.boolean().optional(),
  explain: z.boolean().optional(),
  focus: z.string().min(1).max(300).optional(),
});

export const DiffParamsSchema = z.strictObject({
  /** The version to compare against (the `--against` side). */
  against: z.uuid('must be a design version id'),
  by: z.enum(['workload', 'pod']).optional(),
  ipblockMatchesPods: z.boolean().optional(),
});

export const CheckParamsSchema = z.strictObject({
  ipblockMatchesPods: z.boolean().optional(),
});

export const ReconcileParamsSchema = z.strictObject({
  region: z.string().min(1).max(32).optional(),
});

/** The params schema of each run kind. */
export const RUN_PARAMS_SCHEMAS = {
  CAPACITY: CapacityParamsSchema,
  TRACE: TraceParamsSchema,
  REACH: ReachParamsSchema,
  DIFF: DiffParamsSchema,
  CHECK: CheckParamsSchema,
  RECONCILE: ReconcileParamsSchema,
} as const satisfies Record<RunKind, z.ZodType>;

export type CapacityParams = z.infer<typeof CapacityParamsSchema>;
export type TraceParams = z.infer<typeof TraceParamsSchema>;
export type ReachParams = z.infer<typeof ReachParamsSchema>;
export type DiffParams = z.infer<typeof DiffParamsSchema>;
export type CheckParams = z.infer<typeof CheckParamsSchema>;
export type ReconcileParams = z.infer<typeof ReconcileParamsSchema>;
