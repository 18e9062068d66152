import { describe, expect, it } from 'vitest';
import { designDoc, modelOf } from '../support/cluster';

// The issue: pod IPs given in manifests (status.podIP) are kept and checked against the CNI's ranges.
describe('model: status.podIP', () => {
  it('keeps a given address, skips it when allocating, and warns when it is outside the node range', () => {
    const model = modelOf(designDoc({ nodes: [{ name: 'a' }] }, [
      { name: 'kept', node: 'a', podIP: '10.244.0.2' },
      { name: 'fresh', node: 'a' },
      { name: 'stray', node: 'a', podIP: '10.99.0.7' },
    ]));
    expect(model.podByKey.get('default/kept')!.ip).toBe('10.244.0.2');
    expect(model.podByKey.get('default/kept')!.ipSource).toBe('status');
    expect(model.podByKey.get('default/fresh')!.ip).toBe('10.244.0.3');
    expect(model.podByKey.get('default/stray')!.ip).toBe('10.99.0.7');
    expect(model.warnings).toContain("default/stray: status.podIP 10.99.0.7 is outside a's podCIDR 10.244.0.0/24");
  });

  it('checks Calico addresses against the pools', () => {
    const model = modelOf(designDoc({ cni: { plugin: 'calico' }, nodes: [{ name: 'a' }] }, [{ name: 'x', node: 'a', podIP: '172.30.0.5' }]));
    expect(model.warnings.join('\n')).toContain('status.podIP 172.30.0.5 is in no Calico IP pool');
  });
});
