import type { SubnetScenario } from '@podnet/contracts';
import type { SubnetSpace } from '../subnets/subnet-space';
import type { GroupPlan } from './group-plan';
import type { NodeCost } from './node-cost';
import { SubnetLedger } from './subnet-ledger';

/** Subnet scenarios: desired sizes at expected pods, desired sizes at max pods, max sizes at max pods. */
export interface Scenarios {
  current: Map<string, SubnetScenario>;
  maxPods: Map<string, SubnetScenario>;
  maxSize: Map<string, SubnetScenario>;
}

/**
 * The three scenarios of every subnet for a set of group plans.
 *
 * @example
 * scenarios(plans, subnets).maxSize.get('private-a')?.exhausted // => true when the subnet cannot hold max sizes
 */
export function scenarios(plans: readonly GroupPlan[], subnets: readonly SubnetSpace[]): Scenarios {
  const run = (nodes: (p: GroupPlan) => number, cost: (p: GroupPlan) => NodeCost) => {
    const ledger = new SubnetLedger(subnets);
    for (const plan of plans) ledger.addGroup(plan, nodes(plan), cost(plan));
    return ledger.scenarios();
  };
  return {
    current: run(
      (p) => p.group.desiredSize,
      (p) => p.atExpected,
    ),
    maxPods: run(
      (p) => p.group.desiredSize,
      (p) => p.atMaxPods,
    ),
    maxSize: run(
      (p) => p.maxSize,
      (p) => p.atMaxPods,
    ),
  };
}
