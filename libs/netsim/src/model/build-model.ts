import { DesignError, expandDaemonSet, findSubnet, serviceCidrs, type InputIssue, type Inventory, type PodRecord } from '@podnet/contracts';
import { IPAM } from '../ipam';
import { cidr4, type Cidr4 } from '../net/ipv4';
import { AddressBook } from './address-book';
import { buildNodes, defaultNodeNetwork, simSubnet } from './nodes';
import { toSimPod } from './pods';
import { schedulePods } from './scheduler';
import type { ClusterModel, SimNode, SimPod } from './types';

const blocks = (texts: readonly string[]): Cidr4[] => texts.map(cidr4).filter((c): c is Cidr4 => c !== null);

/**
 * Builds the cluster an inventory describes: nodes (explicit, Node manifests, node groups), DaemonSet pods
 * expanded per node, every pod placed by the scheduler, addresses from the CNI's IPAM, and lookups by name
 * and address. Pure and deterministic; the inventory is not modified. Two containers of a pod binding the
 * same port is a design error (DesignError with the path).
 *
 * @example
 * const model = buildClusterModel(loadInputs([{ name: 'd.yaml', text }]));
 * model.podByKey.get('default/web-0')?.ip // => '10.244.0.2'
 */
export function buildClusterModel(inventory: Inventory): ClusterModel {
  const { design } = inventory;
  const warnings: string[] = [];
  const book = new AddressBook();
  const designNodeNames = new Set(design.nodes.map((n) => n.name));
  const manifests = inventory.nodes.filter((n) => !designNodeNames.has(n.metadata.name));
  const nodes = buildNodes(design, manifests, book, warnings);

  const records: PodRecord[] = [...inventory.pods];
  for (const ds of inventory.daemonSets) {
    const present = inventory.pods.some((p) => p.namespace === ds.namespace && p.workload.kind === 'DaemonSet' && p.workload.name === ds.name);
    if (!present) records.push(...expandDaemonSet(ds, nodes));
  }
  const issues: InputIssue[] = [];
  const pods = records.map((record, i) => toSimPod(record, i, issues));
  if (issues.length > 0) throw new DesignError(issues);

  schedulePods(nodes, pods);
  for (const pod of pods) {
    if (pod.hostNetwork && pod.node) {
      pod.ip = pod.node.ip;
      pod.ipNum = pod.node.ipNum;
      pod.ipSource = 'node';
    }
  }
  const ipam = IPAM[design.cni.plugin]({
    design,
    nodes,
    book,
    warnings,
    generic: !inventory.hasDesign,
    subnet: (ref) => {
      const s = findSubnet(design, ref);
      return s ? simSubnet(s) : null;
    },
  });

  const nodeByName = new Map<string, SimNode>();
  const nodeByIp = new Map<number, SimNode>();
  for (const node of nodes) {
    nodeByName.set(node.name, node);
    nodeByIp.set(node.ipNum, node);
  }
  const podByKey = new Map<string, SimPod>();
  const podByIp = new Map<number, SimPod>();
  for (const pod of pods) {
    podByKey.set(pod.key, pod);
    if (pod.hostNetwork || pod.ipNum < 0 || pod.phase !== 'Running' || ipam.kind === 'docker-bridge') continue;
    const other = podByIp.get(pod.ipNum);
    if (other) warnings.push(`${pod.key} and ${other.key} both have address ${pod.ip}`);
    else podByIp.set(pod.ipNum, pod);
  }
  const pending = pods.filter((p) => p.phase === 'Pending').length;
  if (pending > 0) warnings.push(`${pending} pod(s) are Pending`);

  const aws = design.network.provider === 'aws';
  const vpcCidrs = aws ? blocks(design.network.vpc?.cidrBlocks ?? []) : [];
  return {
    inventory,
    design,
    cni: design.cni.plugin,
    region: aws ? (design.network.region ?? null) : null,
    nodes,
    pods,
    nodeByName,
    nodeByIp,
    podByKey,
    podByIp,
    vpcCidrs,
    podRanges: ipam.ranges,
    serviceCidrs: blocks(serviceCidrs(design)),
    nodeNetworks: aws ? vpcCidrs : [...blocks(design.network.subnets.map((s) => s.cidr)), defaultNodeNetwork(design)],
    ipam,
    warnings,
  };
}
