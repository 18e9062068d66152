import { describe, expect, it } from 'vitest';
import { getInstanceType } from '../catalogue/catalogue';
import { simulateWarmPool } from './simulate';

// Expected values: shared/docs/vpc-cni.md §3.6 ("Worked subnet consumption per node"), derived there from
// amazon-vpc-cni-k8s pkg/ipamd/ipamd.go and docs/eni-and-ip-target.md / docs/prefix-and-ip-target.md.
describe('simulateWarmPool: subnet consumption per node (vpc-cni.md §3.6)', () => {
  it.each([
    // type, pods, WARM_ENI=1 [ENIs, IPs held], WARM_IP=5/MIN=10 [ENIs, IPs held]
    ['t3.medium', 0, [1, 6], [2, 12]],
    ['t3.medium', 10, [3, 18], [3, 18]],
    ['m5.large', 0, [1, 10], [2, 12]],
    ['m5.large', 10, [3, 30], [2, 17]],
    ['m5.24xlarge', 0, [1, 50], [1, 11]],
    ['m5.24xlarge', 10, [2, 100], [1, 16]],
    ['m5.24xlarge', 100, [4, 200], [3, 108]],
    ['p5.48xlarge', 100, [2, 100], [2, 100]],
  ] as const)('%s with %i pods', (type, pods, eniMode, ipMode) => {
    const byEni = simulateWarmPool({ instanceType: type, pods });
    expect([byEni.enis, byEni.subnetIps]).toEqual(eniMode);
    const byIp = simulateWarmPool({
      instanceType: type,
      pods,
      warmIpTarget: 5,
      minimumIpTarget: 10,
    });
    expect([byIp.enis, byIp.subnetIps]).toEqual(ipMode);
  });

  it.each([
    // type, pods, maxPods (calculator PD value), [prefixes, ENIs, IPs held]
    ['t3.medium', 0, 110, [1, 1, 17]],
    ['t3.medium', 10, 110, [2, 1, 33]],
    ['m5.large', 10, 110, [2, 1, 33]],
    ['m5.24xlarge', 100, 250, [8, 1, 129]],
    ['m5.24xlarge', 250, 250, [16, 1, 257]],
    ['p5.48xlarge', 100, 250, [8, 1, 129]],
  ] as const)(
    'prefix delegation, WARM_PREFIX_TARGET=1: %s with %i pods',
    (type, pods, maxPods, expected) => {
      const result = simulateWarmPool({
        instanceType: type,
        pods,
        prefixDelegation: true,
        maxPods,
      });
      expect([result.prefixes, result.enis, result.subnetIps]).toEqual(expected);
    },
  );

  it('custom networking: primary ENI holds nothing, pool in the ENIConfig subnet (cli-contract.md)', () => {
    const result = simulateWarmPool({ instanceType: 'm5.large', pods: 0, customNetworking: true });
    // vpc-cni.md §10: at 0 pods the node already has 2 ENIs (primary + one pod ENI with S IPs).
    expect(result.enis).toBe(2);
    expect(result.ipsPerEni).toEqual([0, 9]);
    expect(result.nodeSubnetIps).toBe(1);
    expect(result.podSubnetIps).toBe(10);
    expect(result.subnetIps).toBe(11);
  });

  it('MINIMUM_IP_TARGET alone freezes the pool: pods beyond it get no address (README pitfall)', () => {
    const result = simulateWarmPool({
      instanceType: 'c5.4xlarge',
      pods: 35,
      minimumIpTarget: 30,
      maxPods: 234,
    });
    expect(result.ips).toBe(30);
    expect(result.unassignedPods).toBe(5);
  });

  it('security groups for pods: the trunk takes a slot and one subnet address', () => {
    const result = simulateWarmPool({
      instanceType: 'm5.large',
      pods: 18,
      securityGroupsForPods: true,
    });
    expect(result.trunkEni).toBe(true);
    expect(result.enis).toBe(2); // primary + one pod ENI; the third slot is the trunk's
    expect(result.subnetIps).toBe(2 * 10 + 1);
  });

  it('places pods in device-index order (which ENI holds each pod address)', () => {
    const result = simulateWarmPool({ instanceType: 't3.small', pods: 5 });
    expect(result.podDeviceIndex).toEqual([0, 0, 0, 1, 1]);
    expect(result.eniHoldings.map((e) => e.deviceIndex)).toEqual([0, 1, 2]);
  });

  it('rejects negative pods and does not modify the catalogue', () => {
    const limits = getInstanceType('m5.large');
    const before = JSON.stringify(limits);
    simulateWarmPool({ instanceType: limits, pods: 40, prefixDelegation: true });
    expect(JSON.stringify(limits)).toBe(before);
    expect(() => simulateWarmPool({ instanceType: 'm5.large', pods: -1 })).toThrow(/pods/);
  });
});
