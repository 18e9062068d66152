import { describe, expect, it } from 'vitest';
import { modelOf, path, traceIn } from '../support/cluster';
import { kubenetCluster } from '../support/kubenet';

// Kubernetes "Ports and Protocols": kubelet serves its API on 10250/TCP on every node. A pod reaches its own
// node through its default gateway (the bridge address is the node's own, table local).
describe('bridge: pod to its node agents', () => {
  const model = modelOf(...kubenetCluster([{ name: 'a', node: 'node-a' }]));

  it('reaches kubelet on its own node', () => {
    const r = traceIn(model, 'default/a', 'node/node-a:10250');
    expect(path(r)).toEqual(['pod/default/a eth0 route', `node/node-a ${r.hops[1]!.device} forward`, 'node/node-a cbr0 route', 'node/node-a cbr0 deliver']);
    expect(r.verdict).toBe('delivered');
    expect(r.reason).toContain('kubelet');
    expect(r.endpoint).toBeNull();
  });

  it('reaches kubelet on the other node', () => {
    expect(traceIn(model, 'default/a', '10.0.0.11:10250').verdict).toBe('delivered');
  });

  it('is rejected on a closed node port', () => {
    const r = traceIn(model, 'default/a', '10.0.0.10:2379');
    expect(r.verdict).toBe('rejected');
    expect(r.reason).toContain('RST');
  });
});
