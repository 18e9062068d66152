import { describe, expect, it } from 'vitest';
import { modelOf, traceIn } from '../support/cluster';
import { NODE_A, NODE_B, podsOn, vpcDesign } from '../support/vpc';

// Max pods = ENIs x (IPv4 per ENI - 1) + 2 (misc/eni-max-pods.txt): t3.small 3 x 3 + 2 = 11, so kube-scheduler
// leaves the 12th pod Pending ("Too many pods"). With a higher kubelet maxPods the node admits more pods than
// ipamd has addresses (3 ENIs x 3 = 9): the rest wait with "failed to assign an IP address to container"
// (vpc-cni.md §9, pain 1). A Pending pod has no address: traces to it are dropped, saying why.
describe('vpc-cni: pods that cannot start', () => {
  it('leaves a pod Pending past max pods, naming the instance type', () => {
    // aws-node and kube-proxy (hostNetwork) on each node are the formula's "+2".
    const daemons = [NODE_A, NODE_B].flatMap((node, i) => [
      { name: `aws-node-${i}`, node, hostNetwork: true },
      { name: `kube-proxy-${i}`, node, hostNetwork: true },
    ]);
    const model = modelOf(vpcDesign([...daemons, ...Array.from({ length: 19 }, (_, i) => ({ name: `w${String(i + 1).padStart(2, '0')}` }))]));
    const pending = model.pods.filter((p) => p.phase === 'Pending');
    expect(pending.map((p) => p.name)).toEqual(['w19']);
    expect(pending[0]!.pendingReason).toMatch(/^Too many pods: t3\.small allows 11 \(0\/2 nodes are available: 2 Too many pods\)$/);
  });

  it('leaves pods without an address Pending when maxPods exceeds the ENI capacity', () => {
    // Pods are bound in input order (the loader sorts by name: p1, p10, p11, p2, ...), so p8 and p9 come last.
    const model = modelOf(vpcDesign(podsOn(NODE_A, 'p', 11), {}, { maxPods: 110 }));
    const pending = model.pods.filter((p) => p.phase === 'Pending');
    expect(pending.map((p) => p.name)).toEqual(['p8', 'p9']);
    expect(pending[0]!.pendingReason).toContain('failed to assign an IP address to container');
    const r = traceIn(model, 'default/p1', 'default/p9:80');
    expect(r.verdict).toBe('dropped');
    expect(r.reason).toContain('default/p9 is Pending');
    expect(r.hops).toEqual([]);
  });
});
