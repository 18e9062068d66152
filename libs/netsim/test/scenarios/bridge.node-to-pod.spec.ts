import { describe, expect, it } from 'vitest';
import { modelOf, path, traceIn } from '../support/cluster';
import { kubenetCluster } from '../support/kubenet';

// Node agents can reach every pod on their node (Kubernetes network model). The node's route to its own
// podCIDR is the bridge's connected route `10.244.0.0/24 dev cbr0 proto kernel scope link src 10.244.0.1`,
// so the kernel picks the bridge address as source. A remote pod is reached through the default route.
describe('bridge: node to pod', () => {
  const model = modelOf(...kubenetCluster([
    { name: 'a', node: 'node-a', ports: [{ containerPort: 80 }] },
    { name: 'b', node: 'node-b', ports: [{ containerPort: 80 }] },
  ]));

  it('reaches a local pod over cbr0 with the bridge address as source', () => {
    const r = traceIn(model, 'node/node-a', 'default/a:80');
    expect(path(r)).toEqual(['node/node-a lo send', 'node/node-a cbr0 route', 'node/node-a cbr0 arp', 'pod/default/a eth0 deliver']);
    expect(r.hops[1]!.packet.src).toBe('10.244.0.1');
    expect(r.verdict).toBe('delivered');
  });

  it('reaches a remote pod with its own address as source', () => {
    const r = traceIn(model, 'node/node-a', 'default/b:80');
    expect(r.verdict).toBe('delivered');
    expect(r.hops.at(-1)!.packet.src).toBe('10.0.0.10');
  });
});
