import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import type { HttpResponse as Response } from '../common/http.types';
import { ApiExcludeController } from '@nestjs/swagger';
import { Database } from '@podnet/db';
import { Public, RequireScope } from '../auth/decorators';
import { MetricsService } from '../observability/metrics.service';
import { RunQueue } from '../queue/run-queue';
import { OPENAPI_DOCUMENT, type OpenApiHolder } from './openapi';

@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(
    private readonly db: Database,
    private readonly queue: RunQueue,
    private readonly metrics: MetricsService,
    @Inject(OPENAPI_DOCUMENT) private readonly openapi: OpenApiHolder,
  ) {}

  /** Liveness: the process answers. */
  @Get('health')
  @Public()
  health() {
    return { status: 'ok' };
  }

  /** Readiness: the database and the queue answer. */
  @Get('ready')
  @Public()
  async ready(@Res({ passthrough: true }) res: Response) {
    const check = async (fn: () => Promise<void>) => fn().then(() => 'ok', (e: unknown) => `unavailable: ${(e as Error).message}`);
    const [database, queue] = await Promise.all([check(() => this.db.ping()), check(() => this.queue.ping())]);
    const body = { status: database === 'ok' && queue === 'ok' ? 'ready' : 'unavailable', database, queue, queueKind: this.queue.kind, databaseKind: this.db.kind };
    if (body.status !== 'ready') res.status(503);
    return body;
  }

  /** Prometheus metrics. Cross-team figures, so an ADMIN key is required. */
  @Get('metrics')
  @RequireScope('ADMIN')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async metricsText(): Promise<string> {
    const counts = await this.db.runs.countByStatus();
    for (const [state, n] of Object.entries(counts)) this.metrics.jobsByState.set({ state }, n);
    for (const [state, n] of Object.entries(await this.queue.counts())) this.metrics.queueJobs.set({ state }, n);
    return this.metrics.registry.metrics();
  }

  /** The OpenAPI 3 document of the REST API. */
  @Get('docs')
  docs() {
    return this.openapi.document;
  }
}
