import type { CalicoIpamState } from '../../ipam/ipam';
import type { ClusterModel, SimNode, SimPod } from '../../model/types';
import { ip4Text } from '../../net/ipv4';
import { localPod, nodeAt, podAt, type Dataplane, type Step, type Walk } from '../dataplane';
import { isLoopback, routerOf } from '../underlay';
import { vethNamer } from '../veth-names';

/** Calico's VXLAN network identifier and port (Felix defaults `VXLANVNI` 4096, `VXLANPort` 4789). */
const VXLAN_VNI = 4096;

const subnetKey = (node: SimNode): string => node.subnet?.cidr.text ?? '';

/**
 * Calico (projectcalico docs "Configure IP-in-IP / VXLAN", confd BIRD templates): a pod has one route,
 * `default via 169.254.1.1 dev eth0`, answered by proxy ARP on its host-side `cali…` veth; the host has a
 * `/32` route per local workload, a blackhole route per block it owns, and one route per remote block (and
 * per borrowed `/32`) learned over BGP (`proto bird`; through `tunl0` with IPIP) or programmed by Felix for
 * VXLAN (`vxlan.calico`). Encapsulation applies Always or only CrossSubnet. natOutgoing masquerades pod
 * traffic to destinations outside every IP pool.
 *
 * @example
 * calicoDataplane(model, model.ipam as CalicoIpamState).hostVeth(pod) // => 'cali' + 11 hex digits
 */
