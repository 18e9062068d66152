import { describe, expect, it } from 'vitest';
import { modelOf, traceIn } from '../support/cluster';
import { NODE_A, podsOn, vpcDesign } from '../support/vpc';

// amazon-vpc-cni-k8s (cni.md §6): traffic to outside the VPC takes `ip rule 1025: not to <VPC CIDR> lookup main`
// and `-A POSTROUTING ! -d <VPC-CIDR> ... -j SNAT --to-source <primary IP of primary ENI>` ("SNAT for outbound
// traffic from cluster"); AWS_VPC_K8S_CNI_EXTERNALSNAT=true removes both, so the pod address leaves as is
// (through its own ENI) and a NAT gateway must translate it.
describe('vpc-cni: pod to outside the VPC', () => {
  const pods = podsOn(NODE_A, 'p', 4);

  it('is SNATed to the node primary IP, through eth0, even from a secondary ENI', () => {
    const r = traceIn(modelOf(vpcDesign(pods)), 'default/p4', '93.184.216.34:443');
    const route = r.hops.find((h) => h.action === 'route' && h.at.startsWith('node/'))!;
    expect(route.detail).toContain('ip rule 1025: not from all to 10.0.0.0/16 lookup main');
    const snat = r.hops.find((h) => h.action === 'snat')!;
    expect(snat.detail).toContain('SNAT --to-source 10.0.1.4');
    expect(snat.packet.src).toBe('10.0.1.4');
    expect(r.hops.at(-1)!.at).toBe('internet');
  });

  it('keeps the pod address with AWS_VPC_K8S_CNI_EXTERNALSNAT=true', () => {
    const r = traceIn(modelOf(vpcDesign(pods, { AWS_VPC_K8S_CNI_EXTERNALSNAT: true })), 'default/p4', '93.184.216.34:443');
    expect(r.hops.some((h) => h.action === 'snat')).toBe(false);
    expect(r.hops.find((h) => h.action === 'route' && h.at.startsWith('node/'))!.detail).toContain('ip rule 1536');
    expect(r.hops.at(-1)!.packet.src).toBe('10.0.1.9');
  });

  it('does not SNAT inside the VPC', () => {
    const r = traceIn(modelOf(vpcDesign(pods)), 'default/p1', '10.0.2.4:10250');
    expect(r.hops.some((h) => h.action === 'snat')).toBe(false);
    expect(r.verdict).toBe('delivered');
  });
});
