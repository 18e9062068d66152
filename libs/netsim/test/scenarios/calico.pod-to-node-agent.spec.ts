import { describe, expect, it } from 'vitest';
import { modelOf, traceIn } from '../support/cluster';
import { calicoDesign } from '../support/calico';

// Kubernetes "Ports and Protocols": kubelet 10250/TCP; Calico's BIRD listens on 179/TCP for the node-to-node
// BGP mesh (BGPConfiguration listenPort default 179).
describe('calico: pod to node agents', () => {
  const model = modelOf(calicoDesign([{ name: 'a', node: 'node-a' }]));

  it('reaches kubelet on its own node', () => {
    const r = traceIn(model, 'default/a', 'node/node-a:10250');
    expect(r.verdict).toBe('delivered');
    expect(r.hops.at(-1)!.at).toBe('node/node-a');
  });

  it('reaches BIRD on the other node', () => {
    const r = traceIn(model, 'default/a', '10.0.0.11:179');
    expect(r.verdict).toBe('delivered');
    expect(r.reason).toContain('BIRD');
  });

  it('is rejected on a closed port', () => {
    expect(traceIn(model, 'default/a', '10.0.0.10:6443').verdict).toBe('rejected');
  });
});
