import type {
  BindingLimit,
  CapacityReport,
  ClusterDesign,
  NodeGroupCapacity,
  SubnetCapacity,
  SubnetScenario,
  WorkloadRecord,
} from '@podnet/contracts';
import { defaultCatalogue, type Catalogue } from '../catalogue/catalogue';
import { HOST_NETWORK_PODS } from '../enis/max-pods';
import { subnetSpace, type SubnetSpace } from '../subnets/subnet-space';
import { groupBinding } from './binding';
import { clusterBinding } from './cluster-binding';
import { compareOn } from './compare';
import { designCni, type DesignCni } from './design-cni';
import { expectedPodsFromWorkloads, type PodLike } from './expected-pods';
import { planGroup, type GroupContext, type GroupPlan } from './group-plan';
import { additionalNodes, additionalPods } from './headroom';
import { recommend } from './recommend';
import { scenarios } from './scenarios';
import { SubnetLedger } from './subnet-ledger';

/** What the capacity plan reads: the design and, optionally, the workloads' pods and DaemonSets. */
export interface CapacityInput {
  readonly design: ClusterDesign;
  /** Pods of the inventory, to derive expected pods per node where a group does not say. */
  readonly pods?: readonly PodLike[];
  readonly daemonSets?: readonly Pick<WorkloadRecord, 'template'>[];
}

export interface CapacityOptions {
  readonly catalogue?: Catalogue;
  /** What-if: the same design with every node group on each of these types. */
  readonly compare?: readonly string[];
  /** Compute recommendations (default true). */
  readonly recommendations?: boolean;
  /** Target pods per node for recommendations (default: each group's expected pods). */
  readonly targetPodsPerNode?: number;
}

type Group = ClusterDesign['nodeGroups'][number];

function groupsOf(design: ClusterDesign): Group[] {
  const explicit: Group[] = design.nodes
    .filter((node) => node.instanceType !== undefined)
    .map((node) => ({
      name: `node/${node.name}`,
      instanceType: node.instanceType ?? '',
      desiredSize: 1,
      minSize: 1,
      maxSize: 1,
      ...(node.subnet === undefined ? {} : { subnets: [node.subnet] }),
      ...(node.maxPods === undefined ? {} : { maxPods: node.maxPods }),
      labels: node.labels,
      taints: node.taints,
    }));
  return [...design.nodeGroups, ...explicit];
}

/**
 * Plans a design's capacity on EKS with the Amazon VPC CNI: what each node holds at its expected pods and at
 * max pods (ipamd simulation), the addresses each subnet gives (5 reserved per subnet, ENIConfig subnets under
 * custom networking, free aligned /28 blocks for prefixes), how many more nodes and pods fit, the limit that
 * binds first in words, recommendations and what-if comparisons. Same input, same output; the design is not
 * modified.
 *
 * @example
 * const report = planCapacity({ design: inventory.design, pods: inventory.pods, daemonSets: inventory.daemonSets });
 * report.binding.explanation // => 'node group general: subnet private-a (10.0.0.0/24) runs out first: ...'
 */
