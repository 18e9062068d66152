import type { SimNode } from '../model/types';
import { cidr4Overlap, makeCidr4, type Cidr4 } from '../net/ipv4';

/**
 * Carves per-node podCIDRs out of the cluster CIDR the way kube-controller-manager's range allocator does
 * (`cidr_set.go` `AllocateNext`: next-fit from the start, one `nodeMask` block per node, in node order),
 * after marking the podCIDRs nodes already have and any block overlapping a service CIDR as taken.
 * Nodes that get none keep `podCidr` null; their names are returned.
 *
 * @example
 * carveNodeCidrs(nodes, cidr4('10.244.0.0/16')!, 24, []) // nodes[0].podCidr = 10.244.0.0/24, nodes[1] = 10.244.1.0/24
 */
export function carveNodeCidrs(nodes: readonly SimNode[], cluster: Cidr4, nodeMask: number, reserved: readonly Cidr4[]): string[] {
  const taken = new Set<number>();
  const step = 2 ** (32 - nodeMask);
  const count = nodeMask >= cluster.prefix ? 2 ** (nodeMask - cluster.prefix) : 0;
  const index = (base: number) => Math.floor((base - cluster.base) / step);
  for (const node of nodes) {
    if (node.podCidr && cidr4Overlap(node.podCidr, cluster)) {
      const first = index(Math.max(node.podCidr.base, cluster.base));
      const last = index(Math.min(node.podCidr.base + node.podCidr.size, cluster.base + cluster.size) - 1);
      for (let i = first; i <= last; i++) taken.add(i);
    }
  }
  for (const block of reserved) {
    if (!cidr4Overlap(block, cluster)) continue;
    const first = index(Math.max(block.base, cluster.base));
    const last = index(Math.min(block.base + block.size, cluster.base + cluster.size) - 1);
    for (let i = first; i <= last; i++) taken.add(i);
  }
  const left: string[] = [];
  let next = 0;
  for (const node of nodes) {
    if (node.podCidr) continue;
    while (next < count && taken.has(next)) next++;
    if (next >= count) {
      left.push(node.name);
      continue;
    }
    taken.add(next);
    node.podCidr = makeCidr4(cluster.base + next * step, nodeMask);
    next++;
  }
  return left;
}
