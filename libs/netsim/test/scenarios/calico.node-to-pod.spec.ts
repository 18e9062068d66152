import { describe, expect, it } from 'vitest';
import { modelOf, path, traceIn } from '../support/cluster';
import { calicoDesign } from '../support/calico';

// Node agents reach local pods through the /32 route; traffic the node itself sends into the IPIP tunnel
// leaves from tunl0, so the kernel uses tunl0's address (Calico gives tunl0 an address from the node's block)
// as source.
describe('calico: node to pod', () => {
  const model = modelOf(calicoDesign([
    { name: 'a', node: 'node-a', ports: [{ containerPort: 80 }] },
    { name: 'b', node: 'node-b', ports: [{ containerPort: 80 }] },
  ]));

  it('reaches a local pod from the node address', () => {
    const r = traceIn(model, 'node/node-a', 'default/a:80');
    expect(path(r)).toEqual(['node/node-a lo send', `node/node-a ${r.hops[1]!.device} route`, 'pod/default/a eth0 deliver']);
    expect(r.hops.at(-1)!.packet.src).toBe('10.0.0.10');
    expect(r.verdict).toBe('delivered');
  });

  it('reaches a remote pod from the tunl0 address', () => {
    const r = traceIn(model, 'node/node-a', 'default/b:80');
    expect(r.hops.at(-1)!.packet.src).toBe('192.168.0.0');
    expect(r.verdict).toBe('delivered');
  });
});
