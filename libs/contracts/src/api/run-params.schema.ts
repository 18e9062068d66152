import { z } from 'zod';
import type { RunKind } from './enums.schema';

// Run parameters are named like the matching CLI command's flags (cli-contract.md), camelCased:
// `--ipblock-matches-pods` -> `ipblockMatchesPods`. Values are JSON-typed (booleans, numbers, lists).

/** The run parameter (or inline query field) named like a CLI flag: `--ipblock-matches-pods` -> `ipblockMatchesPods`. */
export function paramOfFlag(flag: string): string {
  return flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

const instanceType = z.string().min(1).max(64);
const by = z.enum(['workload', 'pod']);
const hostNetwork = z.enum(['node', 'pod']);
const workloadName = z.string().min(1).max(300);

export const CapacityParamsSchema = z.strictObject({
  /** `--compare m6i.large,c6i.xlarge` as a list or the same comma-separated text. */
  compare: z.union([z.array(instanceType).max(50), z.string().max(2000)]).optional(),
  recommendations: z.boolean().optional(),
});

export const TraceParamsSchema = z.strictObject({
  from: z.string().min(1).max(300),
  to: z.string().min(1).max(300),
  seed: z.number().int().min(0).optional(),
});

export const ReachParamsSchema = z.strictObject({
  by: by.optional(),
  ipblockMatchesPods: z.boolean().optional(),
  hostNetwork: hostNetwork.optional(),
  explain: z.boolean().optional(),
  focus: workloadName.optional(),
  exposure: z.boolean().optional(),
});

export const DiffParamsSchema = z.strictObject({
  /** The new side (`podnet diff -f OLD --against NEW`): a version of the same team; the run's version is the old side. */
  against: z.uuid('must be a design version id'),
  by: by.optional(),
  ipblockMatchesPods: z.boolean().optional(),
  hostNetwork: hostNetwork.optional(),
});

export const CheckParamsSchema = z.strictObject({
  ipblockMatchesPods: z.boolean().optional(),
  hostNetwork: hostNetwork.optional(),
});

export const ReconcileParamsSchema = z.strictObject({
  /** `--region`: default network.region of the design. */
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region such as us-east-1').max(32).optional(),
  /** `--vpc-id`: default network.vpc.id of the design. */
  vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, 'must be a VPC id such as vpc-0a1b2c3d4e5f60718').optional(),
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
