import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { computeMaxPods, defaultCatalogue, type MaxPodsCap } from '@podnet/aws-planner';
import { JsonScalar } from './json.scalar';
import { badInput } from '../errors/service-error';

/** Small, fast questions answered inline (no job): bounded by the number of instance types asked. */
@Resolver()
export class PlannerResolver {
  /** `podnet max-pods --instance-type T ... -o json`: `{ "<type>": <maxPods> }`. */
  @Query(() => JsonScalar)
  maxPods(
    @Args('instanceTypes', { type: () => [String] }) instanceTypes: string[],
    @Args('customNetworking', { type: () => Boolean, nullable: true }) customNetworking: boolean | null,
    @Args('prefixDelegation', { type: () => Boolean, nullable: true }) prefixDelegation: boolean | null,
    @Args('securityGroupsForPods', { type: () => Boolean, nullable: true }) securityGroupsForPods: boolean | null,
    @Args('maxPodsCap', { type: () => String, nullable: true, description: 'none (default), auto or a number' }) maxPodsCap: string | null,
    @Args('reservedEnis', { type: () => Int, nullable: true }) reservedEnis: number | null,
  ): Record<string, number> {
    if (instanceTypes.length === 0 || instanceTypes.length > 100) throw badInput(['instanceTypes'], 'give 1 to 100 instance types');
    const capText = maxPodsCap ?? 'none';
    if (capText !== 'none' && capText !== 'auto' && !/^\d{1,4}$/.test(capText)) throw badInput(['maxPodsCap'], 'none, auto or a number');
    const cap: MaxPodsCap = capText === 'none' || capText === 'auto' ? capText : Number(capText);
    const catalogue = defaultCatalogue();
    const out: Record<string, number> = {};
    for (const type of [...new Set(instanceTypes)].sort()) {
      out[type] = computeMaxPods(catalogue.get(type), {
        customNetworking: customNetworking === true,
        prefixDelegation: prefixDelegation === true,
        securityGroupsForPods: securityGroupsForPods === true,
        cap,
        ...(reservedEnis === null ? {} : { reservedEnis }),
      }).maxPods;
    }
    return out;
  }
}
