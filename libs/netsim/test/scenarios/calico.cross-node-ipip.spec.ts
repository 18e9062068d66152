import { describe, expect, it } from 'vitest';
import { modelOf, path, traceIn, vethName } from '../support/cluster';
import { calicoDesign } from '../support/calico';

// Calico default pool (calico/node: 192.168.0.0/16, /26 blocks, manifests set IPIP Always; cni.md §4-5): each
// node owns a block; BIRD learns the peer's block over the node-to-node mesh (AS 64512) and installs
// `<block> via <peer> dev tunl0 proto bird onlink`; the packet is wrapped in IP-in-IP (protocol 4) from node to
// node and unwrapped on the peer's tunl0, which routes it to the workload's /32.
describe('calico: pod to pod across nodes with IPIP', () => {
  const model = modelOf(calicoDesign([
    { name: 'a', node: 'node-a' },
    { name: 'b', node: 'node-b', ports: [{ containerPort: 80 }] },
  ]));

  it('is encapsulated node to node and delivered without NAT', () => {
    const r = traceIn(model, 'default/a', 'default/b:80');
    expect(path(r)).toEqual([
      'pod/default/a eth0 route',
      'pod/default/a eth0 arp',
      `node/node-a ${vethName('cali', 'default', 'a')} forward`,
      'node/node-a tunl0 route',
      'node/node-a tunl0 encap',
      'underlay eth0 forward',
      'node/node-b tunl0 decap',
      `node/node-b ${vethName('cali', 'default', 'b')} route`,
      'pod/default/b eth0 deliver',
    ]);
    expect(r.hops[3]!.detail).toContain('192.168.0.64/26 via 10.0.0.11 dev tunl0 proto bird onlink');
    expect(r.hops[3]!.detail).toContain('AS 64512');
    expect(r.hops[4]!.packet).toEqual({ src: '10.0.0.10', dst: '10.0.0.11', protocol: 'IPIP (inner TCP)' });
    expect(r.hops[6]!.packet).toEqual({ src: '192.168.0.1', dst: '192.168.0.65:80', protocol: 'TCP' });
    expect(r.verdict).toBe('delivered');
  });

  it('gives each node its own block and the tunnel address first', () => {
    expect(model.ipam.kind).toBe('calico');
    if (model.ipam.kind !== 'calico') return;
    expect(model.ipam.nodeBlocks.map((blocks) => blocks.map((b) => b.cidr.text))).toEqual([['192.168.0.0/26'], ['192.168.0.64/26']]);
  });
});
