import { podCidrs, serviceCidrs } from '@podnet/contracts';
import { statusPodIp } from '../model/pods';
import type { SimNode } from '../model/types';
import { cidr4, inCidr4, ip4Text, maskOf, type Cidr4 } from '../net/ipv4';
import { failPod, setPodIp, type BridgeIpamState, type IpamContext, type RangeOwner } from './ipam';
import { carveNodeCidrs } from './node-cidrs';

/**
 * bridge + host-local IPAM on each node's podCIDR (containernetworking/plugins `host-local`): the gateway
 * (`.1`) sits on the bridge and is skipped, addresses are handed out ascending from `.2` (a fresh range's
 * round-robin starts at rangeStart), the broadcast address is never used. A `status.podIP` is kept and
 * checked against the node's podCIDR. A node with a full range leaves the pod Pending with host-local's error.
 *
 * @example
 * allocateHostLocal(ctx).ownerOf(ip4('10.244.1.7'))?.range // => '10.244.1.0/24'
 */
export function allocateHostLocal(ctx: IpamContext, bridgeName: string): BridgeIpamState {
  const clusterCidrs = podCidrs(ctx.design).map(cidr4).filter((c): c is Cidr4 => c !== null);
  const cluster = clusterCidrs[0];
  const reserved = serviceCidrs(ctx.design).map(cidr4).filter((c): c is Cidr4 => c !== null);
  if (cluster) {
    const left = carveNodeCidrs(ctx.nodes, cluster, ctx.design.cluster.nodeCIDRMaskSize, reserved);
    if (left.length > 0) ctx.warnings.push(`cluster CIDR ${cluster.text} has no /${ctx.design.cluster.nodeCIDRMaskSize} left for ${left.length} node(s) (${left.slice(0, 3).join(', ')}${left.length > 3 ? ', ...' : ''})`);
  }
  failPodsWithoutCidr(ctx.nodes);

  const byPrefix = new Map<number, Map<number, SimNode>>();
  for (const node of ctx.nodes) {
    const c = node.podCidr;
    if (!c) continue;
    let table = byPrefix.get(c.prefix);
    if (!table) byPrefix.set(c.prefix, (table = new Map()));
    table.set(c.base, node);
    allocateNode(node, ctx.warnings);
  }
  const prefixes = [...byPrefix.keys()].sort((a, b) => b - a);
  return {
    kind: 'bridge',
    bridgeName,
    clusterCidrs,
    ranges: clusterCidrs,
    ownerOf(ip: number): RangeOwner | null {
      for (const prefix of prefixes) {
        const node = byPrefix.get(prefix)!.get((ip & maskOf(prefix)) >>> 0);
        if (node) return { node, range: node.podCidr!.text };
      }
      return null;
    },
  };
}

function allocateNode(node: SimNode, warnings: string[]): void {
  const range = node.podCidr!;
  const used = new Set<number>([range.base + 1]);
  const first = range.base + 2;
  const last = range.base + range.size - 2;
  const pending = [];
  for (const pod of node.pods) {
    if (pod.hostNetwork || pod.phase !== 'Running') continue;
    const wanted = statusPodIp(pod);
    if (wanted >= 0) {
      if (!inCidr4(range, wanted)) warnings.push(`${pod.key}: status.podIP ${ip4Text(wanted)} is outside ${node.name}'s podCIDR ${range.text}`);
      used.add(wanted);
      setPodIp(pod, wanted, ip4Text(wanted), 'status');
    } else pending.push(pod);
  }
  let next = first;
  for (const pod of pending) {
    while (next <= last && used.has(next)) next++;
    if (next > last) {
      failPod(pod, `failed to allocate for range 0: no IP addresses available in range set: ${ip4Text(first - 1)}-${ip4Text(last)} (host-local on ${node.name}, podCIDR ${range.text})`);
      continue;
    }
    used.add(next);
    setPodIp(pod, next, ip4Text(next), 'ipam');
    next++;
  }
}

/** A node without a podCIDR cannot start pods: kubelet waits for one. */
function failPodsWithoutCidr(nodes: readonly SimNode[]): void {
  for (const node of nodes) {
    if (node.podCidr) continue;
    for (const pod of node.pods) {
      if (!pod.hostNetwork && pod.phase === 'Running' && statusPodIp(pod) < 0) failPod(pod, `node ${node.name} has no podCIDR (the cluster CIDR is exhausted), so the CNI cannot give the pod an address`);
    }
  }
}
