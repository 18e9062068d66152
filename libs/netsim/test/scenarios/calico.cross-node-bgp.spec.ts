import { describe, expect, it } from 'vitest';
import { modelOf, path, traceIn } from '../support/cluster';
import { calicoTwoSubnets } from '../support/calico';

// Calico without encapsulation (ipipMode/vxlanMode Never): BGP routes `<block> via <peer> dev eth0 proto bird`
// work only when the peer is on-link (same L2 subnet); across an L3 boundary the fabric would have to learn
// the routes (cni.md §5 "Never = native routing (needs L2 adjacency or BGP to the fabric)"). CrossSubnet
// encapsulates only when crossing a subnet boundary.
describe('calico: native BGP routing and CrossSubnet', () => {
  const pods = [
    { name: 'a', node: 'node-a' },
    { name: 'a2', node: 'node-a2', ports: [{ containerPort: 80 }] },
    { name: 'b', node: 'node-b', ports: [{ containerPort: 80 }] },
  ];

  it('routes natively to an on-link peer', () => {
    const model = modelOf(calicoTwoSubnets(pods, { encapsulation: 'None' }));
    const r = traceIn(model, 'default/a', 'default/a2:80');
    expect(path(r).slice(3, 5)).toEqual(['node/node-a eth0 route', 'underlay eth0 forward']);
    expect(r.hops[3]!.detail).toContain('via 10.1.0.11 dev eth0 proto bird');
    expect(r.hops.some((h) => h.action === 'encap')).toBe(false);
    expect(r.verdict).toBe('delivered');
  });

  it('dies at the router across subnets without encapsulation', () => {
    const model = modelOf(calicoTwoSubnets(pods, { encapsulation: 'None' }));
    const r = traceIn(model, 'default/a', 'default/b:80');
    expect(r.verdict).toBe('no-route');
    expect(r.hops.at(-1)!.at).toBe('underlay');
  });

  it('CrossSubnet IPIP: plain within the subnet, encapsulated across', () => {
    const model = modelOf(calicoTwoSubnets(pods, { encapsulation: 'IPIP', mode: 'CrossSubnet' }));
    const same = traceIn(model, 'default/a', 'default/a2:80');
    expect(same.hops.some((h) => h.action === 'encap')).toBe(false);
    expect(same.verdict).toBe('delivered');
    const across = traceIn(model, 'default/a', 'default/b:80');
    expect(across.hops.filter((h) => h.action === 'encap').map((h) => h.device)).toEqual(['tunl0']);
    expect(across.verdict).toBe('delivered');
  });
});
