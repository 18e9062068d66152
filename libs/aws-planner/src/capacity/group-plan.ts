import type { ClusterDesign } from '@podnet/contracts';
import type { Catalogue } from '../catalogue/catalogue';
import type { InstanceTypeLimits } from '../catalogue/instance-type';
import { computeMaxPods, HOST_NETWORK_PODS, type MaxPodsResult } from '../enis/max-pods';
import type { SubnetSpace } from '../subnets/subnet-space';
import type { DesignCni } from './design-cni';
import { nodeCost, type NodeCost } from './node-cost';

type Group = ClusterDesign['nodeGroups'][number];

/** A node group resolved against the catalogue, the CNI and the subnets. */
export interface GroupPlan {
  readonly group: Group;
  readonly instanceType: string;
  readonly limits: InstanceTypeLimits;
  readonly minSize: number;
  readonly maxSize: number;
  readonly maxPods: number;
  readonly maxPodsSource: 'nodeGroup' | 'computed';
  /** The computed max pods (no cap) and how it comes about. */
  readonly maxPodsDetail: MaxPodsResult;
  readonly addressPodCapacity: number;
  readonly branchPodCapacity: number;
  /** Pods a node runs, host-network system pods included. */
  readonly podsPerNode: number;
  readonly expected: number;
  readonly expectedSource: 'nodeGroup' | 'workloads' | 'none';
  readonly expectedBranch: number;
  readonly nodeSubnets: readonly SubnetSpace[];
  /** ENIConfig subnet for each node subnet key (custom networking). */
  readonly podSubnets: ReadonlyMap<string, SubnetSpace>;
  readonly atExpected: NodeCost;
  readonly atMaxPods: NodeCost;
}

/** Everything a group plan needs from its surroundings. */
export interface GroupContext {
  readonly cni: DesignCni;
  readonly catalogue: Catalogue;
  readonly subnets: readonly SubnetSpace[];
  readonly derivedExpected: ReadonlyMap<string, number>;
  readonly cache: Map<string, NodeCost>;
  readonly warnings: string[];
}

function findSubnet(subnets: readonly SubnetSpace[], ref: string): SubnetSpace | undefined {
  return subnets.find((s) => s.name === ref || s.id === ref || s.key === ref);
}

function nodeSubnetsOf(group: Group, context: GroupContext): SubnetSpace[] {
  if (group.subnets !== undefined && group.subnets.length > 0) {
    const found: SubnetSpace[] = [];
    for (const ref of group.subnets) {
      const subnet = findSubnet(context.subnets, ref);
      if (subnet === undefined)
        context.warnings.push(
          `node group ${group.name}: subnet ${ref} is not an IPv4 subnet of the design`,
        );
      else found.push(subnet);
    }
    return found;
  }
  const byRole = (role: string) =>
    context.subnets.filter(
      (s) =>
        s.role === role &&
        (group.availabilityZones === undefined ||
          group.availabilityZones.includes(s.availabilityZone ?? '')),
    );
  const nodes = byRole('nodes');
  return nodes.length > 0 ? nodes : byRole('private');
}

function podSubnetsOf(
  group: Group,
  nodeSubnets: readonly SubnetSpace[],
  context: GroupContext,
): Map<string, SubnetSpace> {
  const result = new Map<string, SubnetSpace>();
  if (!context.cni.customNetworking) return result;
  for (const subnet of nodeSubnets) {
    const ref =
      subnet.availabilityZone === null
        ? undefined
        : context.cni.eniConfigs[subnet.availabilityZone];
    const podSubnet = ref === undefined ? undefined : findSubnet(context.subnets, ref);
    if (podSubnet === undefined) {
      context.warnings.push(
        `node group ${group.name}: no ENIConfig subnet for ${subnet.key} (zone ${subnet.availabilityZone ?? 'unknown'}); ipamd would not start ("Failed to attach any ENIs for custom networking"); its pods are counted in ${subnet.key}`,
      );
    } else result.set(subnet.key, podSubnet);
  }
  return result;
}

