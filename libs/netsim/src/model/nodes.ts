import { findSubnet, nodeGroupSubnets, podCidrs, serviceCidrs, type ClusterDesign, type Node, type Subnet, type Taint } from '@podnet/contracts';
import { cidr4, cidr4Overlap, ip4, ip4Text, type Cidr4 } from '../net/ipv4';
import type { AddressBook } from './address-book';
import { nodeMaxPods } from './max-pods';
import { eksNodeName } from './node-naming';
import type { SimNode, SimSubnet } from './types';

/** AWS keeps the first four addresses and the last of every subnet (Amazon VPC user guide, "Subnet CIDR blocks"). */
const AWS_FIRST = 4;
const AWS_TAIL = 1;
/** On a generic node network, nodes start at .10 (the router is .1) and the broadcast address is skipped. */
const GENERIC_FIRST = 10;
const GENERIC_TAIL = 1;

const DEFAULT_NODE_NETWORKS = ['10.0.0.0/16', '172.16.0.0/16', '192.168.0.0/16'];

/**
 * The subnet as the model keeps it.
 *
 * @example
 * simSubnet({ name: 'a', cidr: '10.0.1.0/24', role: 'private' }).cidr.size // => 256
 */
export function simSubnet(subnet: Subnet): SimSubnet {
  return { name: subnet.name ?? subnet.id ?? subnet.cidr, cidr: cidr4(subnet.cidr)!, zone: subnet.availabilityZone ?? null, role: subnet.role };
}

/**
 * Where nodes without a subnet get their address on a generic cluster: the first of 10.0.0.0/16, 172.16.0.0/16,
 * 192.168.0.0/16 clear of pod and service ranges.
 *
 * @example
 * defaultNodeNetwork(design).text // => '10.0.0.0/16'
 */
export function defaultNodeNetwork(design: ClusterDesign): Cidr4 {
  const taken = [...podCidrs(design), ...serviceCidrs(design), ...(design.cni.calico?.ipPools ?? []).map((p) => p.cidr)]
    .map((c) => cidr4(c))
    .filter((c): c is Cidr4 => c !== null);
  for (const text of DEFAULT_NODE_NETWORKS) {
    const block = cidr4(text)!;
    if (!taken.some((t) => cidr4Overlap(t, block))) return block;
  }
  return cidr4('100.64.0.0/16')!;
}

interface Draft {
  name: string | null;
  ip: number;
  origin: SimNode['origin'];
  group: string | null;
  instanceType: string | null;
  zone: string | null;
  subnet: SimSubnet | null;
  labels: Record<string, string>;
  taints: Taint[];
  podCidr: Cidr4 | null;
  explicitMaxPods?: { value: number; what: string };
}

function manifestIp(node: Node): number {
  const internal = (node.status?.addresses ?? []).find((a) => a.type === 'InternalIP');
  return internal ? ip4(internal.address) : -1;
}

