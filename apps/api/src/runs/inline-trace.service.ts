import { Inject, Injectable } from '@nestjs/common';
import { loadInputs, paramOfFlag, TraceParamsSchema, type Principal } from '@podnet/contracts';
import { Database } from '@podnet/db';
import { TraceInputError, traceDocument, tracerForInventory, type TraceDocument, type Tracer } from '@podnet/netsim';
import { parseInput, isUuid } from '../common/parse-input';
import { API_CONFIG, type ApiConfig } from '../config/config.schema';
import { notFound, ServiceError } from '../errors/service-error';

/**
 * One trace on a stored version, answered inline: versions are immutable, so the version's tracer (its cluster
 * model, policies and Services) is built once and kept in a small LRU; later traces on it cost microseconds.
 * Versions above `inlineTrace.maxPods` pods are refused with a pointer to TRACE runs (their model build is
 * proportional to the cluster and belongs in a worker).
 */
@Injectable()
export class InlineTraceService {
  private readonly tracers = new Map<string, Promise<Tracer>>();

  constructor(
    private readonly db: Database,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

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
    const tracer = await this.tracerOf(principal.teamId, versionId);
    try {
      return traceDocument(tracer.trace({ from: params.from, to: params.to, seed: params.seed ?? 0 }));
    } catch (error) {
      if (error instanceof TraceInputError) {
        throw new ServiceError('BAD_USER_INPUT', error.message, [{ path: [...prefix, paramOfFlag(error.field)], message: error.message, value: error.value }]);
      }
      throw error;
    }
  }

  private tracerOf(teamId: string, versionId: string): Promise<Tracer> {
    const cached = this.tracers.get(versionId);
    if (cached) {
      this.tracers.delete(versionId); // most recently used last
      this.tracers.set(versionId, cached);
      return cached;
    }
    const built = (async () => {
      const content = await this.db.versions.content(teamId, versionId);
      if (content === null) throw notFound('design version', versionId);
      return tracerForInventory(loadInputs([{ name: '<content>', text: content }])).tracer;
    })();
    built.catch(() => this.tracers.delete(versionId));
    this.tracers.set(versionId, built);
    while (this.tracers.size > this.config.inlineTrace.cacheSize) this.tracers.delete(this.tracers.keys().next().value as string);
    return built;
  }
}
