import type { DockerIpamState } from '../../ipam/ipam';
import type { ClusterModel, SimNode, SimPod } from '../../model/types';
import { inCidr4, ip4Text } from '../../net/ipv4';
import { nodeAt, podAt, type Dataplane, type Step, type Walk } from '../dataplane';
import { isLoopback, routerOf } from '../underlay';
import { vethNamer } from '../veth-names';

/**
 * Docker's default bridge (Docker docs, "Bridge network driver", "Packet filtering and firewalls"): `docker0`
 * holds 172.17.0.1/16 on every host; containers reach each other on one host over the bridge; everything else
 * goes to the gateway, is masqueraded (`-s 172.17.0.0/16 ! -o docker0 -j MASQUERADE`) and leaves with the
 * host's address. Container addresses repeat on every host and no host routes another's: a container elsewhere
 * is reached only through a published port (`hostIP:hostPort`, DNAT in the DOCKER chain).
 *
 * @example
 * dockerDataplane(model, model.ipam as DockerIpamState).isLocal(node, ip4('172.17.0.1')) // => true
 */
export function dockerDataplane(model: ClusterModel, ipam: DockerIpamState): Dataplane {
  const veth = vethNamer('veth', 7);
  const br = ipam.bridgeName;
  const gw = ipam.cidr.base + 1;
  let byIp: Map<number, SimPod> | null = null;
  /** A container elsewhere with this address (for the reason of a drop), indexed on first use. */
  const elsewhere = (ip: number, node: SimNode): SimPod | undefined => {
    if (!byIp) {
      byIp = new Map();
      for (const map of ipam.local) for (const [addr, pod] of map) if (!byIp.has(addr)) byIp.set(addr, pod);
    }
    const first = byIp.get(ip);
    if (!first || first.node !== node) return first;
    return ipam.local.find((map, i) => i !== node.index && map.has(ip))?.get(ip);
  };

  const arpOnBridge = (w: Walk, node: SimNode, at: string, asker: string): Step => {
    const dst = w.pkt.dst;
    const target = ipam.local[node.index]?.get(dst);
    if (!target) {
      const other = elsewhere(dst, node);
      w.hop(at, asker, 'arp', `who-has ${ip4Text(dst)}: no answer on ${br}`);
      const hint = other ? `; ${other.key} has ${ip4Text(dst)} on ${other.node!.name}, but Docker bridge addresses are per host and not routable between hosts: publish a port and use hostIP:hostPort` : '';
      return { kind: 'end', verdict: 'dropped', reason: `no ARP answer for ${ip4Text(dst)} on ${br} of ${node.name}: no container on this host has it${hint}` };
    }
    w.hop(at, asker, 'arp', `who-has ${ip4Text(dst)}: ${target.key} answers (behind ${veth(target)} on ${br})`);
    return { kind: 'pod', pod: target, node, dev: veth(target) };
  };

  return {
    cni: 'docker-bridge',
    hostVeth: veth,
    isLocal: (_node, ip) => ip === gw,
    podEgress(w: Walk, pod: SimPod): Step {
      const node = pod.node!;
      const at = podAt(pod);
      if (inCidr4(ipam.cidr, w.pkt.dst) && w.pkt.dst !== gw) {
        w.hop(at, 'eth0', 'route', `${ipam.cidr.text} dev eth0 scope link: ${ip4Text(w.pkt.dst)} is on this host's ${br} subnet`);
        const next = arpOnBridge(w, node, at, 'eth0');
        if (next.kind === 'pod') {
          w.hop(nodeAt(node), veth(pod), 'forward', `the frame leaves the pod's eth0 and enters ${br} through its peer ${veth(pod)}`);
          w.hop(nodeAt(node), br, 'switch', `${br} forwards the frame to port ${veth(next.pod)} (one L2 segment, no routing)`);
        }
        return next;
      }
      w.hop(at, 'eth0', 'route', `default via ${ip4Text(gw)} dev eth0 (${br})`);
      w.hop(nodeAt(node), veth(pod), 'forward', `enters host ${node.name} through ${veth(pod)} on ${br}`);
      return { kind: 'host', node, inDev: br };
    },
    hostRoute(w: Walk, node: SimNode, inDev: string | null): Step {
      const dst = w.pkt.dst;
      const at = nodeAt(node);
      if (dst === node.ipNum || dst === gw || isLoopback(dst)) {
        w.hop(at, inDev ?? 'lo', 'route', `local ${ip4Text(dst)} (table local): an address of ${node.name}`);
        return { kind: 'local', node, dev: inDev ?? 'lo' };
      }
      if (inCidr4(ipam.cidr, dst)) {
        if (inDev === null && w.pkt.src === node.ipNum) w.pkt.src = gw;
        w.hop(at, br, 'route', `${ipam.cidr.text} dev ${br} proto kernel scope link src ${ip4Text(gw)}`);
        return arpOnBridge(w, node, at, br);
      }
      if (ipam.ipMasq && inCidr4(ipam.cidr, w.pkt.src)) {
        w.pkt.src = node.ipNum;
        w.hop(at, 'eth0', 'snat', `MASQUERADE to ${node.ip} (-A POSTROUTING -s ${ipam.cidr.text} ! -o ${br} -j MASQUERADE)`);
      }
      w.hop(at, 'eth0', 'route', `default via ${routerOf(model, node)} dev eth0`);
      return { kind: 'wire', from: node, dev: 'eth0', nextHop: null };
    },
    arrive: (_w, _node, dev) => dev,
  };
}
