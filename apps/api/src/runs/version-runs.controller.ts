import { Body, Controller, Get, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CompareVersionsInputSchema, type Principal } from '@podnet/contracts';
import { z } from 'zod';
import { CurrentPrincipal, RequireScope } from '../auth/decorators';
import { IdempotencyInterceptor } from '../common/idempotency.interceptor';
import { InlineTraceService } from './inline-trace.service';
import { RunsService } from './runs.service';

/** Runs seen from a version: its runs, one inline trace, and comparing two versions. */
@ApiTags('runs')
@ApiBearerAuth()
@Controller('v1')
@UseInterceptors(IdempotencyInterceptor)
export class VersionRunsController {
  constructor(
    private readonly runs: RunsService,
    private readonly inline: InlineTraceService,
  ) {}

  @Get('versions/:id/runs')
  list(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.runs.ofVersion(p, id);
  }

  /** `podnet trace -o json` on a stored version, answered inline (small versions; larger ones: a TRACE run). */
  @Get('versions/:id/trace')
  @ApiQuery({ name: 'from', required: true, description: 'ns/pod[/container], node/NAME or external[:IP]' })
  @ApiQuery({ name: 'to', required: true, description: 'ns/pod, ns/svc, a DNS name, node/NAME or an IP, with :port[/proto]' })
  @ApiQuery({ name: 'seed', required: false, type: Number })
  trace(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Query() q: Record<string, string | undefined>) {
    const seed = q['seed'];
    return this.inline.trace(p, id, { from: q['from'], to: q['to'], ...(seed === undefined ? {} : { seed: /^\d+$/.test(seed) ? Number(seed) : seed }) }, ['query']);
  }

  /** A DIFF run of `from` against `to`: the same run as `requestRun(from, DIFF, { against: to })`. */
  @Post('compare')
  @RequireScope('WRITE')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiBody({ schema: z.toJSONSchema(CompareVersionsInputSchema) as object })
  compare(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    return this.runs.compare(p, body);
  }
}
