import { describe, expect, it } from 'vitest';
import { modelOf, path, traceIn, vethName } from '../support/cluster';
import { kubenetCluster } from '../support/kubenet';

// kubenet / bridge plugin (containernetworking/plugins bridge.go; cli-contract.md: plain manifests are a kubenet
// cluster): pods on one node sit on the same bridge (cbr0) and the same podCIDR, so the pod's on-link route for
// 10.244.0.0/24 sends the frame straight over the bridge after ARP; the host does not route it and no NAT applies.
// host-local skips the gateway .1 and allocates from .2 upward (cni.md §3). The frame goes eth0 -> veth peer -> cbr0.
describe('bridge: pod to pod on one node', () => {
  const model = modelOf(...kubenetCluster([
    { name: 'a', node: 'node-a' },
    { name: 'b', node: 'node-a', ports: [{ containerPort: 80 }] },
  ]));

  it('ARPs across cbr0 and is switched to the other veth', () => {
    const r = traceIn(model, 'default/a', 'default/b:80');
    const va = vethName('veth', 'default', 'a', 8);
    expect(path(r)).toEqual(['pod/default/a eth0 route', 'pod/default/a eth0 arp', `node/node-a ${va} forward`, 'node/node-a cbr0 switch', 'pod/default/b eth0 deliver']);
    expect(r.hops[0]!.detail).toContain('10.244.0.0/24 dev eth0');
    expect(r.hops[3]!.detail).toContain(vethName('veth', 'default', 'b', 8));
    for (const hop of r.hops) expect(hop.packet).toEqual({ src: '10.244.0.2', dst: '10.244.0.3:80', protocol: 'TCP' });
    expect(r.verdict).toBe('delivered');
    expect(r.endpoint).toBe('default/b');
  });

  it('gets no ARP answer for an address no pod on the bridge has', () => {
    const r = traceIn(model, 'default/a', '10.244.0.77:80');
    expect(r.verdict).toBe('dropped');
    expect(r.reason).toContain('no ARP answer for 10.244.0.77 on cbr0');
  });
});
