import { describe, expect, it } from 'vitest';
import { modelOf, path, traceIn, vethName } from '../support/cluster';
import { NODE_A, podsOn, vpcDesign } from '../support/vpc';

// amazon-vpc-cni-k8s docs/cni-proposal.md (cni.md §6): the pod has `<podIP>/32` and `default via 169.254.1.1 dev
// eth0` with a static ARP entry for the host veth (`eni` + 11 hex of sha1("<ns>.<pod>")); the host has
// `ip rule 512: to <podIP> lookup main` and `<podIP> dev eni... scope link`. Pods on one node meet in the host,
// whichever ENI holds their addresses; nothing goes on the wire.
describe('vpc-cni: pod to pod on one node', () => {
  // With WARM_ENI_TARGET=1, t3.small holds eth0's 3 secondaries for pods 1-3 and eth1's for pod 4 (aws-planner warm pool,
  // docs/eni-and-ip-target.md: 5 pods -> 9 IPs on 3 ENIs).
  const model = modelOf(vpcDesign(podsOn(NODE_A, 'p', 4)));

  it('uses the static-ARP gateway and the host route to the other veth', () => {
    const r = traceIn(model, 'default/p1', 'default/p4:80');
    expect(path(r)).toEqual(['pod/default/p1 eth0 route', 'pod/default/p1 eth0 arp', `node/${NODE_A} ${vethName('eni', 'default', 'p1')} forward`, `node/${NODE_A} ${vethName('eni', 'default', 'p4')} route`, 'pod/default/p4 eth0 deliver']);
    expect(r.hops[1]!.detail).toContain('static ARP');
    expect(r.hops[3]!.detail).toContain('ip rule 512');
    expect(model.podByKey.get('default/p1')!.eniDevice).toBe(0);
    expect(model.podByKey.get('default/p4')!.eniDevice).toBe(1);
    expect(r.verdict).toBe('delivered');
  });
});
