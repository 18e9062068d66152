import type { NodeHolding } from '@podnet/contracts';
import type { InstanceTypeLimits } from '../catalogue/instance-type';
import { simulateWarmPool } from '../warm-pool/simulate';
import type { DesignCni } from './design-cni';

/** Addresses one node takes on one side: /32s and /28 prefixes. */
export interface SideDemand {
  readonly singles: number;
  readonly prefixes: number;
}

/** What one node holds and where: the node's subnet and (custom networking) its ENIConfig subnet. */
export interface NodeCost {
  readonly holding: NodeHolding;
  readonly node: SideDemand;
  readonly pods: SideDemand;
}

/**
 * Addresses a side takes: /32s plus 16 per prefix.
 *
 * @example
 * sideAddresses({ singles: 2, prefixes: 3 }) // => 50
 */
export function sideAddresses(side: SideDemand): number {
  return side.singles + 16 * side.prefixes;
}

/**
 * Per-node cost at a pod count, from the ipamd simulation plus branch ENIs (one address each, in the trunk's
 * subnet). Results are cached in `cache` by type, max pods and pod counts.
 *
 * @example
 * nodeCost(getInstanceType('m5.large'), designCni(design), 29, 10, 0, new Map()).holding.subnetIps // => 30
 */
export function nodeCost(
  limits: InstanceTypeLimits,
  cni: DesignCni,
  maxPods: number,
  ipPods: number,
  branchPods: number,
  cache: Map<string, NodeCost>,
): NodeCost {
  const key = `${limits.instanceType}|${maxPods}|${ipPods}|${branchPods}|${JSON.stringify(cni.settings)}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const cost = cni.vpcCni
    ? vpcCniCost(limits, cni, maxPods, ipPods, branchPods)
    : overlayCost(ipPods);
  cache.set(key, cost);
  return cost;
}

function overlayCost(ipPods: number): NodeCost {
  return {
    holding: {
      ipPods,
      branchPods: 0,
      enis: 1,
      trunkEni: false,
      ips: 0,
      prefixes: null,
      unusedIps: 0,
      subnetIps: 1,
      nodeSubnetIps: 1,
      podSubnetIps: 0,
      unassignedPods: 0,
    },
    node: { singles: 1, prefixes: 0 },
    pods: { singles: 0, prefixes: 0 },
  };
}

function vpcCniCost(
  limits: InstanceTypeLimits,
  cni: DesignCni,
  maxPods: number,
  ipPods: number,
  branchPods: number,
): NodeCost {
  const pool = simulateWarmPool({ instanceType: limits, pods: ipPods, maxPods, ...cni.settings });
  const node = { singles: 0, prefixes: 0 };
  const pods = { singles: 0, prefixes: 0 };
  for (const eni of pool.eniHoldings) {
    const side = eni.subnet === 'pods' ? pods : node;
    side.singles += 1 + (eni.prefixes === null ? eni.ips : 0);
    side.prefixes += eni.prefixes ?? 0;
  }
  const branches = pool.trunkEni ? Math.min(branchPods, limits.branchEnis ?? 0) : 0;
  (cni.customNetworking ? pods : node).singles += branches;
  const nodeSubnetIps = sideAddresses(node);
  const podSubnetIps = sideAddresses(pods);
  return {
    holding: {
      ipPods,
      branchPods: branches,
      enis: pool.enis,
      trunkEni: pool.trunkEni,
      ips: pool.ips,
      prefixes: pool.prefixes,
      unusedIps: pool.unusedIps,
      subnetIps: nodeSubnetIps + podSubnetIps,
      nodeSubnetIps,
      podSubnetIps,
      unassignedPods: pool.unassignedPods + (branchPods - branches),
    },
    node,
    pods,
  };
}
