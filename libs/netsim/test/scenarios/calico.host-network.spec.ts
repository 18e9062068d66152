import { describe, expect, it } from 'vitest';
import { modelOf, traceIn } from '../support/cluster';
import { calicoDesign } from '../support/calico';

// hostNetwork pods live in the node's namespace and use its address; Calico's natOutgoing masquerades pod
// traffic to destinations outside every pool, node addresses included (cali-nat-outgoing).
describe('calico: hostNetwork pods', () => {
  const model = modelOf(calicoDesign([
    { name: 'exporter', node: 'node-b', hostNetwork: true, ports: [{ containerPort: 9100 }] },
    { name: 'a', node: 'node-a' },
  ]));

  it('is reached at the node IP, masqueraded by natOutgoing', () => {
    const r = traceIn(model, 'default/a', 'default/exporter:9100');
    expect(r.verdict).toBe('delivered');
    expect(r.endpoint).toBe('default/exporter');
    expect(r.hops.find((h) => h.action === 'snat')!.packet.src).toBe('10.0.0.10');
  });

  it('sends from the host namespace into the tunnel', () => {
    const r = traceIn(model, 'default/exporter', 'default/a');
    expect(r.hops[0]!.at).toBe('node/node-b');
    expect(r.verdict).toBe('delivered');
  });
});
