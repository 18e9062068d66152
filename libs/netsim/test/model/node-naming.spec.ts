import { describe, expect, it } from 'vitest';
import { designDoc, modelOf } from '../support/cluster';
import { eksNodeName } from '../../src/model/node-naming';
import { ip4 } from '../../src/net/ipv4';

// Amazon EC2 user guide, "Amazon EC2 instance hostnames": the IP-based private DNS name is
// ip-<a>-<b>-<c>-<d>.ec2.internal in us-east-1 and ip-<a>-<b>-<c>-<d>.<region>.compute.internal elsewhere; EKS
// registers nodes under that name. AWS reserves the first four addresses of a subnet (VPC user guide, "Subnet
// CIDR blocks"), so the first instance address podnet hands out is .4.
describe('model: node names and addresses', () => {
  it('names nodes like EKS does', () => {
    expect(eksNodeName(ip4('10.0.1.23'), 'us-east-1')).toBe('ip-10-0-1-23.ec2.internal');
    expect(eksNodeName(ip4('10.0.1.23'), 'eu-west-1')).toBe('ip-10-0-1-23.eu-west-1.compute.internal');
  });

  it('spreads a node group over its subnets, addresses from .4, with the EKS labels', () => {
    const model = modelOf(designDoc({
      network: {
        provider: 'aws',
        region: 'eu-west-1',
        vpc: { cidrBlocks: ['10.0.0.0/16'] },
        subnets: [
          { name: 'a', cidr: '10.0.1.0/24', availabilityZone: 'eu-west-1a', role: 'private' },
          { name: 'b', cidr: '10.0.2.0/24', availabilityZone: 'eu-west-1b', role: 'private' },
        ],
      },
      cni: { plugin: 'aws-vpc-cni' },
      nodeGroups: [{ name: 'general', instanceType: 'm5.large', desiredSize: 3 }],
    }));
    expect(model.nodes.map((n) => [n.name, n.ip, n.zone])).toEqual([
      ['ip-10-0-1-4.eu-west-1.compute.internal', '10.0.1.4', 'eu-west-1a'],
      ['ip-10-0-2-4.eu-west-1.compute.internal', '10.0.2.4', 'eu-west-1b'],
      ['ip-10-0-1-5.eu-west-1.compute.internal', '10.0.1.5', 'eu-west-1a'],
    ]);
    expect(model.nodes[0]!.labels).toMatchObject({ 'eks.amazonaws.com/nodegroup': 'general', 'node.kubernetes.io/instance-type': 'm5.large', 'topology.kubernetes.io/zone': 'eu-west-1a', 'kubernetes.io/hostname': 'ip-10-0-1-4.eu-west-1.compute.internal' });
    // misc/eni-max-pods.txt: m5.large 29.
    expect(model.nodes[0]!.maxPods).toBe(29);
  });

  it('keeps explicit nodes and Node manifests, then node groups, in that order', () => {
    const node = JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-9' }, status: { addresses: [{ type: 'InternalIP', address: '10.0.0.99' }], capacity: { pods: '50' } } });
    const model = modelOf(designDoc({ nodes: [{ name: 'cp-1', internalIP: '10.0.0.5' }], nodeGroups: [{ name: 'pool', instanceType: 'm5.large', desiredSize: 1 }] }), node);
    expect(model.nodes.map((n) => [n.name, n.ip, n.maxPods])).toEqual([
      ['cp-1', '10.0.0.5', 110],
      ['worker-9', '10.0.0.99', 50],
      ['pool-1', '10.0.0.10', 110],
    ]);
  });
});
