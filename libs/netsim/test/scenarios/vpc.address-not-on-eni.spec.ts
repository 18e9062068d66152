import { describe, expect, it } from 'vitest';
import { modelOf, traceIn } from '../support/cluster';
import { NODE_A, podsOn, vpcDesign } from '../support/vpc';

// The VPC delivers a packet only to the ENI that owns the destination address (VPC routing: "local" route);
// an address on no ENI goes nowhere. An address ipamd holds in its warm pool but has given no pod has no host
// route on the node (the CNI adds routes per pod).
describe('vpc-cni: addresses not on any ENI, or on an ENI but unused', () => {
  const model = modelOf(vpcDesign(podsOn(NODE_A, 'p', 1)));

  it('drops an address no ENI holds, saying so', () => {
    const r = traceIn(model, 'default/p1', '10.0.2.200:80');
    expect(r.verdict).toBe('dropped');
    expect(r.hops.at(-1)!.at).toBe('vpc');
    expect(r.reason).toContain('not on any ENI');
  });

  it('drops a warm-pool address nobody uses', () => {
    // p1 has 10.0.1.5; 10.0.1.6 is the next secondary of eth0, held warm.
    const r = traceIn(model, 'default/p1', '10.0.1.6:80');
    expect(r.verdict).toBe('dropped');
    expect(r.reason).toContain('no pod has it');
  });
});
