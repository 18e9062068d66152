import { describe, expect, it } from 'vitest';
import { modelOf, path, traceIn, vethName } from '../support/cluster';
import { calicoDesign } from '../support/calico';

// Calico docs ("Calico networking", FAQ "Why does my container have a route to 169.254.1.1?"): a pod's only
// route is `default via 169.254.1.1 dev eth0`; the host side of the veth (`cali` + 11 hex of
// sha1("<ns>.<pod>")) answers ARP for it by proxy ARP; the host then routes by a /32 route per local
// workload (`<podIP> dev cali... scope link`). Pods on one node therefore talk through the host, L3 only.
// Calico IPAM hands out ordinals ascending; with IPIP the node's tunnel address takes the first (cni.md §4).
describe('calico: pod to pod on one node', () => {
  const model = modelOf(calicoDesign([
    { name: 'a', node: 'node-a' },
    { name: 'b', node: 'node-a', ports: [{ containerPort: 80 }] },
  ]));

  it('takes the proxy-ARP gateway and the host /32 route', () => {
    const r = traceIn(model, 'default/a', 'default/b:80');
    const va = vethName('cali', 'default', 'a');
    const vb = vethName('cali', 'default', 'b');
    expect(path(r)).toEqual(['pod/default/a eth0 route', 'pod/default/a eth0 arp', `node/node-a ${va} forward`, `node/node-a ${vb} route`, 'pod/default/b eth0 deliver']);
    expect(r.hops[0]!.detail).toContain('default via 169.254.1.1 dev eth0');
    expect(r.hops[1]!.detail).toContain('proxy ARP');
    expect(r.hops[3]!.detail).toContain(`192.168.0.2 dev ${vb} scope link`);
    for (const h of r.hops) expect(h.packet).toEqual({ src: '192.168.0.1', dst: '192.168.0.2:80', protocol: 'TCP' });
    expect(r.verdict).toBe('delivered');
  });
});
