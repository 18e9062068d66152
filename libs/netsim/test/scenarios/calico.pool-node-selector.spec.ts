import { describe, expect, it } from 'vitest';
import { designDoc, modelOf } from '../support/cluster';

// Calico IPPool nodeSelector (cni.md §4): a pool serves only the nodes it selects; blocks are claimed from the
// pools that select the node.
describe('calico: pools per node selector', () => {
  it('gives each rack its own pool', () => {
    const model = modelOf(designDoc(
      {
        cni: {
          plugin: 'calico',
          calico: {
            ipPools: [
              { name: 'rack-a', cidr: '192.168.0.0/24', nodeSelector: "rack == 'a'" },
              { name: 'rack-b', cidr: '192.168.1.0/24', nodeSelector: "rack == 'b'" },
            ],
          },
        },
        nodes: [{ name: 'n1', labels: { rack: 'a' } }, { name: 'n2', labels: { rack: 'b' } }],
      },
      [{ name: 'p1', node: 'n1' }, { name: 'p2', node: 'n2' }],
    ));
    expect(model.podByKey.get('default/p1')!.ip).toBe('192.168.0.1');
    expect(model.podByKey.get('default/p2')!.ip).toBe('192.168.1.1');
  });
});