/**
 * Resolves a node group (`withMaxPods: false` skips the max-pods simulation, which recommendations do not need): its type's limits, max pods (the group's `maxPods`, else the computed value with no
 * cap, as nodeadm writes it), expected pods, subnets and what one node holds at expected and at max pods.
 *
 * @example
 * planGroup(design.nodeGroups[0], context).podsPerNode // => 29 for m5.large with default settings
 */
export function planGroup(
  group: Group,
  context: GroupContext,
  instanceType = group.instanceType,
  withMaxPods = true,
): GroupPlan {
  const limits = context.catalogue.get(instanceType);
  const { cni } = context;
  const computed = computeMaxPods(limits, {
    customNetworking: cni.customNetworking,
    prefixDelegation: cni.prefixDelegation,
    securityGroupsForPods: cni.securityGroupsForPods,
    ipv6: cni.ipv6,
    ...(cni.maxEni === null ? {} : { maxEni: cni.maxEni }),
    ...(cni.version === null ? {} : { cniVersion: cni.version }),
  });
  const branchPodCapacity = cni.vpcCni ? computed.branchPods : 0;
  const derived = context.derivedExpected.get(group.name);
  const expected = group.expectedPodsPerNode ?? derived ?? 0;
  const expectedSource =
    group.expectedPodsPerNode !== undefined
      ? 'nodeGroup'
      : derived !== undefined
        ? 'workloads'
        : 'none';
  // Branch ENIs add pods only for the pods that use them (security groups for pods).
  const expectedBranch = Math.min(
    group.expectedBranchPodsPerNode ?? 0,
    branchPodCapacity,
    expected,
  );
  const maxPods = group.maxPods ?? (cni.vpcCni ? computed.maxPods + expectedBranch : 110);
  if (group.maxPods === undefined && cni.vpcCni && !cni.ipv6) {
    const nodeadm = computeMaxPods(limits).maxPods;
    if (nodeadm !== maxPods) {
      context.warnings.push(
        `node group ${group.name}: maxPods is not set; podnet plans with ${maxPods} for these CNI settings, but nodeadm writes ${nodeadm} (the published table), so set maxPods: ${maxPods} on the group`,
      );
    }
  }
  const addressPodCapacity = !cni.vpcCni || cni.ipv6 ? maxPods : computed.uncapped;
  const podsPerNode = Math.min(maxPods, addressPodCapacity + expectedBranch);
  const nodeSubnets = nodeSubnetsOf(group, context);
  if (nodeSubnets.length === 0)
    context.warnings.push(`node group ${group.name}: no subnet to place nodes in`);
  const branchAtMax = Math.min(expectedBranch, Math.max(0, podsPerNode - HOST_NETWORK_PODS));
  const ipPodsAtMax = Math.max(0, podsPerNode - HOST_NETWORK_PODS - branchAtMax);
  const ipPodsExpected = Math.max(0, expected - expectedBranch);
  const atExpected = nodeCost(limits, cni, maxPods, ipPodsExpected, expectedBranch, context.cache);
  return {
    group,
    instanceType: limits.instanceType,
    limits,
    minSize: group.minSize ?? group.desiredSize,
    maxSize: Math.max(group.maxSize ?? group.desiredSize, group.desiredSize),
    maxPods,
    maxPodsSource: group.maxPods === undefined ? 'computed' : 'nodeGroup',
    maxPodsDetail: computed,
    addressPodCapacity,
    branchPodCapacity,
    podsPerNode,
    expected,
    expectedSource,
    expectedBranch,
    nodeSubnets,
    podSubnets: podSubnetsOf(group, nodeSubnets, context),
    atExpected,
    atMaxPods: withMaxPods
      ? nodeCost(limits, cni, maxPods, ipPodsAtMax, branchAtMax, context.cache)
      : atExpected,
  };
}
