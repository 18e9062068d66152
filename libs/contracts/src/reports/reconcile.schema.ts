import { z } from 'zod';

/**
 * The JSON document `podnet reconcile -o json` prints and a RECONCILE run returns: a design's subnets and
 * capacity plan compared with what EC2 reports for the real VPC.
 */
export const ReconcileFindingSchema = z.object({
  severity: z.enum(['error', 'warning', 'info']),
  code: z.enum([
    'SUBNET_MISSING',
    'CIDR_MISMATCH',
    'AZ_MISMATCH',
    'UNPLANNED_SUBNET',
    'USAGE_ABOVE_PLAN',
    'NO_ROOM_FOR_NODE',
    'PREFIX_FRAGMENTATION',
    'LEAKED_ENIS',
  ]),
  subnet: z.string().nullable(),
  message: z.string(),
});
export type ReconcileFinding = z.infer<typeof ReconcileFindingSchema>;

export const ReconciledSubnetSchema = z.object({
  key: z.string(),
  matchedBy: z.enum(['id', 'cidr', 'name']).nullable(),
  design: z.object({ name: z.string().nullable(), id: z.string().nullable(), cidr: z.string(), availabilityZone: z.string().nullable(), role: z.string() }).nullable(),
  observed: z
    .object({
      subnetId: z.string(),
      cidr: z.string(),
      availabilityZone: z.string().nullable(),
      name: z.string().nullable(),
      availableIpAddressCount: z.number().int(),
      networkInterfaces: z.number().int(),
      addresses: z.number().int(),
      prefixes: z.number().int(),
      freeAlignedBlocks: z.number().int(),
      alignedBlocks: z.number().int(),
      leakedEnis: z.array(z.string()),
    })
    .nullable(),
  /** Addresses in use: planned (desired sizes at expected pods) and actual (size - 5 reserved - available). */
  used: z.object({ planned: z.number().int().nullable(), actual: z.number().int().nullable() }),
  /** Addresses (and for prefix delegation, aligned /28 blocks) one more node of each group needs here. */
  nextNode: z.array(z.object({ nodeGroup: z.string(), addresses: z.number().int(), prefixes: z.number().int() })),
});

export const ReconcileReportSchema = z.object({
  kind: z.literal('ReconcileReport'),
  design: z.string(),
  region: z.string(),
  vpcId: z.string().nullable(),
  inSync: z.boolean(),
  subnets: z.array(ReconciledSubnetSchema),
  findings: z.array(ReconcileFindingSchema),
});
export type ReconcileReport = z.infer<typeof ReconcileReportSchema>;
