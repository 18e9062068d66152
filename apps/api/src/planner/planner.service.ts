import { Injectable } from '@nestjs/common';
import { computeMaxPods, defaultCatalogue, parseMaxPodsCap } from '@podnet/aws-planner';
import { MaxPodsQuerySchema } from '@podnet/contracts';
import { parseInput } from '../common/parse-input';

/** Small, fast planner questions answered inline (no job): bounded by the number of instance types asked. */
@Injectable()
export class PlannerService {
  /** `podnet max-pods --instance-type T ... -o json`: `{ "<type>": <maxPods> }`, types sorted. */
  maxPods(raw: unknown, prefix: (string | number)[] = []): Record<string, number> {
    const q = parseInput(MaxPodsQuerySchema, raw, prefix);
    const cap = parseMaxPodsCap(q.maxPodsCap ?? 'none');
    const catalogue = defaultCatalogue();
    const out: Record<string, number> = {};
    for (const type of [...new Set(q.instanceTypes)].sort()) {
      out[type] = computeMaxPods(catalogue.get(type), {
        customNetworking: q.customNetworking === true,
        prefixDelegation: q.prefixDelegation === true,
        securityGroupsForPods: q.securityGroupsForPods === true,
        cap,
        ...(q.reservedEnis == null ? {} : { reservedEnis: q.reservedEnis }),
      }).maxPods;
    }
    return out;
  }
}
