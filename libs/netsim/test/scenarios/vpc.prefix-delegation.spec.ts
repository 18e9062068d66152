import { describe, expect, it } from 'vitest';
import { modelOf, traceIn } from '../support/cluster';
import { NODE_A, NODE_B, podsOn, vpcDesign } from '../support/vpc';

// Prefix delegation (vpc-cni.md §2.3, §3.4): ENIs get /28 prefixes (16 addresses) instead of secondary IPs;
// pods take addresses inside them; max pods t3.small = 3 x 3 x 16 + 2 = 146 uncapped. The VPC routes every
// address of an assigned prefix to its ENI.
describe('vpc-cni: prefix delegation', () => {
  const model = modelOf(vpcDesign([...podsOn(NODE_A, 'a', 3), ...podsOn(NODE_B, 'b', 1)], { ENABLE_PREFIX_DELEGATION: true }));

  it('gives pods addresses inside an aligned /28 of eth0', () => {
    expect(model.nodes[0]!.maxPods).toBe(146);
    const ips = ['a1', 'a2', 'a3'].map((n) => model.podByKey.get(`default/${n}`)!.ip!);
    const last = (ip: string) => Number(ip.split('.')[3]);
    const base = last(ips[0]!) - (last(ips[0]!) % 16);
    expect(ips.map(last)).toEqual([base, base + 1, base + 2]);
  });

  it('routes to a pod inside a prefix, and drops an unused member of the prefix', () => {
    expect(traceIn(model, 'default/b1', 'default/a2:80').verdict).toBe('delivered');
    const a3 = model.podByKey.get('default/a3')!.ipNum;
    const spare = `${(a3 >>> 24) & 255}.${(a3 >>> 16) & 255}.${(a3 >>> 8) & 255}.${(a3 & 255) + 1}`;
    const r = traceIn(model, 'default/b1', `${spare}:80`);
    expect(r.verdict).toBe('dropped');
    expect(r.reason).toContain('no pod has it');
  });
});
