import { Body, Controller, Get, Param, Post, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiTags } from '@nestjs/swagger';
import { RequestRunInputSchema, type Principal } from '@podnet/contracts';
import { z } from 'zod';
import { CurrentPrincipal, RequireScope } from '../auth/decorators';
import { IdempotencyInterceptor } from '../common/idempotency.interceptor';
import { RunsService } from './runs.service';

@ApiTags('runs')
@ApiBearerAuth()
@Controller('v1/runs')
@UseInterceptors(IdempotencyInterceptor)
export class RunsController {
  constructor(private readonly runs: RunsService) {}

  /** Requests a run; the same version + kind + params returns the existing run. */
  @Post()
  @RequireScope('WRITE')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiBody({ schema: z.toJSONSchema(RequestRunInputSchema, { unrepresentable: 'any' }) as object })
  request(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    return this.runs.request(p, body);
  }

  @Get(':id')
  get(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.runs.get(p, id);
  }

  @Post(':id/cancel')
  @RequireScope('WRITE')
  cancel(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.runs.cancel(p, id);
  }
}
