import { describe, expect, it } from 'vitest';
import { designDoc, modelOf, traceIn } from '../support/cluster';

// With the underlay routing podCIDRs (cloud routes / kubenet), a host on the node network reaches pod addresses
// directly (the Kubernetes model needs no NAT); a host on the internet does not: pod addresses are private.
// hostPort goes through portmap's DNAT on the node address.
describe('bridge: from outside the cluster', () => {
  const model = modelOf(designDoc({ nodes: [{ name: 'node-a' }, { name: 'node-b' }] }, [
    { name: 'web', node: 'node-b', ports: [{ containerPort: 80, hostPort: 30080 }] },
  ]));

  it('reaches a pod from the node network through the underlay route', () => {
    const r = traceIn(model, 'external', 'default/web:80');
    expect(r.hops.map((h) => h.at)).toEqual(['external/10.0.255.254', 'underlay', 'node/node-b', 'node/node-b', 'pod/default/web']);
    expect(r.verdict).toBe('delivered');
  });

  it('reaches it through hostPort on the node address', () => {
    const r = traceIn(model, 'external', '10.0.0.11:30080');
    expect(r.hops.find((h) => h.action === 'dnat')!.packet.dst).toBe('10.244.1.2:80');
    expect(r.endpoint).toBe('default/web');
  });

  it('is not reachable from the internet', () => {
    expect(traceIn(model, 'external:198.51.100.7', 'default/web:80').verdict).toBe('no-route');
  });
});
