import type { BindingLimit, SubnetScenario } from '@podnet/contracts';
import { HOST_NETWORK_PODS } from '../enis/max-pods';
import { blockStats, type SubnetSpace } from '../subnets/subnet-space';
import type { DesignCni } from './design-cni';
import type { GroupPlan } from './group-plan';

/** Addresses one node of the group takes at max pods in subnet `key` (node side, pod side, or both). */
function perNodeAddresses(plan: GroupPlan, key: string): number {
  const { node, pods } = plan.atMaxPods;
  const addresses = (side: { singles: number; prefixes: number }) =>
    side.singles + 16 * side.prefixes;
  let total = 0;
  for (const subnet of plan.nodeSubnets) {
    const podSubnet = plan.podSubnets.get(subnet.key) ?? subnet;
    if (subnet.key === key)
      total = Math.max(total, addresses(node) + (podSubnet.key === key ? addresses(pods) : 0));
    else if (podSubnet.key === key) total = Math.max(total, addresses(pods));
  }
  return total;
}

/**
 * Why a node stops at `podsPerNode` pods, in words.
 *
 * @example
 * perNodeBinding(plan, cni).explanation // => 'm5.large nodes stop at 29 pods: 3 ENIs x 9 secondary IPs + 2 host-network pods; ...'
 */
export function perNodeBinding(plan: GroupPlan, cni: DesignCni): BindingLimit {
  const d = plan.maxPodsDetail;
  const type = plan.instanceType;
  const source = plan.maxPodsSource === 'nodeGroup' ? 'set on the node group' : 'computed, no cap';
  if (!cni.vpcCni || cni.ipv6) {
    const why = cni.ipv6
      ? 'IPv6 pod addresses never run out'
      : `${cni.plugin} gives pods addresses outside the VPC subnets`;
    return {
      limit: 'max-pods',
      subnet: null,
      explanation: `${type} nodes stop at ${plan.podsPerNode} pods: kubelet maxPods ${plan.maxPods} (${source}); ${why}`,
    };
  }
  const perEni = d.prefixDelegation
    ? `${d.addressesPerEni} addresses (/28 prefixes)`
    : `${d.addressesPerEni} secondary IPs`;
  const branch = plan.expectedBranch > 0 ? ` + ${plan.expectedBranch} branch-ENI pods` : '';
  const formula = `${d.podEnis} ENIs x ${perEni} + ${HOST_NETWORK_PODS} host-network pods${branch}`;
  if (plan.maxPods < plan.addressPodCapacity + plan.expectedBranch) {
    return {
      limit: 'max-pods',
      subnet: null,
      explanation: `${type} nodes stop at ${plan.podsPerNode} pods: kubelet maxPods ${plan.maxPods} (${source}) is below what the ENIs allow (${formula} = ${plan.addressPodCapacity + plan.expectedBranch})`,
    };
  }
  return {
    limit: 'enis',
    subnet: null,
    explanation: `${type} nodes stop at ${plan.podsPerNode} pods: ${formula}; kubelet maxPods ${plan.maxPods} is not reached`,
  };
}

/**
 * The limit a group meets first: a subnet that cannot hold the group at max size and max pods (addresses, or
 * aligned /28 blocks with prefix delegation), else the per-node limit.
 *
 * @example
 * groupBinding(plan, cni, spaces, maxSize, current).limit // => 'subnet'
 */
export function groupBinding(
  plan: GroupPlan,
  cni: DesignCni,
  subnets: ReadonlyMap<string, SubnetSpace>,
  atMaxSize: ReadonlyMap<string, SubnetScenario>,
  current: ReadonlyMap<string, SubnetScenario>,
): BindingLimit {
  const keys = new Set<string>();
  for (const subnet of plan.nodeSubnets) {
    keys.add(subnet.key);
    const podSubnet = plan.podSubnets.get(subnet.key);
    if (podSubnet !== undefined) keys.add(podSubnet.key);
  }
  let worst: { key: string; load: number } | null = null;
  for (const key of [...keys].sort()) {
    const scenario = atMaxSize.get(key);
    const space = subnets.get(key);
    if (scenario === undefined || space === undefined || !scenario.exhausted) continue;
    const load = scenario.used / Math.max(1, space.usable);
    if (worst === null || load > worst.load) worst = { key, load };
  }
  const perNode = perNodeBinding(plan, cni);
  if (worst === null) return perNode;
  const space = subnets.get(worst.key);
  const scenario = atMaxSize.get(worst.key);
  const now = current.get(worst.key);
  if (space === undefined || scenario === undefined || now === undefined) return perNode;
  const already = now.exhausted ? ' It is exhausted already at the desired sizes.' : '';
  const scale = `at max size (${plan.maxSize} x ${plan.instanceType}, with the other groups at max size too) and ${plan.podsPerNode} pods per node`;
  if (scenario.used > space.usable) {
    return {
      limit: 'subnet',
      subnet: worst.key,
      explanation: `subnet ${worst.key} (${space.cidr}) runs out first: ${scale} it needs ${scenario.used} addresses, ${space.usable} are usable (${space.size} minus 5 reserved by AWS); a node of this group takes ${perNodeAddresses(plan, worst.key)} of them at max pods.${already}`,
    };
  }
  const blocks = blockStats(space, scenario.singleAddresses, 0).freeBlocksPacked;
  return {
    limit: 'prefix-fragmentation',
    subnet: worst.key,
    explanation: `subnet ${worst.key} (${space.cidr}) runs out of aligned /28 blocks first: ${scale} it needs ${scenario.prefixes} prefixes, but at most ${blocks} free /28 blocks remain beside ${scenario.singleAddresses} /32 addresses, though ${space.usable - scenario.used} addresses are free: EC2 answers InsufficientCidrBlocks. Use a dedicated pod subnet or a prefix CIDR reservation.${already}`,
  };
}
