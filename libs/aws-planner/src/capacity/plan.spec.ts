import {
  CapacityReportSchema,
  ClusterDesignSchema,
  type ClusterDesignInput,
} from '@podnet/contracts';
import { describe, expect, it } from 'vitest';
import { planCapacity } from './plan';

function design(cni: Record<string, unknown>, subnets: unknown[], nodeGroups: unknown[]) {
  const input = {
    apiVersion: 'podnet.dev/v1alpha1',
    kind: 'ClusterDesign',
    metadata: { name: 'test' },
    network: {
      provider: 'aws',
      region: 'us-east-1',
      vpc: { cidrBlocks: ['10.0.0.0/16', '100.64.0.0/16'] },
      subnets,
    },
    cni: { plugin: 'aws-vpc-cni', version: '1.19.2', awsVpcCni: cni },
    nodeGroups,
  } as unknown as ClusterDesignInput;
  return ClusterDesignSchema.parse(input);
}

const subnetA = { name: 'a', availabilityZone: 'us-east-1a', cidr: '10.0.0.0/24', role: 'nodes' };
const group = (extra: Record<string, unknown>) => ({
  name: 'g',
  instanceType: 'm5.large',
  desiredSize: 3,
  maxSize: 10,
  ...extra,
});

describe('planCapacity', () => {
  // Per-node numbers: shared/docs/vpc-cni.md §3.6 (m5.large, 10 pods, WARM_ENI_TARGET=1: 3 ENIs, 30 addresses).
  // Subnet: a /24 has 256 - 5 AWS-reserved = 251 usable addresses.
  it('counts warm pools per subnet, headroom and the subnet that binds at max size', () => {
    const report = planCapacity({
      design: design({}, [subnetA], [group({ expectedPodsPerNode: 10 })]),
    });
    const g = report.nodeGroups[0];
    expect(g?.perNode.expected).toMatchObject({ enis: 3, subnetIps: 30 });
    expect(g?.podsPerNode).toBe(29);
    const a = report.subnets[0];
    expect(a).toMatchObject({ usable: 251, reserved: 5 });
    expect(a?.scenarios.current).toMatchObject({ nodes: 3, used: 90, free: 161, exhausted: false });
    expect(g?.headroom.additionalNodes).toBe(5); // floor(161 / 30)
    expect(a?.scenarios.maxSize).toMatchObject({ nodes: 10, used: 300, exhausted: true });
    expect(g?.binding).toMatchObject({ limit: 'subnet', subnet: 'a' });
    expect(report.binding.explanation).toContain('251 are usable');
    expect(() => CapacityReportSchema.parse(report)).not.toThrow();
  });

  // vpc-cni.md §3.6: WARM_IP_TARGET=5, MINIMUM_IP_TARGET=10, m5.large with 10 pods holds 2 ENIs / 17 addresses.
  it('uses the design warm targets', () => {
    const report = planCapacity({
      design: design(
        { WARM_IP_TARGET: 5, MINIMUM_IP_TARGET: 10 },
        [subnetA],
        [group({ expectedPodsPerNode: 10 })],
      ),
    });
    expect(report.nodeGroups[0]?.perNode.expected).toMatchObject({ enis: 2, subnetIps: 17 });
    expect(report.subnets[0]?.scenarios.current.used).toBe(51);
  });

  // A /25 has 123 usable addresses and 8 aligned /28s, of which 6 hold no reserved address. PD nodes at 0 pods
  // take 1 prefix + 1 /32 each (vpc-cni.md §3.6: 1 / 1 / 17). 7 nodes need 7 prefixes + 7 /32s = 119 addresses
  // (fits) but 7 clean /28 blocks (only 6): InsufficientCidrBlocks.
  it('sees /28 fragmentation before the addresses run out with prefix delegation', () => {
    const report = planCapacity({
      design: design(
        { ENABLE_PREFIX_DELEGATION: true },
        [{ ...subnetA, cidr: '10.0.0.0/25' }],
        [group({ desiredSize: 6, maxSize: 7, expectedPodsPerNode: 0, maxPods: 16 })],
      ),
    });
    const g = report.nodeGroups[0];
    expect(g?.perNode.expected).toMatchObject({ prefixes: 1, subnetIps: 17 });
    expect(report.subnets[0]?.scenarios.current).toMatchObject({
      used: 102,
      prefixes: 6,
      freeBlocksPacked: 0,
    });
    expect(report.subnets[0]?.scenarios.maxSize).toMatchObject({ used: 119, exhausted: true });
    expect(g?.binding.limit).toBe('prefix-fragmentation');
    expect(g?.binding.explanation).toContain('InsufficientCidrBlocks');
    expect(g?.headroom.additionalNodes).toBe(0);
  });

  // cli-contract.md / vpc-cni.md §3.2: under custom networking the node subnet holds only the node's address.
  it('puts pod ENIs in the ENIConfig subnet of the node zone', () => {
    const pods = {
      name: 'pods-a',
      availabilityZone: 'us-east-1a',
      cidr: '100.64.0.0/19',
      role: 'pods',
    };
    const report = planCapacity({
      design: design(
        {
          AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: true,
          ENIConfigs: { 'us-east-1a': { subnet: 'pods-a' } },
        },
        [subnetA, pods],
        [group({ expectedPodsPerNode: 0 })],
      ),
    });
    expect(report.nodeGroups[0]?.podSubnets).toEqual({ a: 'pods-a' });
    expect(report.nodeGroups[0]?.podsPerNode).toBe(20);
    expect(report.subnets.map((s) => s.scenarios.current.used)).toEqual([3, 30]);
  });

  it('warns when a zone has no ENIConfig', () => {
    const report = planCapacity({
      design: design(
        { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: true },
        [subnetA],
        [group({ expectedPodsPerNode: 0 })],
      ),
    });
    expect(report.warnings.join('\n')).toContain('no ENIConfig subnet');
  });

  it('derives expected pods from the workloads when the group does not say', () => {
    const pod = (hostNetwork: boolean) => ({
      pod: { spec: { containers: [{ name: 'c' }], hostNetwork } },
    });
    const report = planCapacity({
      design: design({}, [subnetA], [group({})]),
      pods: [...Array.from({ length: 7 }, () => pod(false)), pod(true)],
    });
    expect(report.nodeGroups[0]).toMatchObject({
      expectedPodsPerNode: 3,
      expectedPodsSource: 'workloads',
    });
  });

  it('recommends cheaper settings and compares instance types', () => {
    const report = planCapacity(
      { design: design({}, [subnetA], [group({ expectedPodsPerNode: 10 })]) },
      { compare: ['c6i.xlarge'] },
    );
    const warmIp = report.recommendations.find((r) => r.change.startsWith('WARM_IP_TARGET'));
    expect(warmIp).toMatchObject({ targetPodsPerNode: 10, currentSubnetIpsPerNode: 30 });
    expect(warmIp?.savedPerNode).toBeGreaterThan(0);
    expect(report.comparisons[0]).toMatchObject({ instanceType: 'c6i.xlarge' });
    expect(report.comparisons[0]?.nodeGroups[0]?.podsPerNode).toBe(58);
  });

  it('is deterministic and does not modify the design', () => {
    const d = design(
      { ENABLE_PREFIX_DELEGATION: true },
      [subnetA],
      [group({ expectedPodsPerNode: 20 })],
    );
    const before = JSON.stringify(d);
    const first = JSON.stringify(planCapacity({ design: d }, { compare: ['m6i.large'] }));
    const second = JSON.stringify(planCapacity({ design: d }, { compare: ['m6i.large'] }));
    expect(second).toBe(first);
    expect(JSON.stringify(d)).toBe(before);
  });
});

describe('planCapacity with security groups for pods', () => {
  // vpc-cni.md §5: the trunk takes a default-card slot and one address; each branch ENI one address.
  // m5.large (E=3, S=9), 10 pods of which 4 on branch ENIs: 6 pool pods -> primary (9) + 1 ENI (9) under
  // WARM_ENI_TARGET=1, the third slot is the trunk: 2 x 10 + 1 trunk + 4 branch = 25 addresses.
  it('counts the trunk and branch ENIs', () => {
    const report = planCapacity({
      design: design(
        { ENABLE_POD_ENI: true },
        [subnetA],
        [group({ expectedPodsPerNode: 10, expectedBranchPodsPerNode: 4 })],
      ),
    });
    const g = report.nodeGroups[0];
    expect(g?.perNode.expected).toMatchObject({
      ipPods: 6,
      branchPods: 4,
      enis: 2,
      trunkEni: true,
      subnetIps: 25,
    });
    expect(g?.branchPodCapacity).toBe(9);
    expect(g?.podsPerNode).toBe(20 + 4);
  });
});
