import { describe, expect, it } from 'vitest';
import { modelOf, path, traceIn } from '../support/cluster';
import { kubenetCluster } from '../support/kubenet';

// kubenet: `-t nat -A POSTROUTING ! -d <clusterCIDR> -m addrtype ! --dst-type LOCAL -j MASQUERADE`: traffic
// leaving the cluster pod CIDR takes the node's address (bridge plugin ipMasq, cni.md §3).
describe('bridge: pod to outside the cluster', () => {
  const model = modelOf(...kubenetCluster([{ name: 'a', node: 'node-a' }]));

  it('is masqueraded to the node IP and leaves by the default route', () => {
    const r = traceIn(model, 'default/a', '93.184.216.34:443');
    expect(path(r)).toEqual(['pod/default/a eth0 route', `node/node-a ${r.hops[1]!.device} forward`, 'node/node-a eth0 snat', 'node/node-a eth0 route', 'internet - deliver']);
    expect(r.hops[2]!.packet).toEqual({ src: '10.0.0.10', dst: '93.184.216.34:443', protocol: 'TCP' });
    expect(r.verdict).toBe('delivered');
  });
});