export function planCapacity(input: CapacityInput, options: CapacityOptions = {}): CapacityReport {
  const { design } = input;
  const catalogue = options.catalogue ?? defaultCatalogue();
  const cni: DesignCni = designCni(design);
  const warnings: string[] = [];
  const subnets: SubnetSpace[] = [];
  for (const subnet of design.network.subnets) {
    const space = subnetSpace(subnet);
    if (space === null) continue;
    if (subnets.some((s) => s.key === space.key))
      warnings.push(`subnet ${space.key} appears twice; the second is ignored`);
    else subnets.push(space);
  }
  const spaces = new Map(subnets.map((s) => [s.key, s]));
  const derived =
    input.pods !== undefined || input.daemonSets !== undefined
      ? expectedPodsFromWorkloads(design, input.pods ?? [], input.daemonSets ?? [])
      : undefined;
  if (derived !== undefined && derived.unplaced > 0 && design.nodeGroups.length > 0) {
    warnings.push(
      `${derived.unplaced} pod(s) fit no node group (nodeSelector or taints) and are not counted`,
    );
  }
  const context: GroupContext = {
    cni,
    catalogue,
    subnets,
    derivedExpected: derived?.perNode ?? new Map(),
    cache: new Map(),
    warnings,
  };
  const groups = groupsOf(design);
  const plans = groups.map((group) => planGroup(group, context));
  const s = scenarios(plans, subnets);

  const bindings = new Map<string, BindingLimit>();
  const nodeGroups: NodeGroupCapacity[] = plans.map((plan) => {
    const binding = groupBinding(plan, cni, spaces, s.maxSize, s.current);
    bindings.set(plan.group.name, binding);
    const nodes = additionalNodes(plan, s.current);
    const pods = additionalPods(plan, s.current, s.maxPods);
    return {
      name: plan.group.name,
      instanceType: plan.instanceType,
      desiredSize: plan.group.desiredSize,
      minSize: plan.minSize,
      maxSize: plan.maxSize,
      subnets: plan.nodeSubnets.map((x) => x.key),
      podSubnets: Object.fromEntries([...plan.podSubnets].map(([k, v]) => [k, v.key])),
      maxPods: plan.maxPods,
      maxPodsSource: plan.maxPodsSource,
      podsPerNode: plan.podsPerNode,
      addressPodCapacity: plan.addressPodCapacity,
      branchPodCapacity: plan.branchPodCapacity,
      expectedPodsPerNode: plan.expected,
      expectedPodsSource: plan.expectedSource,
      expectedBranchPodsPerNode: plan.expectedBranch,
      perNode: { expected: plan.atExpected.holding, atMaxPods: plan.atMaxPods.holding },
      binding,
      headroom: {
        additionalNodes: nodes.total,
        additionalPods: pods.pods,
        limitedBy: pods.limitedBy ?? nodes.limitedBy,
      },
    };
  });

  const subnetReports: SubnetCapacity[] = subnets.map((space) => {
    const additional: Record<string, number> = {};
    for (const plan of plans) {
      if (!plan.nodeSubnets.includes(space)) continue;
      additional[plan.group.name] = additionalNodes(plan, s.current).bySubnet.get(space.key) ?? 0;
    }
    const scenario = (map: Map<string, SubnetScenario>) =>
      map.get(space.key) ?? new SubnetLedger([space]).scenario(space);
    return {
      key: space.key,
      name: space.name,
      id: space.id,
      cidr: space.cidr,
      availabilityZone: space.availabilityZone,
      role: space.role,
      size: space.size,
      reserved: space.size - space.usable,
      usable: space.usable,
      alignedBlocks: space.alignedBlocks,
      scenarios: {
        current: scenario(s.current),
        maxPods: scenario(s.maxPods),
        maxSize: scenario(s.maxSize),
      },
      additionalNodes: additional,
    };
  });

  const recommendations =
    options.recommendations === false
      ? []
      : recommend(plans, cni, context, options.targetPodsPerNode);
  const comparisons = (options.compare ?? []).map((type) =>
    compareOn(type, groups, context, subnets),
  );
  const workloadPods = (p: GroupPlan) => Math.max(0, p.podsPerNode - HOST_NETWORK_PODS);
  const sumUsed = [...s.current.values()].reduce((n, x) => n + x.used, 0);

  return {
    kind: 'CapacityReport',
    design: design.metadata.name,
    cni: {
      plugin: cni.plugin,
      version: cni.version,
      prefixDelegation: cni.prefixDelegation,
      customNetworking: cni.customNetworking,
      securityGroupsForPods: cni.securityGroupsForPods,
      ipv6: cni.ipv6,
      warmEniTarget: cni.warmEniTarget,
      warmIpTarget: cni.warmIpTarget,
      minimumIpTarget: cni.minimumIpTarget,
      warmPrefixTarget: cni.warmPrefixTarget,
      maxEni: cni.maxEni,
    },
    totals: {
      nodes: plans.reduce((n, p) => n + p.group.desiredSize, 0),
      nodesAtMaxSize: plans.reduce((n, p) => n + p.maxSize, 0),
      podCapacity: plans.reduce((n, p) => n + p.group.desiredSize * workloadPods(p), 0),
      podCapacityAtMaxSize: plans.reduce((n, p) => n + p.maxSize * workloadPods(p), 0),
      expectedPods: plans.reduce((n, p) => n + p.group.desiredSize * p.expected, 0),
      subnetIpsUsed: sumUsed,
      subnetIpsUsable: subnets.reduce((n, x) => n + x.usable, 0),
    },
    nodeGroups,
    subnets: subnetReports,
    binding: clusterBinding(plans, bindings, spaces, s.maxSize),
    recommendations,
    comparisons,
    warnings: [...new Set(warnings)],
  };
}
