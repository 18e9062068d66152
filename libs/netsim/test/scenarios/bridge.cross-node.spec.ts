import { describe, expect, it } from 'vitest';
import { designDoc, modelOf, path, traceIn } from '../support/cluster';
import { kubenetCluster } from '../support/kubenet';

// kubenet: a pod's default route points at the bridge's gateway address; the node has no route to other nodes'
// podCIDRs and sends the packet to its default gateway; the underlay (cloud routes) carries each podCIDR to its
// node (cli-contract.md: "nodes route each other's podCIDRs"); the peer's podCIDR is on-link on its bridge.
// Pod to pod needs no NAT (Kubernetes network model).
describe('bridge: pod to pod across nodes', () => {
  const model = modelOf(...kubenetCluster([
    { name: 'a', node: 'node-a' },
    { name: 'b', node: 'node-b', ports: [{ containerPort: 80 }] },
  ]));

  it('is routed by the underlay to the node owning the podCIDR', () => {
    const r = traceIn(model, 'default/a', 'default/b:80');
    expect(path(r)).toEqual([
      'pod/default/a eth0 route',
      `node/node-a ${r.hops[1]!.device} forward`,
      'node/node-a eth0 route',
      'underlay eth0 forward',
      'node/node-b cbr0 route',
      'node/node-b cbr0 arp',
      'pod/default/b eth0 deliver',
    ]);
    expect(r.hops[0]!.detail).toContain('default via 10.244.0.1');
    expect(r.hops[3]!.detail).toContain('10.244.1.0/24 via 10.0.0.11');
    expect(r.hops[4]!.detail).toContain('10.244.1.0/24 dev cbr0');
    for (const hop of r.hops) expect(hop.packet.src).toBe('10.244.0.2');
    expect(r.verdict).toBe('delivered');
  });
});

// network.underlayRoutesPodCIDRs false: nothing outside the nodes knows the podCIDRs, so the packet dies at
// the router (the reason kubenet needs cloud routes, and overlays exist).
describe('bridge: across nodes when the underlay has no podCIDR routes', () => {
  const model = modelOf(designDoc({ network: { underlayRoutesPodCIDRs: false }, nodes: [{ name: 'node-a' }, { name: 'node-b' }] }, [
    { name: 'a', node: 'node-a' },
    { name: 'b', node: 'node-b', ports: [{ containerPort: 80 }] },
  ]));

  it('ends with no-route at the underlay', () => {
    const r = traceIn(model, 'default/a', 'default/b:80');
    expect(r.verdict).toBe('no-route');
    expect(r.hops.at(-1)!.at).toBe('underlay');
    expect(r.reason).toContain("node-b's podCIDR 10.244.1.0/24");
    expect(r.reason).toContain('underlayRoutesPodCIDRs is false');
  });

  it('design bridge uses cni0 (the bridge plugin default)', () => {
    const r = traceIn(model, 'node/node-b', 'default/b:80');
    expect(r.hops.some((h) => h.device === 'cni0')).toBe(true);
  });
});
