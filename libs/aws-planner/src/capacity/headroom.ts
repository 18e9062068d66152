import type { SubnetScenario } from '@podnet/contracts';
import { HOST_NETWORK_PODS } from '../enis/max-pods';
import { blockStats, type SubnetSpace } from '../subnets/subnet-space';
import type { GroupPlan } from './group-plan';
import type { SideDemand } from './node-cost';

/** A subnet with what each extra node of a group takes from it. */
interface Draw {
  readonly subnet: SubnetSpace;
  readonly demand: SideDemand;
}

/**
 * The subnets a group draws on from node subnet `subnet`: node side, and pod side (merged when the same).
 *
 * @example
 * drawsFor(plan, subnet, plan.atExpected).length // => 2 under custom networking, else 1
 */
export function drawsFor(
  plan: GroupPlan,
  subnet: SubnetSpace,
  demand: { node: SideDemand; pods: SideDemand },
): Draw[] {
  const podSubnet = plan.podSubnets.get(subnet.key) ?? subnet;
  if (podSubnet.key === subnet.key) {
    return [
      {
        subnet,
        demand: {
          singles: demand.node.singles + demand.pods.singles,
          prefixes: demand.node.prefixes + demand.pods.prefixes,
        },
      },
    ];
  }
  return [
    { subnet, demand: demand.node },
    { subnet: podSubnet, demand: demand.pods },
  ];
}

/**
 * How many more nodes, each taking `demand`, fit in a subnet already holding `scenario`: enough addresses and,
 * for prefixes, enough free aligned /28 blocks with /32s packed.
 *
 * @example
 * nodesThatFit(space, scenario, { singles: 10, prefixes: 0 }) // => floor(free / 10)
 */
export function nodesThatFit(
  subnet: SubnetSpace,
  scenario: SubnetScenario,
  demand: SideDemand,
): number {
  const perNode = demand.singles + 16 * demand.prefixes;
  if (perNode === 0) return Number.POSITIVE_INFINITY;
  const fits = (k: number): boolean => {
    if (scenario.used + k * perNode > subnet.usable) return false;
    if (demand.prefixes === 0 && scenario.prefixes === 0) return true;
    const blocks = blockStats(
      subnet,
      scenario.singleAddresses + k * demand.singles,
      0,
    ).freeBlocksPacked;
    return scenario.prefixes + k * demand.prefixes <= blocks;
  };
  if (!fits(0)) return 0;
  let low = 0;
  let high = Math.floor(Math.max(0, subnet.usable - scenario.used) / perNode) + 1;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid;
  }
  return low;
}

/**
 * Extra nodes a group can add at expected pods, per node subnet, and the subnet that allows the fewest.
 *
 * @example
 * additionalNodes(plan, current).total // => 5 when 161 addresses are free and a node takes 30
 */
export function additionalNodes(
  plan: GroupPlan,
  current: ReadonlyMap<string, SubnetScenario>,
): { total: number; bySubnet: Map<string, number>; limitedBy: string | null } {
  const bySubnet = new Map<string, number>();
  let total = 0;
  let limitedBy: string | null = null;
  let fewest = Number.POSITIVE_INFINITY;
  for (const subnet of plan.nodeSubnets) {
    let fit = Number.POSITIVE_INFINITY;
    let limiting = subnet.key;
    for (const draw of drawsFor(plan, subnet, plan.atExpected)) {
      const scenario = current.get(draw.subnet.key);
      if (scenario === undefined) continue;
      const n = nodesThatFit(draw.subnet, scenario, draw.demand);
      if (n < fit) {
        fit = n;
        limiting = draw.subnet.key;
      }
    }
    const count = Number.isFinite(fit) ? fit : 0;
    bySubnet.set(subnet.key, count);
    total += count;
    if (count < fewest) {
      fewest = count;
      limitedBy = limiting;
    }
  }
  return { total, bySubnet, limitedBy };
}

/**
 * Extra pods the group's current nodes can take: up to max pods per node, scaled down when a subnet cannot
 * hold the larger pools (linear in the addresses the growth needs).
 *
 * @example
 * additionalPods(plan, current, atMaxPods).pods // => 63
 */
export function additionalPods(
  plan: GroupPlan,
  current: ReadonlyMap<string, SubnetScenario>,
  atMaxPods: ReadonlyMap<string, SubnetScenario>,
): { pods: number; limitedBy: string | null } {
  const perNode = Math.max(0, plan.podsPerNode - HOST_NETWORK_PODS - plan.expected);
  const room = perNode * plan.group.desiredSize;
  let ratio = 1;
  let limitedBy: string | null = null;
  const keys = new Set<string>();
  for (const subnet of plan.nodeSubnets) {
    keys.add(subnet.key);
    const podSubnet = plan.podSubnets.get(subnet.key);
    if (podSubnet !== undefined) keys.add(podSubnet.key);
  }
  for (const key of [...keys].sort()) {
    const now = current.get(key);
    const later = atMaxPods.get(key);
    if (now === undefined || later === undefined || !later.exhausted) continue;
    const growth = later.used - now.used;
    const share = growth > 0 ? Math.max(0, now.free) / growth : 0;
    if (share < ratio) {
      ratio = share;
      limitedBy = key;
    }
  }
  return { pods: Math.floor(room * ratio), limitedBy };
}
