import { describe, expect, it } from 'vitest';
import { modelOf, traceIn } from '../support/cluster';
import { calicoDesign } from '../support/calico';

// Kubernetes hostPort is implemented by the CNI portmap plugin (cni.md §3): `nat PREROUTING/OUTPUT --dst-type
// LOCAL -j CNI-HOSTPORT-DNAT` -> DNAT to the pod's address and containerPort.
describe('calico: hostPort through portmap', () => {
  const model = modelOf(calicoDesign([{ name: 'ingress', node: 'node-b', ports: [{ containerPort: 80, hostPort: 8080 }] }]));

  it('DNATs nodeIP:hostPort to the pod', () => {
    const r = traceIn(model, 'external', '10.0.0.11:8080');
    const dnat = r.hops.find((h) => h.action === 'dnat')!;
    expect(dnat.detail).toContain('CNI-HOSTPORT-DNAT');
    expect(dnat.packet.dst).toBe(`${model.podByKey.get('default/ingress')!.ip}:80`);
    expect(r.verdict).toBe('delivered');
    expect(r.endpoint).toBe('default/ingress');
  });
});
