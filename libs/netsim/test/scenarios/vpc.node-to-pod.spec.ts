import { describe, expect, it } from 'vitest';
import { modelOf, path, traceIn } from '../support/cluster';
import { NODE_A, NODE_B, vpcDesign } from '../support/vpc';

// Node agents reach pods on their node through the main-table /32 route to the pod's veth, and pods elsewhere
// natively through the VPC (no encapsulation), with the node's primary address as source.
describe('vpc-cni: node to pod', () => {
  const model = modelOf(vpcDesign([{ name: 'a', node: NODE_A, ports: [{ containerPort: 80 }] }, { name: 'b', node: NODE_B, ports: [{ containerPort: 80 }] }]));

  it('reaches a local pod', () => {
    const r = traceIn(model, `node/${NODE_A}`, 'default/a:80');
    expect(path(r)).toEqual([`node/${NODE_A} lo send`, `node/${NODE_A} ${r.hops[1]!.device} route`, 'pod/default/a eth0 deliver']);
    expect(r.hops.at(-1)!.packet.src).toBe('10.0.1.4');
  });

  it('reaches a remote pod through the VPC', () => {
    const r = traceIn(model, `node/${NODE_A}`, 'default/b:80');
    expect(r.hops.map((h) => h.at)).toContain('vpc');
    expect(r.verdict).toBe('delivered');
  });
});
