import { describe, expect, it } from 'vitest';
import { modelOf, path, traceIn } from '../support/cluster';
import { kubenetCluster } from '../support/kubenet';

// hostNetwork pods share the node's network namespace and address (Kubernetes Pod spec `hostNetwork`):
// they are reached at the node IP and their traffic starts in the host namespace.
describe('bridge: hostNetwork pods', () => {
  const model = modelOf(...kubenetCluster([
    { name: 'agent', node: 'node-b', hostNetwork: true, ports: [{ containerPort: 9100 }] },
    { name: 'a', node: 'node-a' },
  ]));

  it('uses the node IP', () => {
    expect(model.podByKey.get('default/agent')!.ip).toBe('10.0.0.11');
  });

  it('is reached from a pod at nodeIP:port (masqueraded: the node IP is outside the cluster pod CIDR)', () => {
    const r = traceIn(model, 'default/a', 'default/agent:9100');
    expect(r.verdict).toBe('delivered');
    expect(r.endpoint).toBe('default/agent');
    expect(path(r).at(-1)).toBe('node/node-b eth0 deliver');
    // kubenet masquerades everything not destined to the cluster CIDR (! -d 10.244.0.0/16), node IPs included.
    expect(r.hops.some((h) => h.action === 'snat')).toBe(true);
    expect(r.hops.at(-1)!.packet.src).toBe('10.0.0.10');
  });

  it('sends from the host namespace', () => {
    const r = traceIn(model, 'default/agent', 'default/a');
    expect(r.hops[0]!.at).toBe('node/node-b');
    expect(r.hops[0]!.packet.src).toBe('10.0.0.11');
    expect(r.verdict).toBe('delivered');
  });

  it('rejects a port the hostNetwork pod does not declare', () => {
    const r = traceIn(model, 'default/a', '10.0.0.11:9999');
    expect(r.verdict).toBe('rejected');
    expect(r.reason).toContain('not listening on node-b');
  });
});
