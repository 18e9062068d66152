import { describe, expect, it } from 'vitest';
import { modelOf, path, traceIn } from '../support/cluster';
import { kubenetCluster } from '../support/kubenet';

// Kubernetes docs, "Cluster Networking" / "The Kubernetes network model": containers in a Pod share one
// network namespace and reach each other over localhost; the kernel routes the pod's own address via lo.
describe('bridge: container to container in one pod', () => {
  const model = modelOf(...kubenetCluster([{ name: 'web', node: 'node-a', containers: ['app', 'sidecar'], ports: [{ containerPort: 8080 }] }]));

  it('goes over lo to the container that declares the port', () => {
    const r = traceIn(model, 'default/web/sidecar', 'default/web:8080');
    expect(path(r)).toEqual(['pod/default/web lo route', 'pod/default/web lo deliver']);
    expect(r.verdict).toBe('delivered');
    expect(r.endpoint).toBe('default/web');
    expect(r.reason).toContain('container app');
    expect(r.hops[0]!.packet).toEqual({ src: '10.244.0.2', dst: '10.244.0.2:8080', protocol: 'TCP' });
  });

  it('reaches localhost the same way', () => {
    const r = traceIn(model, 'default/web/sidecar', '127.0.0.1:8080');
    expect(path(r)).toEqual(['pod/default/web lo route', 'pod/default/web lo deliver']);
    expect(r.verdict).toBe('delivered');
  });

  it('is rejected (RST) on a port no container declares', () => {
    const r = traceIn(model, 'default/web/app', '127.0.0.1:9090');
    expect(r.verdict).toBe('rejected');
    expect(r.reason).toContain('9090/TCP is not listening');
    expect(r.hops.at(-1)!.action).toBe('reject');
  });
});
