import { describe, expect, it } from 'vitest';
import { modelOf, traceIn } from '../support/cluster';
import { calicoDesign } from '../support/calico';

// Kubernetes "Virtual IPs and Service Proxies": a ClusterIP exists only in kube-proxy's rules on each node;
// no interface has it and nothing routes the service CIDR. Without the service stage the packet has nowhere to go.
describe('calico: a Service address with no service stage plugged in', () => {
  it('is no-route, saying the address is in the service CIDR', () => {
    const model = modelOf(calicoDesign([{ name: 'a', node: 'node-a' }]));
    const r = traceIn(model, 'default/a', '10.96.0.10:53/udp');
    expect(r.verdict).toBe('no-route');
    expect(r.reason).toContain('service CIDR 10.96.0.0/12');
  });
});
