import type { SimEni, VpcIpamState } from '../../ipam/ipam';
import type { ClusterModel, SimNode, SimPod } from '../../model/types';
import { findCidr4, ip4Text } from '../../net/ipv4';
import { localPod, nodeAt, podAt, type Dataplane, type Step, type Walk } from '../dataplane';
import { isLoopback } from '../underlay';
import { vethNamer } from '../veth-names';

/**
 * The Amazon VPC CNI (amazon-vpc-cni-k8s `docs/cni-proposal.md`, `pkg/networkutils`): a pod has
 * `default via 169.254.1.1 dev eth0` with a static ARP entry for the host veth (`eni…`); the host routes
 * `<podIP> dev eni…` in the main table behind `ip rule 512: to <podIP> lookup main`; a pod whose address is
 * on a secondary ENI leaves through that ENI (`ip rule 1536: from <podIP> lookup <device+1>`, table with
 * `default via <subnet router> dev ethN`), except that traffic leaving the VPC takes the main table
 * (`ip rule 1025: not to <VPC CIDR> lookup main`) and is SNATed to the node's primary IP unless
 * `AWS_VPC_K8S_CNI_EXTERNALSNAT` is true. No encapsulation: the VPC delivers to the ENI holding the address.
 *
 * @example
 * vpcDataplane(model, model.ipam as VpcIpamState).hostVeth(pod) // => 'eni' + 11 hex digits
 */
export function vpcDataplane(model: ClusterModel, ipam: VpcIpamState): Dataplane {
  const veth = vethNamer('eni', 11);
  const vpcText = model.vpcCidrs.map((c) => c.text).join(', ') || '(no VPC CIDR)';
  const routerOfEni = (eni: SimEni): string => ip4Text(eni.subnet.cidr.base + 1);
  const nodeEnis = (node: SimNode): readonly SimEni[] => ipam.enis[node.index] ?? [];

  return {
    cni: 'aws-vpc-cni',
    hostVeth: veth,
    isLocal: (node, ip) => nodeEnis(node).some((e) => e.primaryIp === ip),
    podEgress(w: Walk, pod: SimPod): Step {
      const node = pod.node!;
      const at = podAt(pod);
      w.hop(at, 'eth0', 'route', `default via 169.254.1.1 dev eth0 (pod address ${pod.ip}/32)`);
      w.hop(at, 'eth0', 'arp', `169.254.1.1 is at ${veth(pod)}'s MAC (static ARP entry set by the CNI)`);
      w.hop(nodeAt(node), veth(pod), 'forward', `enters ${node.name} through ${veth(pod)}`);
      return { kind: 'host', node, inDev: veth(pod) };
    },
    hostRoute(w: Walk, node: SimNode, inDev: string | null): Step {
      const dst = w.pkt.dst;
      const at = nodeAt(node);
      const enis = nodeEnis(node);
      if (dst === node.ipNum || isLoopback(dst) || enis.some((e) => e.primaryIp === dst)) {
        w.hop(at, inDev ?? 'lo', 'route', `local ${ip4Text(dst)} (table local): an address of ${node.name}`);
        return { kind: 'local', node, dev: inDev ?? 'lo' };
      }
      const target = localPod(model, node, dst);
      if (target) {
        w.hop(at, veth(target), 'route', `ip rule 512: from all to ${target.ip} lookup main; main: ${target.ip} dev ${veth(target)} scope link`);
        return { kind: 'pod', pod: target, node, dev: veth(target) };
      }
      const held = ipam.eniOf(dst);
      if (held && held.node === node) {
        w.hop(at, `eth${held.deviceIndex}`, 'drop', `${ip4Text(dst)} is a warm-pool address of eth${held.deviceIndex}: no pod uses it, so no route`);
        return { kind: 'end', verdict: 'dropped', reason: `${ip4Text(dst)} is on ENI eth${held.deviceIndex} of ${node.name} but no pod has it (an unassigned warm-pool address)` };
      }
      const inVpc = findCidr4(model.vpcCidrs, dst) !== undefined;
      const srcPod = localPod(model, node, w.pkt.src);
      const excluded = findCidr4(ipam.excludeSnat, dst) !== undefined;
      const snat = srcPod !== undefined && !inVpc && !ipam.externalSnat && !excluded;
      const eni = srcPod && srcPod.eniDevice > 0 ? enis.find((e) => e.deviceIndex === srcPod.eniDevice) : undefined;
      if (eni && !snat) {
        const table = eni.deviceIndex + 1;
        w.hop(at, `eth${eni.deviceIndex}`, 'route', `ip rule 1536: from ${srcPod!.ip} lookup ${table}; table ${table}: default via ${routerOfEni(eni)} dev eth${eni.deviceIndex} (the pod's address is on ENI eth${eni.deviceIndex}, so the ENI's source/destination check passes)`);
        if (!inVpc) w.hop(at, `eth${eni.deviceIndex}`, 'forward', `no SNAT (${ipam.externalSnat ? 'AWS_VPC_K8S_CNI_EXTERNALSNAT=true: a NAT gateway must translate' : 'destination in AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS'}): leaves with the pod address`);
        return { kind: 'wire', from: node, dev: `eth${eni.deviceIndex}`, nextHop: null };
      }
      const primary = enis[0];
      const via = primary ? routerOfEni(primary) : 'the VPC router';
      if (srcPod && srcPod.eniDevice > 0) w.hop(at, 'eth0', 'route', `ip rule 1025: not from all to ${vpcText} lookup main; main: default via ${via} dev eth0`);
      else w.hop(at, 'eth0', 'route', `main: default via ${via} dev eth0`);
      if (snat) {
        w.pkt.src = node.ipNum;
        w.hop(at, 'eth0', 'snat', `SNAT --to-source ${node.ip} (AWS-SNAT-CHAIN-0: ! -d ${vpcText}, "SNAT for outbound traffic from cluster")`);
      } else if (srcPod && !inVpc) {
        w.hop(at, 'eth0', 'forward', `no SNAT (${ipam.externalSnat ? 'AWS_VPC_K8S_CNI_EXTERNALSNAT=true: a NAT gateway must translate' : 'destination in AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS'}): leaves with the pod address`);
      }
      return { kind: 'wire', from: node, dev: 'eth0', nextHop: null };
    },
    arrive: (_w, _node, dev) => dev,
  };
}
