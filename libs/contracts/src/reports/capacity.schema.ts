import { z } from 'zod';

/**
 * The JSON document `podnet capacity -o json` prints and a CAPACITY run returns (shared/docs/cli-contract.md:
 * a run's result is the CLI's JSON). Owned by the EKS capacity planner (libs/aws-planner).
 */

/** What the VPC CNI holds on one node at a given pod count. */
export const NodeHoldingSchema = z.object({
  /** Pods with a VPC address from the warm pool (hostNetwork and branch-ENI pods excluded). */
  ipPods: z.number().int(),
  /** Pods with a branch ENI (security groups for pods). */
  branchPods: z.number().int(),
  enis: z.number().int(),
  trunkEni: z.boolean(),
  ips: z.number().int(),
  prefixes: z.number().int().nullable(),
  unusedIps: z.number().int(),
  /** Every subnet address the node takes (node IP, ENI primaries, IPs/prefixes, trunk, branch ENIs). */
  subnetIps: z.number().int(),
  nodeSubnetIps: z.number().int(),
  /** Addresses in the ENIConfig subnet (custom networking). */
  podSubnetIps: z.number().int(),
  /** Pods left without an address (the pool cannot grow). */
  unassignedPods: z.number().int(),
});

export const CapacityLimitSchema = z.enum([
  'max-pods',
  'enis',
  'subnet',
  'prefix-fragmentation',
  'none',
]);

export const BindingLimitSchema = z.object({
  limit: CapacityLimitSchema,
  /** The subnet that runs out, for `subnet` and `prefix-fragmentation`. */
  subnet: z.string().nullable(),
  explanation: z.string(),
});

export const NodeGroupCapacitySchema = z.object({
  name: z.string(),
  instanceType: z.string(),
  desiredSize: z.number().int(),
  minSize: z.number().int(),
  maxSize: z.number().int(),
  subnets: z.array(z.string()),
  /** ENIConfig subnet per node subnet (custom networking), else empty. */
  podSubnets: z.record(z.string(), z.string()),
  maxPods: z.number().int(),
  maxPodsSource: z.enum(['nodeGroup', 'computed']),
  /** Pods a node can run: min(maxPods, address capacity (host-network pods included) + expected branch-ENI pods). */
  podsPerNode: z.number().int(),
  /** Pods the VPC addresses alone allow (ENIs × addresses per ENI + 2). */
  addressPodCapacity: z.number().int(),
  branchPodCapacity: z.number().int(),
  expectedPodsPerNode: z.number().int(),
  expectedPodsSource: z.enum(['nodeGroup', 'workloads', 'none']),
  expectedBranchPodsPerNode: z.number().int(),
  perNode: z.object({ expected: NodeHoldingSchema, atMaxPods: NodeHoldingSchema }),
  binding: BindingLimitSchema,
  headroom: z.object({
    /** Nodes the group can add (at expected pods) before one of its subnets is exhausted. */
    additionalNodes: z.number().int(),
    /** Pods the current nodes can add before max pods or a subnet stops them. */
    additionalPods: z.number().int(),
    limitedBy: z.string().nullable(),
  }),
});

export const SubnetScenarioSchema = z.object({
  nodes: z.number().int(),
  used: z.number().int(),
  free: z.number().int(),
  prefixes: z.number().int(),
  /** /32 addresses (not in prefixes). */
  singleAddresses: z.number().int(),
  /** Free aligned /28 blocks: if /32s pack into as few blocks as possible, and if each blocks its own. */
  freeBlocksPacked: z.number().int(),
  freeBlocksWorst: z.number().int(),
  exhausted: z.boolean(),
});

export const SubnetCapacitySchema = z.object({
  key: z.string(),
  name: z.string().nullable(),
  id: z.string().nullable(),
  cidr: z.string(),
  availabilityZone: z.string().nullable(),
  role: z.string(),
  size: z.number().int(),
  /** AWS reserves 5 addresses in every subnet. */
  reserved: z.number().int(),
  usable: z.number().int(),
  alignedBlocks: z.number().int(),
  /** `current`: desired sizes at expected pods; `maxPods`: desired sizes at max pods; `maxSize`: max sizes at max pods. */
  scenarios: z.object({
    current: SubnetScenarioSchema,
    maxPods: SubnetScenarioSchema,
    maxSize: SubnetScenarioSchema,
  }),
  /** More nodes of each group that fit in this subnet at expected pods. */
  additionalNodes: z.record(z.string(), z.number().int()),
});

export const RecommendationSchema = z.object({
  nodeGroup: z.string(),
  kind: z.enum(['cni-setting', 'instance-type']),
  /** The change, e.g. `WARM_IP_TARGET=2, MINIMUM_IP_TARGET=20` or `m6i.large`. */
  change: z.string(),
  targetPodsPerNode: z.number().int(),
  subnetIpsPerNode: z.number().int(),
  currentSubnetIpsPerNode: z.number().int(),
  savedPerNode: z.number().int(),
  savedAtMaxSize: z.number().int(),
  explanation: z.string(),
});

export const ComparisonSchema = z.object({
  instanceType: z.string(),
  nodeGroups: z.array(
    z.object({
      name: z.string(),
      podsPerNode: z.number().int(),
      subnetIpsPerNode: z.number().int(),
      binding: CapacityLimitSchema,
    }),
  ),
  podCapacity: z.number().int(),
  subnetIpsUsed: z.number().int(),
  subnetIpsUsedAtMaxSize: z.number().int(),
  exhaustedSubnets: z.array(z.string()),
});

export const CapacityReportSchema = z.object({
  kind: z.literal('CapacityReport'),
  design: z.string(),
  cni: z.object({
    plugin: z.string(),
    version: z.string().nullable(),
    prefixDelegation: z.boolean(),
    customNetworking: z.boolean(),
    securityGroupsForPods: z.boolean(),
    ipv6: z.boolean(),
    warmEniTarget: z.number().int().nullable(),
    warmIpTarget: z.number().int().nullable(),
    minimumIpTarget: z.number().int().nullable(),
    warmPrefixTarget: z.number().int().nullable(),
    maxEni: z.number().int().nullable(),
  }),
  totals: z.object({
    nodes: z.number().int(),
    nodesAtMaxSize: z.number().int(),
    podCapacity: z.number().int(),
    podCapacityAtMaxSize: z.number().int(),
    expectedPods: z.number().int(),
    subnetIpsUsed: z.number().int(),
    subnetIpsUsable: z.number().int(),
  }),
  nodeGroups: z.array(NodeGroupCapacitySchema),
  subnets: z.array(SubnetCapacitySchema),
  /** The limit that binds first for the cluster, in words. */
  binding: BindingLimitSchema,
  recommendations: z.array(RecommendationSchema),
  comparisons: z.array(ComparisonSchema),
  warnings: z.array(z.string()),
});
export type CapacityReport = z.infer<typeof CapacityReportSchema>;
export type NodeGroupCapacity = z.infer<typeof NodeGroupCapacitySchema>;
export type SubnetCapacity = z.infer<typeof SubnetCapacitySchema>;
export type SubnetScenario = z.infer<typeof SubnetScenarioSchema>;
export type NodeHolding = z.infer<typeof NodeHoldingSchema>;
export type CapacityRecommendation = z.infer<typeof RecommendationSchema>;
export type CapacityComparison = z.infer<typeof ComparisonSchema>;
export type CapacityLimit = z.infer<typeof CapacityLimitSchema>;
export type BindingLimit = z.infer<typeof BindingLimitSchema>;
