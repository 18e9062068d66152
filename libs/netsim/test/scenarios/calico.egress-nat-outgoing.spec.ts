import { describe, expect, it } from 'vitest';
import { modelOf, traceIn } from '../support/cluster';
import { calicoDesign } from '../support/calico';

// IPPool natOutgoing (cni.md §4, default true for calico/node's IPv4 pool): SNAT pod traffic whose destination
// is outside all pools to the node address; with natOutgoing false the pod address leaves as is.
describe('calico: pod to outside the cluster', () => {
  const pods = [{ name: 'a', node: 'node-a' }];

  it('is masqueraded with natOutgoing', () => {
    const r = traceIn(modelOf(calicoDesign(pods)), 'default/a', '93.184.216.34:443');
    const snat = r.hops.find((h) => h.action === 'snat');
    expect(snat!.packet).toEqual({ src: '10.0.0.10', dst: '93.184.216.34:443', protocol: 'TCP' });
    expect(r.hops.at(-1)!.at).toBe('internet');
    expect(r.verdict).toBe('delivered');
  });

  it('keeps the pod address without natOutgoing', () => {
    const r = traceIn(modelOf(calicoDesign(pods, { natOutgoing: false })), 'default/a', '93.184.216.34:443');
    expect(r.hops.some((h) => h.action === 'snat')).toBe(false);
    expect(r.hops.at(-1)!.packet.src).toBe('192.168.0.1');
  });

  it('does not masquerade traffic to another pool address', () => {
    const r = traceIn(modelOf(calicoDesign([...pods, { name: 'b', node: 'node-b' }])), 'default/a', 'default/b');
    expect(r.hops.some((h) => h.action === 'snat')).toBe(false);
  });
});
