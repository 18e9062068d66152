import type { BridgeIpamState } from '../../ipam/ipam';
import type { ClusterModel, SimNode, SimPod } from '../../model/types';
import { findCidr4, inCidr4, ip4Text } from '../../net/ipv4';
import { localPod, nodeAt, podAt, type Dataplane, type Step, type Walk } from '../dataplane';
import { isLoopback, routerOf } from '../underlay';
import { vethNamer } from '../veth-names';

/**
 * The bridge plugin with host-local (kubenet's model; containernetworking/plugins `bridge`): each pod's eth0
 * is a veth whose peer is a port of the node's bridge (`cni0`, kubenet `cbr0`); the bridge holds the gateway
 * (`.1` of the node's podCIDR, `isGateway`). Pods on one node talk over the bridge after ARP; anything else
 * goes to the gateway and the host routes it: its podCIDR is on-link on the bridge, the rest leaves by the
 * default route and the underlay must know the other nodes' podCIDRs. Traffic to outside the cluster pod
 * CIDR is masqueraded (kubenet's `! -d <clusterCIDR> -j MASQUERADE`).
 *
 * @example
 * bridgeDataplane(model, model.ipam as BridgeIpamState).isLocal(node, ip4('10.244.0.1')) // => true
 */
export function bridgeDataplane(model: ClusterModel, ipam: BridgeIpamState): Dataplane {
  const veth = vethNamer('veth', 8);
  const br = ipam.bridgeName;
  const ipMasq = model.design.cni.bridge?.ipMasq ?? true;
  const gatewayOf = (node: SimNode): number => (node.podCidr ? node.podCidr.base + 1 : -1);

  const arpOnBridge = (w: Walk, node: SimNode, at: string, asker: string): Step => {
    const dst = w.pkt.dst;
    const target = localPod(model, node, dst);
    if (!target) {
      w.hop(at, asker, 'arp', `who-has ${ip4Text(dst)}: no answer on ${br}`);
      return { kind: 'end', verdict: 'dropped', reason: `no ARP answer for ${ip4Text(dst)} on ${br} of ${node.name}: no pod on the node has that address` };
    }
    w.hop(at, asker, 'arp', `who-has ${ip4Text(dst)}: ${target.key} answers from its eth0 (behind ${veth(target)} on ${br})`);
    return { kind: 'pod', pod: target, node, dev: veth(target) };
  };

  return {
    cni: 'bridge',
    hostVeth: veth,
    isLocal: (node, ip) => ip === gatewayOf(node),
    podEgress(w: Walk, pod: SimPod): Step {
      const node = pod.node!;
      const cidr = node.podCidr;
      const at = podAt(pod);
      const gw = gatewayOf(node);
      if (!cidr) return { kind: 'end', verdict: 'dropped', reason: `${node.name} has no podCIDR, so ${br} has no gateway address and ${pod.key} has no route out` };
      if (cidr && inCidr4(cidr, w.pkt.dst) && w.pkt.dst !== gw) {
        w.hop(at, 'eth0', 'route', `${cidr.text} dev eth0 scope link: ${ip4Text(w.pkt.dst)} is on the pod's own subnet`);
        const next = arpOnBridge(w, node, at, 'eth0');
        if (next.kind === 'pod') {
          w.hop(nodeAt(node), veth(pod), 'forward', `the frame leaves the pod's eth0 and enters ${br} through its peer ${veth(pod)}`);
          w.hop(nodeAt(node), br, 'switch', `${br} forwards the frame to port ${veth(next.pod)} (one L2 segment, no routing)`);
        }
        return next;
      }
      w.hop(at, 'eth0', 'route', `default via ${ip4Text(gw)} dev eth0 (the gateway on ${br})`);
      w.hop(nodeAt(node), veth(pod), 'forward', `enters ${node.name} through ${veth(pod)}, a port of ${br}; the frame is for ${br}'s own MAC, so the host routes it`);
      return { kind: 'host', node, inDev: br };
    },
    hostRoute(w: Walk, node: SimNode, inDev: string | null): Step {
      const dst = w.pkt.dst;
      const at = nodeAt(node);
      const gw = gatewayOf(node);
      if (dst === node.ipNum || dst === gw || isLoopback(dst)) {
        w.hop(at, inDev ?? 'lo', 'route', `local ${ip4Text(dst)} (table local): an address of ${node.name}`);
        return { kind: 'local', node, dev: inDev ?? 'lo' };
      }
      const cidr = node.podCidr;
      if (cidr && inCidr4(cidr, dst)) {
        if (inDev === null && w.pkt.src === node.ipNum) w.pkt.src = gw;
        w.hop(at, br, 'route', `${cidr.text} dev ${br} proto kernel scope link src ${ip4Text(gw)}`);
        return arpOnBridge(w, node, at, br);
      }
      if (ipMasq && cidr && inCidr4(cidr, w.pkt.src) && !findCidr4(ipam.clusterCidrs, dst)) {
        w.pkt.src = node.ipNum;
        w.hop(at, 'eth0', 'snat', `MASQUERADE to ${node.ip}: ${ip4Text(dst)} is outside the cluster pod CIDR ${ipam.clusterCidrs.map((c) => c.text).join(', ')} (kubenet: ! -d <clusterCIDR> -j MASQUERADE)`);
      }
      w.hop(at, 'eth0', 'route', `default via ${routerOf(model, node)} dev eth0`);
      return { kind: 'wire', from: node, dev: 'eth0', nextHop: null };
    },
    arrive: (_w, _node, dev) => dev,
  };
}