export function calicoDataplane(model: ClusterModel, ipam: CalicoIpamState): Dataplane {
  const veth = vethNamer('cali', 11);
  const bgp = model.design.cni.calico?.bgp ?? { enabled: true, asNumber: 64512, nodeToNodeMesh: true };
  const tunnelIp = (node: SimNode): number => ipam.tunnelIp[node.index] ?? -1;

  const natOutgoing = (w: Walk, node: SimNode): void => {
    const pool = ipam.poolOf(w.pkt.src);
    if (!pool || !pool.natOutgoing || ipam.poolOf(w.pkt.dst)) return;
    w.pkt.src = node.ipNum;
    w.hop(nodeAt(node), 'eth0', 'snat', `MASQUERADE to ${node.ip} (cali-nat-outgoing: pool ${pool.name} has natOutgoing and ${ip4Text(w.pkt.dst)} is outside every IP pool)`);
  };

  return {
    cni: 'calico',
    hostVeth: veth,
    isLocal: (node, ip) => ip === tunnelIp(node),
    podEgress(w: Walk, pod: SimPod): Step {
      const node = pod.node!;
      const at = podAt(pod);
      w.hop(at, 'eth0', 'route', 'default via 169.254.1.1 dev eth0 (the only route of a Calico pod)');
      w.hop(at, 'eth0', 'arp', `who-has 169.254.1.1: ${veth(pod)} answers with its own MAC (proxy ARP on the host side)`);
      w.hop(nodeAt(node), veth(pod), 'forward', `enters ${node.name} through ${veth(pod)}`);
      return { kind: 'host', node, inDev: veth(pod) };
    },
    hostRoute(w: Walk, node: SimNode, inDev: string | null): Step {
      const dst = w.pkt.dst;
      const at = nodeAt(node);
      if (dst === node.ipNum || dst === tunnelIp(node) || isLoopback(dst)) {
        w.hop(at, inDev ?? 'lo', 'route', `local ${ip4Text(dst)} (table local): an address of ${node.name}`);
        return { kind: 'local', node, dev: inDev ?? 'lo' };
      }
      const target = localPod(model, node, dst);
      if (target) {
        w.hop(at, veth(target), 'route', `${ip4Text(dst)} dev ${veth(target)} scope link (Felix's route to a local workload)`);
        return { kind: 'pod', pod: target, node, dev: veth(target) };
      }
      const owner = ipam.ownerOf(dst);
      if (owner && owner.node === node) {
        w.hop(at, 'blackhole', 'drop', `blackhole ${owner.range} proto bird: the block is affine to ${node.name} and no workload has ${ip4Text(dst)}`);
        return { kind: 'end', verdict: 'dropped', reason: `no route to ${ip4Text(dst)} on ${node.name}: it hits the blackhole route of the node's own block ${owner.range} (no pod has that address)` };
      }
      if (owner) {
        const pool = ipam.poolOf(dst)!;
        const crossSubnet = subnetKey(node) !== subnetKey(owner.node);
        const encap = pool.encapsulation !== 'None' && (pool.mode === 'Always' || crossSubnet) ? pool.encapsulation : null;
        const peer = owner.node;
        const what = owner.borrowed ? `${owner.range} (an address borrowed from another node's block, advertised as a /32 by ${peer.name})` : owner.range;
        if (encap === 'VXLAN') {
          const vtep = tunnelIp(peer);
          const local = tunnelIp(node);
          if (inDev === null && w.pkt.src === node.ipNum && local >= 0) w.pkt.src = local;
          w.hop(at, 'vxlan.calico', 'route', `${what} via ${ip4Text(vtep)} dev vxlan.calico onlink (programmed by Felix)${inDev === null ? '; the node sends from vxlan.calico\'s address' : ''}`);
          w.encap = { kind: 'VXLAN', outerSrc: node.ipNum, outerDst: peer.ipNum, device: 'vxlan.calico' };
          w.hop(at, 'vxlan.calico', 'encap', `VXLAN (UDP 4789, VNI ${VXLAN_VNI}) to ${peer.name} ${peer.ip}`);
          return { kind: 'wire', from: node, dev: 'eth0', nextHop: crossSubnet ? null : peer };
        }
        if (bgp.enabled) {
          if (encap === 'IPIP') {
            const local = tunnelIp(node);
            if (inDev === null && w.pkt.src === node.ipNum && local >= 0) w.pkt.src = local;
            w.hop(at, 'tunl0', 'route', `${what} via ${peer.ip} dev tunl0 proto bird onlink (learned over BGP from ${peer.name}, AS ${bgp.asNumber})${inDev === null ? "; the node sends from tunl0's address" : ''}`);
            w.encap = { kind: 'IPIP', outerSrc: node.ipNum, outerDst: peer.ipNum, device: 'tunl0' };
            w.hop(at, 'tunl0', 'encap', `IP-in-IP (IP protocol 4) to ${peer.name} ${peer.ip}`);
            return { kind: 'wire', from: node, dev: 'eth0', nextHop: crossSubnet ? null : peer };
          }
          w.hop(at, 'eth0', 'route', `${what} via ${peer.ip} dev eth0 proto bird (learned over BGP from ${peer.name}, AS ${bgp.asNumber}; no encapsulation)`);
          if (!crossSubnet) return { kind: 'wire', from: node, dev: 'eth0', nextHop: peer };
          w.hop(at, 'eth0', 'forward', `${peer.ip} is not on-link (another subnet): the packet goes to the router with the pod address as destination`);
          return { kind: 'wire', from: node, dev: 'eth0', nextHop: null };
        }
        w.hop(at, 'eth0', 'route', `no route for ${owner.range}: BGP is disabled and pool ${pool.name} does not use VXLAN`);
      }
      natOutgoing(w, node);
      w.hop(at, 'eth0', 'route', `default via ${routerOf(model, node)} dev eth0`);
      return { kind: 'wire', from: node, dev: 'eth0', nextHop: null };
    },
    arrive(w: Walk, node: SimNode, dev: string): string {
      const encap = w.encap;
      if (!encap || encap.outerDst !== node.ipNum) return dev;
      w.encap = null;
      w.hop(nodeAt(node), encap.device, 'decap', `${encap.kind === 'IPIP' ? 'IP-in-IP' : 'VXLAN'} header removed on ${encap.device}`);
      return encap.device;
    },
  };
}
