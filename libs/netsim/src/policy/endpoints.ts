import { expandDaemonSet, type Inventory, type Node, type PodRecord } from '@podnet/contracts';
import { ipv4ToNumber } from './ipv4';
import type { L4Protocol } from './port-set';

/** A container port as NetworkPolicy sees it (named ports resolve against these). */
export interface PolicyContainerPort {
  name?: string;
  port: number;
  protocol: L4Protocol;
}

/** A pod with the facts policy evaluation needs. */
export interface PolicyPod {
  /** `namespace/name`. */
  key: string;
  namespace: string;
  name: string;
  labels: Readonly<Record<string, string>>;
  /** The pod's workload as `namespace/name` (cli-contract: the top owner, or the pod itself). */
  workload: string;
  workloadKind: string;
  /** The first IPv4 address the pod is seen with (its node's address for hostNetwork pods). */
  ip?: number;
  nodeName?: string;
  nodeIp?: number;
  hostNetwork: boolean;
  ports: readonly PolicyContainerPort[];
}

/** A node's name, labels and InternalIP (for ANP `nodes` peers and node-to-local-pod traffic). */
export interface PolicyNode {
  name: string;
  labels: Readonly<Record<string, string>>;
  ip?: number;
}

function nodeIp(node: Node): number | undefined {
  const addresses = node.status?.addresses ?? [];
  const internal = addresses.find((a) => a.type === 'InternalIP') ?? addresses[0];
  return internal ? ipv4ToNumber(internal.address) : undefined;
}

/**
 * Nodes of the inventory (Node manifests).
 *
 * @example
 * policyNodes(inventory)[0] // => { name: 'n1', labels: {...}, ip: 3232235521 }
 */
export function policyNodes(inventory: Inventory): PolicyNode[] {
  return inventory.nodes.map((n) => ({ name: n.metadata.name, labels: n.metadata.labels ?? {}, ip: nodeIp(n) }));
}

function toPolicyPod(record: PodRecord, nodes: ReadonlyMap<string, PolicyNode>): PolicyPod {
  const { pod } = record;
  const hostNetwork = pod.spec.hostNetwork === true;
  const nodeName = pod.spec.nodeName;
  const node = nodeName ? nodes.get(nodeName) : undefined;
  const hostIp = pod.status?.hostIP ? ipv4ToNumber(pod.status.hostIP) : undefined;
  const nodeAddress = hostIp ?? node?.ip;
  const podIps = [pod.status?.podIP, ...(pod.status?.podIPs ?? []).map((p) => p.ip)].filter((x): x is string => typeof x === 'string');
  const podIp = podIps.map(ipv4ToNumber).find((x) => x !== undefined);
  const ports: PolicyContainerPort[] = [];
  for (const c of pod.spec.containers) {
    for (const p of c.ports ?? []) ports.push({ ...(p.name ? { name: p.name } : {}), port: p.containerPort, protocol: p.protocol });
  }
  ports.sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol) || (a.name ?? '').localeCompare(b.name ?? ''));
  const ip = hostNetwork ? (nodeAddress ?? podIp) : podIp;
  return {
    key: `${record.namespace}/${record.name}`,
    namespace: record.namespace,
    name: record.name,
    labels: record.labels,
    workload: `${record.namespace}/${record.workload.name}`,
    workloadKind: record.workload.kind,
    ...(ip !== undefined ? { ip } : {}),
    ...(nodeName ? { nodeName } : {}),
    ...(nodeAddress !== undefined ? { nodeIp: nodeAddress } : {}),
    hostNetwork,
    ports,
  };
}

/**
 * Every pod of the inventory as policy sees it, DaemonSets expanded over the Node manifests (one pod per
 * eligible node, `expandDaemonSet`), sorted by `namespace/name`. Never mutates the inventory.
 *
 * @example
 * policyPods(inventory, policyNodes(inventory)).map((p) => p.key) // => ['ops/agent-x7k2p', 'shop/web-0']
 */
export function policyPods(inventory: Inventory, nodes: readonly PolicyNode[]): PolicyPod[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const records: PodRecord[] = [...inventory.pods];
  if (inventory.nodes.length > 0) {
    const schedulable = inventory.nodes.map((n) => ({ name: n.metadata.name, labels: n.metadata.labels ?? {}, taints: n.spec?.taints ?? [] }));
    // A caller that already placed the DaemonSet's pods (the simulation model does) gets them once.
    const placed = new Set(inventory.pods.filter((p) => p.workload.kind === 'DaemonSet').map((p) => `${p.namespace}/${p.workload.name}`));
    for (const ds of inventory.daemonSets) if (!placed.has(`${ds.namespace}/${ds.name}`)) records.push(...expandDaemonSet(ds, schedulable));
  }
  const seen = new Set<string>();
  return records
    .map((r) => toPolicyPod(r, byName))
    .filter((p) => !seen.has(p.key) && seen.add(p.key) !== undefined)
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
