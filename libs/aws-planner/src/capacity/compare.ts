import type { CapacityComparison, ClusterDesign, SubnetScenario } from '@podnet/contracts';
import { HOST_NETWORK_PODS } from '../enis/max-pods';
import type { SubnetSpace } from '../subnets/subnet-space';
import { perNodeBinding } from './binding';
import { planGroup, type GroupContext } from './group-plan';
import { scenarios } from './scenarios';

type Group = ClusterDesign['nodeGroups'][number];

/**
 * What-if: the same node groups, every one on `instanceType`: pod capacity, subnet use now and at max sizes,
 * subnets exhausted at max sizes.
 *
 * @example
 * compareOn('m6i.large', groups, context, subnets).podCapacity // => 135
 */
export function compareOn(
  instanceType: string,
  groups: readonly Group[],
  context: GroupContext,
  subnets: readonly SubnetSpace[],
): CapacityComparison {
  const plans = groups.map((group) => planGroup(group, { ...context, warnings: [] }, instanceType));
  const s = scenarios(plans, subnets);
  const sum = (map: Map<string, SubnetScenario>) =>
    [...map.values()].reduce((n, x) => n + x.used, 0);
  return {
    instanceType: plans[0]?.instanceType ?? instanceType,
    nodeGroups: plans.map((plan) => ({
      name: plan.group.name,
      podsPerNode: plan.podsPerNode,
      subnetIpsPerNode: plan.atExpected.holding.subnetIps,
      binding: perNodeBinding(plan, context.cni).limit,
    })),
    podCapacity: plans.reduce(
      (n, p) => n + p.group.desiredSize * Math.max(0, p.podsPerNode - HOST_NETWORK_PODS),
      0,
    ),
    subnetIpsUsed: sum(s.current),
    subnetIpsUsedAtMaxSize: sum(s.maxSize),
    exhaustedSubnets: subnets
      .filter((x) => s.maxSize.get(x.key)?.exhausted === true)
      .map((x) => x.key),
  };
}
