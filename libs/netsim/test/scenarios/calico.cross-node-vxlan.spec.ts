import { describe, expect, it } from 'vitest';
import { modelOf, path, traceIn } from '../support/cluster';
import { calicoDesign } from '../support/calico';

// Calico VXLAN (docs "Overlay networking"): Felix programs `<block> via <peer VTEP address> dev vxlan.calico
// onlink` (no BGP needed), and the packet travels in UDP 4789 (VNI 4096) between node addresses.
describe('calico: pod to pod across nodes with VXLAN', () => {
  const pods = [
    { name: 'a', node: 'node-a' },
    { name: 'b', node: 'node-b', ports: [{ containerPort: 80 }] },
  ];

  it('is encapsulated in VXLAN and unwrapped on vxlan.calico', () => {
    const model = modelOf(calicoDesign(pods, { encapsulation: 'VXLAN' }));
    const r = traceIn(model, 'default/a', 'default/b:80');
    expect(path(r).slice(3, 7)).toEqual(['node/node-a vxlan.calico route', 'node/node-a vxlan.calico encap', 'underlay eth0 forward', 'node/node-b vxlan.calico decap']);
    expect(r.hops[3]!.detail).toContain('192.168.0.64/26 via 192.168.0.64 dev vxlan.calico onlink');
    expect(r.hops[4]!.packet).toEqual({ src: '10.0.0.10', dst: '10.0.0.11:4789', protocol: 'UDP (VXLAN, inner TCP)' });
    expect(r.verdict).toBe('delivered');
  });

  it('still works with BGP disabled (VXLAN routes come from Felix)', () => {
    const model = modelOf(calicoDesign(pods, { encapsulation: 'VXLAN' }, { bgp: { enabled: false } }));
    expect(traceIn(model, 'default/a', 'default/b:80').verdict).toBe('delivered');
  });

  it('has no route when BGP is disabled and the pool uses IPIP (IPIP routes come from BIRD)', () => {
    const model = modelOf(calicoDesign(pods, { encapsulation: 'IPIP' }, { bgp: { enabled: false } }));
    const r = traceIn(model, 'default/a', 'default/b:80');
    expect(r.verdict).toBe('no-route');
  });
});
