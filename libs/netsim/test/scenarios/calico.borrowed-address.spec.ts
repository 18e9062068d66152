import { describe, expect, it } from 'vitest';
import { modelOf, traceIn } from '../support/cluster';
import { calicoDesign } from '../support/calico';

// Calico IPAM (cni.md §4-5): when a node's blocks are full and no unclaimed block is left, it borrows an address
// from another node's block (strictAffinity false). The hosting node advertises the borrowed address as a /32,
// which beats the owner's block route; the owner blackholes the rest of its block locally.
// Pool 192.168.0.0/29 with /30 blocks: two blocks of four; IPIP takes each node's first address for tunl0.
describe('calico: borrowed addresses and blackhole routes', () => {
  const model = modelOf(calicoDesign(
    [
      { name: 'a1', node: 'node-a' },
      { name: 'a2', node: 'node-a' },
      { name: 'a3', node: 'node-a' },
      { name: 'a4', node: 'node-a', ports: [{ containerPort: 80 }] },
      { name: 'b1', node: 'node-b' },
    ],
    { cidr: '192.168.0.0/29', blockSize: 30 },
  ));

  it('borrows from node-b\'s block when node-a is full', () => {
    const ips = Object.fromEntries(model.pods.map((p) => [p.name, p.ip]));
    expect(ips).toEqual({ a1: '192.168.0.1', a2: '192.168.0.2', a3: '192.168.0.3', a4: '192.168.0.5', b1: '192.168.0.6' });
  });

  it('reaches the borrowed address through the /32 route to the hosting node', () => {
    const r = traceIn(model, 'default/b1', 'default/a4:80');
    const route = r.hops.find((h) => h.action === 'route' && h.device === 'tunl0');
    expect(route!.detail).toContain('192.168.0.5/32');
    expect(route!.detail).toContain('via 10.0.0.10');
    expect(r.verdict).toBe('delivered');
    expect(r.endpoint).toBe('default/a4');
  });

  it('drops on the blackhole route of the owner for an unused address of its block', () => {
    const r = traceIn(model, 'default/a1', '192.168.0.7:80');
    expect(r.verdict).toBe('dropped');
    expect(r.hops.at(-1)!.at).toBe('node/node-b');
    expect(r.hops.at(-1)!.device).toBe('blackhole');
    expect(r.reason).toContain('192.168.0.4/30');
  });
});
