import { describe, expect, it } from 'vitest';
import { modelOf, traceIn } from '../support/cluster';
import { NODE_A, NODE_B, vpcDesign } from '../support/vpc';

// hostNetwork pods (aws-node, kube-proxy: the "+2" of the max-pods formula) use the node's primary address and
// take no address from the warm pool.
describe('vpc-cni: hostNetwork pods', () => {
  const model = modelOf(vpcDesign([{ name: 'node-exporter', node: NODE_B, hostNetwork: true, ports: [{ containerPort: 9100 }] }, { name: 'a', node: NODE_A }]));

  it('uses the node IP and is reached through the VPC', () => {
    expect(model.podByKey.get('default/node-exporter')!.ip).toBe('10.0.2.4');
    const r = traceIn(model, 'default/a', 'default/node-exporter:9100');
    expect(r.verdict).toBe('delivered');
    expect(r.endpoint).toBe('default/node-exporter');
    expect(r.hops.some((h) => h.action === 'snat')).toBe(false);
  });
});
