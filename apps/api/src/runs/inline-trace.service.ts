import { Inject, Injectable, Optional, type OnModuleDestroy } from '@nestjs/common';
import { paramOfFlag, TraceParamsSchema, type Principal } from '@podnet/contracts';
import { Database } from '@podnet/db';
import type { TraceDocument } from '@podnet/netsim';
import { parseInput, isUuid } from '../common/parse-input';
import { API_CONFIG, type ApiConfig } from '../config/config.schema';
import { notFound, ServiceError } from '../errors/service-error';
import { AppLogger } from '../observability/logger';
import { InProcessTraceEngine, ThreadTraceEngine, type TraceEngine } from './trace-engines';

/**
 * One trace on a stored version, answered inline: versions are immutable, so the version's tracer (its cluster
 * model, policies and Services) is built once and kept in a small LRU; later traces on it cost microseconds. The
 * tracers live in a worker thread (`inlineTrace.threadScript`, the bundled trace-thread.js), so building one never
 * holds the API's event loop; without the script they live in this thread. Versions above `inlineTrace.maxPods`
 * pods are refused with a pointer to TRACE runs (their model build is proportional to the cluster and belongs in a
 * worker process).
 */
@Injectable()
export class InlineTraceService implements OnModuleDestroy {
  private readonly engine: TraceEngine;

  constructor(
    private readonly db: Database,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Optional() logger?: AppLogger,
  ) {
    const { threadScript, cacheSize } = config.inlineTrace;
    this.engine = threadScript ? new ThreadTraceEngine(threadScript, cacheSize) : new InProcessTraceEngine(cacheSize);
    logger?.info({ threadScript: threadScript ?? null }, threadScript ? 'inline traces run in a worker thread' : 'inline traces run in the API thread');
  }

  async trace(principal: Principal, versionId: string, raw: unknown, prefix: (string | number)[]): Promise<TraceDocument> {
    const params = parseInput(TraceParamsSchema, raw, prefix);
    if (!isUuid(versionId)) throw notFound('design version', versionId);
    const version = await this.db.versions.get(principal.teamId, versionId); // another team's version: not found
    if (!version) throw notFound('design version', versionId);
    const { maxPods } = this.config.inlineTrace;
    if (version.summary.pods > maxPods) {
      throw new ServiceError('BAD_USER_INPUT', `design version ${versionId} has ${version.summary.pods} pods, more than the ${maxPods} traced inline: request a TRACE run instead`, [
        { path: ['versionId'], message: `more than ${maxPods} pods: request a TRACE run` },
      ]);
    }
    const outcome = await this.engine.trace(versionId, { from: params.from, to: params.to, seed: params.seed ?? 0 }, async () => {
      const content = await this.db.versions.content(principal.teamId, versionId);
      if (content === null) throw notFound('design version', versionId);
      return content;
    });
    if (outcome.kind === 'input') {
      throw new ServiceError('BAD_USER_INPUT', outcome.message, [{ path: [...prefix, paramOfFlag(outcome.field)], message: outcome.message, value: outcome.value }]);
    }
    return outcome.document;
  }

  async onModuleDestroy(): Promise<void> {
    await this.engine.close();
  }
}
