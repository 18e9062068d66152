import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { PlannerService } from './planner.service';

type QueryValue = string | string[] | undefined;

/** `true`/`false` as booleans; anything else is kept, so the schema names the field and the value. */
function flag(value: QueryValue): unknown {
  if (value === undefined) return undefined;
  const text = Array.isArray(value) ? value.at(-1) : value;
  return text === 'true' ? true : text === 'false' ? false : text;
}

/** A list given as `a,b` or repeated (`?x=a&x=b`). */
function list(value: QueryValue): string[] {
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

@ApiTags('planner')
@ApiBearerAuth()
@Controller('v1')
export class PlannerController {
  constructor(private readonly planner: PlannerService) {}

  /** `podnet max-pods` inline: `GET /v1/max-pods?instanceTypes=m5.large,c6i.xlarge&prefixDelegation=true` -> `{ "<type>": n }`. */
  @Get('max-pods')
  @ApiQuery({ name: 'instanceTypes', required: true, description: 'comma-separated or repeated, 1 to 100' })
  @ApiQuery({ name: 'customNetworking', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'prefixDelegation', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'securityGroupsForPods', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'maxPodsCap', required: false, description: 'none (default), auto or a number' })
  @ApiQuery({ name: 'reservedEnis', required: false, type: Number })
  maxPods(@Query() q: Record<string, QueryValue>) {
    const reserved = flag(q['reservedEnis']);
    return this.planner.maxPods(
      {
        instanceTypes: list(q['instanceTypes']),
        customNetworking: flag(q['customNetworking']),
        prefixDelegation: flag(q['prefixDelegation']),
        securityGroupsForPods: flag(q['securityGroupsForPods']),
        maxPodsCap: flag(q['maxPodsCap']),
        reservedEnis: typeof reserved === 'string' && /^\d+$/.test(reserved) ? Number(reserved) : reserved,
      },
      ['query'],
    );
  }
}
