import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  canonicalJson,
  CompareVersionsInputSchema,
  RequestRunInputSchema,
  RUN_PARAMS_SCHEMAS,
  runJobId,
  TERMINAL_RUN_STATUSES,
  type Principal,
  type RunRecord,
} from '@podnet/contracts';
import { Database } from '@podnet/db';
import { isUuid, parseInput } from '../common/parse-input';
import { notFound } from '../errors/service-error';
import { RunQueue } from '../queue/run-queue';

const FINISHED_CACHE_MAX = 5_000;

/** Requesting runs (deduplicated by version + kind + params) and reading them. */
@Injectable()
export class RunsService {
  // Finished runs never change: reads of them skip the database.
  private readonly finished = new Map<string, RunRecord>();

  constructor(
    private readonly db: Database,
    private readonly queue: RunQueue,
  ) {}

  async request(principal: Principal, raw: unknown, prefix: string[] = []): Promise<RunRecord> {
    const input = parseInput(RequestRunInputSchema, raw, prefix);
    const params = parseInput(RUN_PARAMS_SCHEMAS[input.kind], input.params ?? {}, [...prefix, 'params']) as Record<string, unknown>;
    const version = await this.db.versions.get(principal.teamId, input.versionId);
    if (!version) throw notFound('design version', input.versionId);
    if (input.kind === 'DIFF') {
      const against = String(params['against']);
      if (!(await this.db.versions.get(principal.teamId, against))) throw notFound('design version', against);
    }
    const paramsHash = createHash('sha256').update(canonicalJson(params)).digest('hex').slice(0, 16);
    const jobId = runJobId(input.kind, version.id, paramsHash);
    const { run } = await this.db.runs.findOrCreate({
      teamId: principal.teamId,
      versionId: version.id,
      kind: input.kind,
      params,
      paramsHash,
      jobId,
      actorKeyId: principal.keyId,
    });
    // Enqueue whenever the run is not finished: the job id makes this idempotent, and it heals a crash
    // between storing the run and queueing it.
    if (run.status === 'QUEUED') await this.queue.enqueue({ runId: run.id, teamId: run.teamId, versionId: run.versionId, kind: run.kind }, jobId);
    return run;
  }

  async get(principal: Principal, id: string): Promise<RunRecord> {
    const cached = this.finished.get(id);
    if (cached) {
      if (cached.teamId !== principal.teamId) throw notFound('run', id);
      return cached;
    }
    const run = isUuid(id) ? await this.db.runs.get(principal.teamId, id) : null;
    if (!run) throw notFound('run', id);
    if (TERMINAL_RUN_STATUSES.includes(run.status)) {
      if (this.finished.size >= FINISHED_CACHE_MAX) this.finished.delete(this.finished.keys().next().value as string);
      this.finished.set(id, run);
    }
    return run;
  }

  /** A DIFF run of `from` against `to` (`podnet diff -f <from> --against <to>`), both versions of the team. */
  async compare(principal: Principal, raw: unknown, prefix: string[] = []): Promise<RunRecord> {
    const { from, to } = parseInput(CompareVersionsInputSchema, raw, prefix);
    return this.request(principal, { versionId: from, kind: 'DIFF', params: { against: to } }, prefix);
  }

  /** The runs of one version of the team, oldest first. */
  async ofVersion(principal: Principal, versionId: string): Promise<RunRecord[]> {
    const version = isUuid(versionId) ? await this.db.versions.get(principal.teamId, versionId) : null;
    if (!version) throw notFound('design version', versionId);
    return this.db.runs.listForVersion(principal.teamId, versionId);
  }

  async cancel(principal: Principal, id: string): Promise<RunRecord> {
    await this.get(principal, id);
    if (await this.db.runs.cancel(principal.teamId, id)) {
      await this.db.audit.record({ teamId: principal.teamId, actorKeyId: principal.keyId, action: 'run.cancel', targetType: 'Run', targetId: id });
    }
    return this.get(principal, id);
  }
}
