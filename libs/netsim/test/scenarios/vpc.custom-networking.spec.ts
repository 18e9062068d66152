import { describe, expect, it } from 'vitest';
import { modelOf, traceIn } from '../support/cluster';
import { NODE_A, NODE_B, podsOn, vpcDesign } from '../support/vpc';

// Custom networking (vpc-cni.md §2.2, §3.1): pod ENIs are created in the ENIConfig subnet of the node's zone
// and the primary ENI holds no pod addresses, so max pods is (3 - 1) x 3 + 2 = 8 on t3.small. Pod addresses
// come from the secondary VPC block; routing stays native.
describe('vpc-cni: custom networking (ENIConfig)', () => {
  const network = {
    provider: 'aws',
    region: 'us-east-1',
    vpc: { cidrBlocks: ['10.0.0.0/16', '100.64.0.0/16'] },
    subnets: [
      { name: 'private-a', cidr: '10.0.1.0/24', availabilityZone: 'us-east-1a', role: 'private' },
      { name: 'private-b', cidr: '10.0.2.0/24', availabilityZone: 'us-east-1b', role: 'private' },
      { name: 'pods-a', cidr: '100.64.1.0/24', availabilityZone: 'us-east-1a', role: 'pods' },
      { name: 'pods-b', cidr: '100.64.2.0/24', availabilityZone: 'us-east-1b', role: 'pods' },
    ],
  };
  const cni = { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: true, ENIConfigs: { 'us-east-1a': { subnet: 'pods-a' }, 'us-east-1b': { subnet: 'pods-b' } } };
  const model = modelOf(vpcDesign([...podsOn(NODE_A, 'a', 2), ...podsOn(NODE_B, 'b', 2)], cni, {}, network));

  it('puts pod addresses in the ENIConfig subnet, none on the primary ENI', () => {
    expect(model.nodes[0]!.maxPods).toBe(8);
    for (const pod of model.pods) {
      expect(pod.ip!.startsWith('100.64.')).toBe(true);
      expect(pod.eniDevice).toBeGreaterThan(0);
    }
  });

  it('routes pod to pod natively through the pod ENIs', () => {
    const r = traceIn(model, 'default/a1', 'default/b1:80');
    expect(r.hops.find((h) => h.at === 'vpc')!.detail).toContain('subnet pods-b');
    expect(r.verdict).toBe('delivered');
  });
});
