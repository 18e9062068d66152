import { describe, expect, it } from 'vitest';
import { AWS_NETWORK, designDoc, modelOf, traceIn } from '../support/cluster';

// Nodes may come from a cluster dump (Node manifests with InternalIP and the well-known instance-type label);
// the VPC CNI sizes their ENIs from the instance type (misc/eni-max-pods.txt: m5.large 29) and places pod
// addresses in the subnet that holds the node address.
describe('vpc-cni: nodes from Node manifests', () => {
  const node = (name: string, ip: string) => JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'node.kubernetes.io/instance-type': 'm5.large', 'topology.kubernetes.io/zone': 'us-east-1a' } }, status: { addresses: [{ type: 'InternalIP', address: ip }] } });
  const model = modelOf(
    designDoc({ network: AWS_NETWORK, cni: { plugin: 'aws-vpc-cni' } }, [
      { name: 'a', node: 'ip-10-0-1-50.ec2.internal' },
      { name: 'b', node: 'ip-10-0-1-60.ec2.internal', ports: [{ containerPort: 80 }] },
    ]),
    node('ip-10-0-1-50.ec2.internal', '10.0.1.50'),
    node('ip-10-0-1-60.ec2.internal', '10.0.1.60'),
  );

  it('sizes and addresses them', () => {
    expect(model.nodes.map((n) => [n.name, n.maxPods, n.subnet?.name])).toEqual([
      ['ip-10-0-1-50.ec2.internal', 29, 'private-a'],
      ['ip-10-0-1-60.ec2.internal', 29, 'private-a'],
    ]);
    expect(model.podByKey.get('default/a')!.ip!.startsWith('10.0.1.')).toBe(true);
  });

  it('traces between them natively', () => {
    expect(traceIn(model, 'default/a', 'default/b:80').verdict).toBe('delivered');
  });
});
