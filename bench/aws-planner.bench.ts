// EKS capacity planner speed (issue 3 "Speed"), in a warm process:
//  1. max pods for every catalogue type under every flag combination (custom networking x prefix delegation
//     x security groups for pods x cap none/auto = 16 combinations); target < 50 ms per full sweep.
//  2. a capacity report (recommendations included) for a design with 50 node groups over 12 subnets;
//     target < 200 ms.
// Each is run a few times first (warm-up), then timed over several runs; the median is reported.
// Run: npx tsx bench/aws-planner.bench.ts  (or npm run bench -- aws-planner)
import { ClusterDesignSchema, type ClusterDesign } from '@podnet/contracts';
import {
  computeMaxPods,
  defaultCatalogue,
  planCapacity,
  type MaxPodsOptions,
} from '@podnet/aws-planner';

const TARGET_MAX_PODS_MS = 50;
const TARGET_CAPACITY_MS = 200;
const RUNS = 15;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function time(run: () => unknown, warmup = 3): { median: number; min: number; max: number } {
  for (let i = 0; i < warmup; i++) run();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    run();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples) };
}

const combinations: MaxPodsOptions[] = [];
for (const customNetworking of [false, true])
  for (const prefixDelegation of [false, true])
    for (const securityGroupsForPods of [false, true])
      for (const cap of ['none', 'auto'] as const)
        combinations.push({ customNetworking, prefixDelegation, securityGroupsForPods, cap });

const types = defaultCatalogue().instanceTypes;
let checksum = 0;
const sweep = time(() => {
  for (const options of combinations)
    for (const limits of types) checksum += computeMaxPods(limits, options).maxPods;
});
const computations = types.length * combinations.length;

/** 50 node groups over 6 node subnets and 6 pod subnets (custom networking) in 3 zones, deterministic. */
function benchDesign(): ClusterDesign {
  const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
  const subnets = [
    ...Array.from({ length: 6 }, (_, i) => ({
      name: `nodes-${i}`,
      availabilityZone: zones[i % 3],
      cidr: `10.0.${i * 16}.0/20`,
      role: 'nodes',
    })),
    ...Array.from({ length: 6 }, (_, i) => ({
      name: `pods-${i}`,
      availabilityZone: zones[i % 3],
      cidr: `100.64.${i * 32}.0/19`,
      role: 'pods',
    })),
  ];
  const instanceTypes = [
    'm5.large',
    'm6i.xlarge',
    'c6i.2xlarge',
    'r6i.large',
    't3.medium',
    'm5.4xlarge',
    'c5.9xlarge',
    'm7i.24xlarge',
    'p5.48xlarge',
    'c6in.32xlarge',
  ];
  const nodeGroups = Array.from({ length: 50 }, (_, i) => ({
    name: `group-${String(i).padStart(2, '0')}`,
    instanceType: instanceTypes[i % instanceTypes.length],
    desiredSize: 2 + (i % 5),
    minSize: 1,
    maxSize: 10 + (i % 7) * 5,
    subnets: [`nodes-${i % 6}`, `nodes-${(i + 1) % 6}`],
    expectedPodsPerNode: 5 + ((i * 7) % 40),
    labels: { group: `g${i}` },
  }));
  return ClusterDesignSchema.parse({
    apiVersion: 'podnet.dev/v1alpha1',
    kind: 'ClusterDesign',
    metadata: { name: 'bench-50-groups' },
    network: {
      provider: 'aws',
      region: 'us-east-1',
      vpc: { cidrBlocks: ['10.0.0.0/16', '100.64.0.0/16'] },
      subnets,
    },
    cni: {
      plugin: 'aws-vpc-cni',
      version: '1.19.2',
      awsVpcCni: {
        ENABLE_PREFIX_DELEGATION: false,
        AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: true,
        ENIConfigs: {
          'us-east-1a': { subnet: 'pods-0' },
          'us-east-1b': { subnet: 'pods-1' },
          'us-east-1c': { subnet: 'pods-2' },
        },
      },
    },
    nodeGroups,
  });
}

const design = benchDesign();
let groups = 0;
const capacity = time(() => {
  groups = planCapacity({ design }).nodeGroups.length;
}, 2);
const capacityCompare = time(
  () => planCapacity({ design }, { compare: ['m6i.large', 'c6i.xlarge'] }),
  2,
);

const fmt = (n: number) => n.toFixed(2);
console.log(
  `max pods sweep: ${types.length} types x ${combinations.length} flag combinations = ${computations} computations (checksum ${checksum})`,
);
console.log(
  `  median ${fmt(sweep.median)} ms (min ${fmt(sweep.min)}, max ${fmt(sweep.max)}), target ${TARGET_MAX_PODS_MS} ms, ratio ${fmt(sweep.median / TARGET_MAX_PODS_MS)}`,
);
console.log(
  `  per type (16 combinations): ${fmt((sweep.median * 1000) / types.length)} us; per computation: ${fmt((sweep.median * 1e6) / computations)} ns`,
);
console.log(
  `capacity report: ${groups} node groups over ${design.network.subnets.length} subnets (custom networking, recommendations on)`,
);
console.log(
  `  median ${fmt(capacity.median)} ms (min ${fmt(capacity.min)}, max ${fmt(capacity.max)}), target ${TARGET_CAPACITY_MS} ms, ratio ${fmt(capacity.median / TARGET_CAPACITY_MS)}`,
);
console.log(`  per node group: ${fmt(capacity.median / groups)} ms`);
console.log(
  `  with --compare m6i.large,c6i.xlarge: median ${fmt(capacityCompare.median)} ms, ratio ${fmt(capacityCompare.median / TARGET_CAPACITY_MS)}`,
);
const ok = sweep.median < TARGET_MAX_PODS_MS && capacity.median < TARGET_CAPACITY_MS;
console.log(ok ? 'both targets met' : 'TARGET MISSED');
process.exitCode = ok ? 0 : 1;
