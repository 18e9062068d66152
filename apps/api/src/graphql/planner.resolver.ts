import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { JsonScalar } from './json.scalar';
import { PlannerService } from '../planner/planner.service';

/** Small, fast questions answered inline (no job). */
@Resolver()
export class PlannerResolver {
  constructor(private readonly planner: PlannerService) {}

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
    return this.planner.maxPods({ instanceTypes, customNetworking, prefixDelegation, securityGroupsForPods, maxPodsCap, reservedEnis });
  }
}
