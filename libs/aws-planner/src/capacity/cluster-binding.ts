import type { BindingLimit, SubnetScenario } from '@podnet/contracts';
import type { SubnetSpace } from '../subnets/subnet-space';
import type { GroupPlan } from './group-plan';

/**
 * The limit the cluster meets first: the most loaded subnet that a group exhausts at max size, else the per-node
 * limit of the largest group, in words.
 *
 * @example
 * clusterBinding(plans, bindings, spaces, atMaxSize).limit // => 'subnet'
 */
export function clusterBinding(
  plans: readonly GroupPlan[],
  bindings: ReadonlyMap<string, BindingLimit>,
  spaces: ReadonlyMap<string, SubnetSpace>,
  atMaxSize: ReadonlyMap<string, SubnetScenario>,
): BindingLimit {
  let pick: { plan: GroupPlan; binding: BindingLimit; load: number } | null = null;
  for (const plan of plans) {
    const binding = bindings.get(plan.group.name);
    if (binding === undefined || binding.subnet === null) continue;
    const space = spaces.get(binding.subnet);
    const load = (atMaxSize.get(binding.subnet)?.used ?? 0) / Math.max(1, space?.usable ?? 1);
    if (pick === null || load > pick.load) pick = { plan, binding, load };
  }
  if (pick === null) {
    const largest = [...plans].sort(
      (a, b) => b.maxSize * b.podsPerNode - a.maxSize * a.podsPerNode,
    )[0];
    if (largest === undefined)
      return { limit: 'none', subnet: null, explanation: 'the design has no node groups' };
    const binding = bindings.get(largest.group.name);
    if (binding === undefined) return { limit: 'none', subnet: null, explanation: 'nothing binds' };
    return {
      ...binding,
      explanation: `no subnet runs out even at max sizes; pods per node bind first. Largest group ${largest.group.name}: ${binding.explanation}`,
    };
  }
  return {
    ...pick.binding,
    explanation: `node group ${pick.plan.group.name}: ${pick.binding.explanation}`,
  };
}
