import type { Inventory, Node } from '@podnet/contracts';
import type { ProxyNode } from './types';

/** The label kube-proxy and the EndpointSlice controller read a node's zone from. */
export const ZONE_LABEL = 'topology.kubernetes.io/zone';

/**
 * A Node manifest as kube-proxy sees it: InternalIPs (IPv4 first), labels, zone, podCIDRs.
 *
 * @example
 * proxyNodeFromManifest(node).zone // => 'us-east-1a'
 */
export function proxyNodeFromManifest(node: Node): ProxyNode {
  const labels = { ...(node.metadata.labels ?? {}) };
  const internal = (node.status?.addresses ?? []).filter((a) => a.type === 'InternalIP').map((a) => a.address);
  internal.sort((a, b) => Number(a.includes(':')) - Number(b.includes(':')));
  const zone = labels[ZONE_LABEL] ?? labels['failure-domain.beta.kubernetes.io/zone'];
  const podCIDRs = node.spec?.podCIDRs && node.spec.podCIDRs.length > 0 ? [...node.spec.podCIDRs] : node.spec?.podCIDR ? [node.spec.podCIDR] : [];
  return { name: node.metadata.name, addresses: internal, labels, ...(zone ? { zone } : {}), podCIDRs };
}

/**
 * The nodes an inventory names explicitly: Node manifests, then the design's `nodes` (node groups are expanded
 * by the simulation model, which may pass its own list to {@link buildServiceCatalog}).
 *
 * @example
 * inventoryNodes(inventory).map((n) => n.name) // => ['node-a', 'node-b']
 */
export function inventoryNodes(inventory: Pick<Inventory, 'nodes' | 'design'>): ProxyNode[] {
  const out = inventory.nodes.map(proxyNodeFromManifest);
  const seen = new Set(out.map((n) => n.name));
  for (const n of inventory.design.nodes) {
    if (seen.has(n.name)) continue;
    seen.add(n.name);
    const labels: Record<string, string> = { ...n.labels };
    if (n.availabilityZone && !labels[ZONE_LABEL]) labels[ZONE_LABEL] = n.availabilityZone;
    const zone = labels[ZONE_LABEL];
    out.push({ name: n.name, addresses: n.internalIP ? [n.internalIP] : [], labels, ...(zone ? { zone } : {}), podCIDRs: n.podCIDR ? [n.podCIDR] : [] });
  }
  return out;
}
