import { describe, expect, it } from 'vitest';
import { designDoc, modelOf } from '../support/cluster';

// kube-controller-manager range allocator (cni.md §1, NODEIPAM): per-node podCIDRs of nodeCIDRMaskSize, next
// free in node order, podCIDRs nodes already have are taken first. host-local (cni.md §3): gateway .1 on the
// bridge and skipped, addresses from .2, the broadcast address excluded; a full range fails with
// "no IP addresses available in range set".
describe('model: bridge podCIDRs and host-local', () => {
  it('carves /24s in node order around a podCIDR a node already has', () => {
    const model = modelOf(designDoc({ nodes: [{ name: 'a' }, { name: 'b', podCIDR: '10.244.0.0/24' }, { name: 'c' }] }));
    expect(model.nodes.map((n) => n.podCidr!.text)).toEqual(['10.244.1.0/24', '10.244.0.0/24', '10.244.2.0/24']);
  });

  it('follows cluster.podCIDRs and nodeCIDRMaskSize; a /30 holds one pod', () => {
    const pod = (name: string) => ({ name, node: 'a' });
    const model = modelOf(designDoc({ cluster: { podCIDRs: ['10.50.0.0/16'], nodeCIDRMaskSize: 30 }, nodes: [{ name: 'a' }, { name: 'b' }] }, [pod('p1'), pod('p2')]));
    expect(model.nodes.map((n) => n.podCidr!.text)).toEqual(['10.50.0.0/30', '10.50.0.4/30']);
    expect(model.podByKey.get('default/p1')!.ip).toBe('10.50.0.2');
    expect(model.podByKey.get('default/p2')!.phase).toBe('Pending');
    expect(model.podByKey.get('default/p2')!.pendingReason).toContain('no IP addresses available in range set: 10.50.0.1-10.50.0.2');
  });

  it('leaves nodes without a podCIDR when the cluster CIDR is exhausted, and their pods Pending', () => {
    const model = modelOf(designDoc({ cluster: { podCIDRs: ['10.50.0.0/24'], nodeCIDRMaskSize: 25 }, nodes: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] }, [{ name: 'p', node: 'c' }]));
    expect(model.nodes.map((n) => n.podCidr?.text ?? null)).toEqual(['10.50.0.0/25', '10.50.0.128/25', null]);
    expect(model.podByKey.get('default/p')!.pendingReason).toContain('has no podCIDR');
    expect(model.warnings.join('\n')).toContain('no /25 left');
  });
});
