import { describe, expect, it } from 'vitest';
import { modelOf, path, traceIn } from '../support/cluster';
import { NODE_A, NODE_B, podsOn, vpcDesign } from '../support/vpc';

// amazon-vpc-cni-k8s (cni.md §6): pod addresses are VPC addresses (secondary IPs of the node's ENIs), so the VPC
// delivers them natively to the ENI that holds them. A pod on a secondary ENI leaves through that ENI
// (`ip rule 1536: from <podIP> lookup <device+1>`, table `default via <subnet router> dev ethN`) to pass the
// ENI's source/destination check; a pod on the primary ENI uses the main table via eth0. On arrival,
// `ip rule 512` and the main-table /32 route hand it to the pod's veth.
describe('vpc-cni: pod to pod across nodes', () => {
  const model = modelOf(vpcDesign([...podsOn(NODE_A, 'a', 4), ...podsOn(NODE_B, 'b', 4)]));
  const ip = (name: string) => model.podByKey.get(`default/${name}`)!;

  it('places addresses on ENIs in the node subnet (eth0 secondaries first, then eth1)', () => {
    // Node addresses come first (10.0.1.4, 10.0.2.4), then each ENI's primary and secondaries, ascending (README).
    expect([ip('a1').ip, ip('a3').ip, ip('a4').ip]).toEqual(['10.0.1.5', '10.0.1.7', '10.0.1.9']);
    expect(ip('a4').eniDevice).toBe(1);
  });

  it('leaves a secondary ENI through its own route table', () => {
    const r = traceIn(model, 'default/a4', 'default/b4:80');
    expect(path(r).slice(3)).toEqual([`node/${NODE_A} eth1 route`, 'vpc eth1 forward', `node/${NODE_B} ${r.hops[5]!.device} route`, 'pod/default/b4 eth0 deliver']);
    expect(r.hops[3]!.detail).toContain('ip rule 1536: from 10.0.1.9 lookup 2');
    expect(r.hops[3]!.detail).toContain('default via 10.0.1.1 dev eth1');
    expect(r.hops[4]!.detail).toContain(`ENI eth1 of ${NODE_B}`);
    for (const h of r.hops) expect(h.packet.src).toBe('10.0.1.9');
    expect(r.verdict).toBe('delivered');
  });

  it('leaves the primary ENI through the main table', () => {
    const r = traceIn(model, 'default/a1', 'default/b1:80');
    expect(r.hops[3]!.detail).toContain('main: default via 10.0.1.1 dev eth0');
    expect(r.hops[4]!.device).toBe('eth0');
    expect(r.verdict).toBe('delivered');
  });
});
