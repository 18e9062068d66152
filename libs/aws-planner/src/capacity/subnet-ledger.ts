import type { SubnetScenario } from '@podnet/contracts';
import { blockStats, type SubnetSpace } from '../subnets/subnet-space';
import type { GroupPlan } from './group-plan';
import type { NodeCost } from './node-cost';

/**
 * Nodes of a group in each of its subnets: spread evenly in listed order, as an ASG balances zones.
 *
 * @example
 * spreadNodes(5, 3) // => [2, 2, 1]
 */
export function spreadNodes(nodes: number, subnets: number): number[] {
  if (subnets === 0) return [];
  return Array.from(
    { length: subnets },
    (_, i) => Math.floor(nodes / subnets) + (i < nodes % subnets ? 1 : 0),
  );
}

interface Demand {
  nodes: number;
  singles: number;
  prefixes: number;
}

/**
 * Subnet demand for one scenario (node counts and per-node costs).
 *
 * @example
 * const ledger = new SubnetLedger(subnets);
 * ledger.addGroup(plan, 3, plan.atExpected);
 * ledger.scenario(subnets[0]).used // => 90
 */
export class SubnetLedger {
  private readonly demand = new Map<string, Demand>();

  constructor(private readonly subnets: readonly SubnetSpace[]) {
    for (const subnet of subnets)
      this.demand.set(subnet.key, { nodes: 0, singles: 0, prefixes: 0 });
  }

  /** Adds `nodes` nodes of a group, each holding `cost`. */
  addGroup(plan: GroupPlan, nodes: number, cost: NodeCost): void {
    const counts = spreadNodes(nodes, plan.nodeSubnets.length);
    plan.nodeSubnets.forEach((subnet, index) => {
      const count = counts[index] ?? 0;
      const podSubnet = plan.podSubnets.get(subnet.key) ?? subnet;
      this.add(subnet.key, count, cost.node.singles * count, cost.node.prefixes * count);
      this.add(podSubnet.key, 0, cost.pods.singles * count, cost.pods.prefixes * count);
    });
  }

  private add(key: string, nodes: number, singles: number, prefixes: number): void {
    const entry = this.demand.get(key);
    if (entry === undefined) return;
    entry.nodes += nodes;
    entry.singles += singles;
    entry.prefixes += prefixes;
  }

  /** The scenario numbers of one subnet. */
  scenario(subnet: SubnetSpace): SubnetScenario {
    const d = this.demand.get(subnet.key) ?? { nodes: 0, singles: 0, prefixes: 0 };
    const used = d.singles + 16 * d.prefixes;
    const blocksBefore = blockStats(subnet, d.singles, 0);
    const after = blockStats(subnet, d.singles, d.prefixes);
    return {
      nodes: d.nodes,
      used,
      free: subnet.usable - used,
      prefixes: d.prefixes,
      singleAddresses: d.singles,
      freeBlocksPacked: after.freeBlocksPacked,
      freeBlocksWorst: after.freeBlocksWorst,
      exhausted: used > subnet.usable || d.prefixes > blocksBefore.freeBlocksPacked,
    };
  }

  /** Every subnet's scenario, by key. */
  scenarios(): Map<string, SubnetScenario> {
    return new Map(this.subnets.map((subnet) => [subnet.key, this.scenario(subnet)]));
  }
}
