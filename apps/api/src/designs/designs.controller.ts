import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, UseInterceptors } from '@nestjs/common';
import type { HttpRequest } from '../common/http.types';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiTags } from '@nestjs/swagger';
import { CreateDesignInputSchema, PageArgsSchema, SubmitDesignVersionInputSchema, type Principal } from '@podnet/contracts';
import { z } from 'zod';
import { CurrentPrincipal, RequireScope } from '../auth/decorators';
import { IdempotencyInterceptor } from '../common/idempotency.interceptor';
import { parseInput } from '../common/parse-input';
import { DesignsService } from './designs.service';

const pageQuery = (q: Record<string, string | undefined>) =>
  parseInput(PageArgsSchema, { first: q['first'] === undefined ? undefined : Number(q['first']), after: q['after'] }, ['query']);

const idempotencyHeader = { name: 'Idempotency-Key', required: false, description: 'Replays the stored response of an earlier POST with the same key' };

@ApiTags('designs')
@ApiBearerAuth()
@Controller('v1')
@UseInterceptors(IdempotencyInterceptor)
export class DesignsController {
  constructor(private readonly designs: DesignsService) {}

  @Post('designs')
  @RequireScope('WRITE')
  @ApiHeader(idempotencyHeader)
  @ApiBody({ schema: z.toJSONSchema(CreateDesignInputSchema) as object })
  create(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    return this.designs.create(p, body);
  }

  /** `?name=shop` finds a design by its name (unique per team). */
  @Get('designs')
  list(@CurrentPrincipal() p: Principal, @Query() query: Record<string, string | undefined>) {
    const { first, after } = pageQuery(query);
    return this.designs.page(p, first, after, query['name']);
  }

  @Get('designs/:id')
  get(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.designs.get(p, id);
  }

  /** Body: `{ content }` as JSON, or the design text itself as `application/yaml` / `text/plain`. */
  @Post('designs/:id/versions')
  @RequireScope('WRITE')
  @HttpCode(201)
  @ApiHeader(idempotencyHeader)
  @ApiBody({ schema: z.toJSONSchema(SubmitDesignVersionInputSchema.pick({ content: true })) as object })
  async submit(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: unknown, @Req() req: HttpRequest) {
    const content = typeof body === 'string' ? body : (body as { content?: unknown } | null)?.content;
    // Provenance only (not a permission): the podnet CLI says it is the client (`podnet push`).
    const source = req.headers['x-podnet-client'] === 'cli' ? 'CLI' : 'API';
    const { version, created } = await this.designs.submit(p, { designId: id, content }, source);
    return { ...version, created };
  }

  @Get('designs/:id/versions')
  versions(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Query() query: Record<string, string | undefined>) {
    const { first, after } = pageQuery(query);
    return this.designs.versions(p, id, first, after);
  }

  @Get('versions/:id')
  version(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.designs.version(p, id);
  }
}