function capacityPods(node: Node): number | undefined {
  const raw = node.status?.capacity?.['pods'] ?? node.status?.allocatable?.['pods'];
  const value = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

/**
 * The nodes of a design, in node order: explicit `nodes`, then Node manifests, then node groups (each group's
 * nodes spread round-robin over its subnets, the way an Auto Scaling group balances zones). Node-group nodes on
 * AWS are named like EKS names them (`ip-10-0-1-23.ec2.internal`); elsewhere `<group>-<n>`. Addresses come from
 * the node's subnet in ascending order (AWS: from .4; generic: from .10 of the default node network).
 *
 * @example
 * buildNodes(design, [], book, warnings).map((n) => n.name) // => ['ip-10-0-1-4.ec2.internal', ...]
 */
export function buildNodes(design: ClusterDesign, manifests: readonly Node[], book: AddressBook, warnings: string[]): SimNode[] {
  const aws = design.network.provider === 'aws';
  const region = design.network.region ?? 'us-east-1';
  const fallback = defaultNodeNetwork(design);
  const drafts: Draft[] = [];

  for (const node of design.nodes) {
    const subnet = node.subnet ? findSubnet(design, node.subnet) : undefined;
    const ip = node.internalIP ? ip4(node.internalIP) : -1;
    if (ip >= 0) book.reserve(ip);
    drafts.push({
      name: node.name,
      ip,
      origin: 'design',
      group: null,
      instanceType: node.instanceType ?? null,
      zone: node.availabilityZone ?? subnet?.availabilityZone ?? null,
      subnet: subnet ? simSubnet(subnet) : null,
      labels: { ...node.labels },
      taints: [...node.taints],
      podCidr: node.podCIDR ? cidr4(node.podCIDR) : null,
      ...(node.maxPods ? { explicitMaxPods: { value: node.maxPods, what: `node ${node.name} (maxPods)` } } : {}),
    });
  }
  for (const node of manifests) {
    const ip = manifestIp(node);
    if (ip >= 0) book.reserve(ip);
    const labels = { ...(node.metadata.labels ?? {}) };
    const subnet = ip >= 0 ? design.network.subnets.find((s) => { const c = cidr4(s.cidr); return c !== null && ip >= c.base && ip < c.base + c.size; }) : undefined;
    const pods = capacityPods(node);
    const podCidrText = node.spec?.podCIDR ?? node.spec?.podCIDRs?.[0];
    drafts.push({
      name: node.metadata.name,
      ip,
      origin: 'manifest',
      group: labels['eks.amazonaws.com/nodegroup'] ?? null,
      instanceType: labels['node.kubernetes.io/instance-type'] ?? labels['beta.kubernetes.io/instance-type'] ?? null,
      zone: labels['topology.kubernetes.io/zone'] ?? subnet?.availabilityZone ?? null,
      subnet: subnet ? simSubnet(subnet) : null,
      labels,
      taints: [...(node.spec?.taints ?? [])],
      podCidr: podCidrText ? cidr4(podCidrText) : null,
      ...(pods ? { explicitMaxPods: { value: pods, what: `node ${node.metadata.name} (status.capacity.pods)` } } : {}),
    });
  }
  for (const group of design.nodeGroups) {
    const subnets = nodeGroupSubnets(design, group).map(simSubnet);
    for (let i = 0; i < group.desiredSize; i++) {
      const subnet = subnets.length > 0 ? subnets[i % subnets.length]! : null;
      drafts.push({
        name: subnet && aws ? null : `${group.name}-${i + 1}`,
        ip: -1,
        origin: 'nodeGroup',
        group: group.name,
        instanceType: group.instanceType,
        zone: subnet?.zone ?? null,
        subnet,
        labels: {
          ...(aws ? { 'eks.amazonaws.com/nodegroup': group.name } : {}),
          'node.kubernetes.io/instance-type': group.instanceType,
          ...(subnet?.zone ? { 'topology.kubernetes.io/zone': subnet.zone } : {}),
          'kubernetes.io/os': 'linux',
          ...group.labels,
        },
        taints: [...group.taints],
        podCidr: null,
        ...(group.maxPods ? { explicitMaxPods: { value: group.maxPods, what: `node group ${group.name} (maxPods)` } } : {}),
      });
    }
  }

  return drafts.map((draft, index) => {
    let ip = draft.ip;
    if (ip < 0) {
      const block = draft.subnet?.cidr ?? fallback;
      ip = aws && draft.subnet ? book.next(block, AWS_FIRST, AWS_TAIL) : book.next(block, GENERIC_FIRST, GENERIC_TAIL);
      if (ip < 0) throw new RangeError(`no free address for a node in ${block.text}`);
    }
    const name = draft.name ?? eksNodeName(ip, region);
    const max = nodeMaxPods(design, draft.instanceType, draft.explicitMaxPods, warnings);
    return {
      index,
      name,
      ip: ip4Text(ip),
      ipNum: ip,
      origin: draft.origin,
      group: draft.group,
      instanceType: draft.instanceType,
      zone: draft.zone,
      subnet: draft.subnet,
      labels: { 'kubernetes.io/hostname': name, ...draft.labels },
      taints: draft.taints,
      maxPods: max.maxPods,
      maxPodsSource: max.source,
      podCidr: draft.podCidr,
      pods: [],
    };
  });
}
