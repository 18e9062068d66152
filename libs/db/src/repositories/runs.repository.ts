import type { RunErrorRecord, RunKind, RunRecord, RunStatus } from '@podnet/contracts';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import { isUniqueViolation, toRun } from './mappers';

export interface NewRun {
  teamId: string;
  versionId: string;
  kind: RunKind;
  params: Record<string, unknown>;
  paramsHash: string;
  jobId: string;
  actorKeyId: string | null;
}

const LIVE: RunStatus[] = ['QUEUED', 'RUNNING'];
/** Bursts of requests queue for a pool connection; wait rather than fail. */
const TX_OPTIONS = { maxWait: 30_000, timeout: 30_000 };

export class RunsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Creates the run for (version, kind, params) or returns the one that already exists. */
  async findOrCreate(input: NewRun): Promise<{ run: RunRecord; created: boolean }> {
    const { actorKeyId, ...data } = input;
    const existing = await this.prisma.run.findUnique({ where: { jobId: input.jobId } });
    if (existing) return { run: toRun(existing), created: false };
    try {
      const row = await this.prisma.$transaction(async (tx) => {
        const created = await tx.run.create({ data: { ...data, params: data.params as Prisma.InputJsonValue } });
        await tx.auditLog.create({ data: { teamId: input.teamId, actorKeyId, action: 'run.request', targetType: 'Run', targetId: created.id, detail: { kind: input.kind, versionId: input.versionId } } });
        return created;
      }, TX_OPTIONS);
      return { run: toRun(row), created: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const row = await this.prisma.run.findUniqueOrThrow({ where: { jobId: input.jobId } });
      return { run: toRun(row), created: false };
    }
  }

  async get(teamId: string, id: string): Promise<RunRecord | null> {
    const row = await this.prisma.run.findFirst({ where: { id, teamId } });
    return row ? toRun(row) : null;
  }

  /** Any team's run: for workers, which act on the payload's run id. */
  async getById(id: string): Promise<RunRecord | null> {
    const row = await this.prisma.run.findUnique({ where: { id } });
    return row ? toRun(row) : null;
  }

  async getMany(teamId: string, ids: readonly string[]): Promise<(RunRecord | null)[]> {
    const rows = await this.prisma.run.findMany({ where: { teamId, id: { in: [...ids] } } });
    const byId = new Map(rows.map((r) => [r.id, toRun(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async listForVersion(teamId: string, versionId: string): Promise<RunRecord[]> {
    const rows = await this.prisma.run.findMany({ where: { teamId, versionId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    return rows.map(toRun);
  }

  /** Runs of several versions in one query, grouped in the order asked (for DataLoader). */
  async listForVersions(teamId: string, versionIds: readonly string[]): Promise<RunRecord[][]> {
    const rows = await this.prisma.run.findMany({ where: { teamId, versionId: { in: [...versionIds] } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    const byVersion = new Map<string, RunRecord[]>();
    for (const row of rows) {
      const list = byVersion.get(row.versionId) ?? [];
      list.push(toRun(row));
      byVersion.set(row.versionId, list);
    }
    return versionIds.map((id) => byVersion.get(id) ?? []);
  }

  /**
   * Starts an attempt: QUEUED/RUNNING -> RUNNING with attempts + 1. Returns null when the run is already
   * finished (a duplicate or recovered delivery), so handlers stay idempotent.
   */
  async claim(id: string): Promise<RunRecord | null> {
    const { count } = await this.prisma.run.updateMany({
      where: { id, status: { in: LIVE } },
      data: { status: 'RUNNING', attempts: { increment: 1 }, progress: 0 },
    });
    if (count === 0) return null;
    await this.prisma.run.updateMany({ where: { id, startedAt: null }, data: { startedAt: new Date() } });
    return this.getById(id);
  }

  async progress(id: string, progress: number): Promise<boolean> {
    const { count } = await this.prisma.run.updateMany({ where: { id, status: 'RUNNING' }, data: { progress: Math.max(0, Math.min(100, Math.round(progress))) } });
    return count === 1;
  }

  /**
   * RUNNING -> SUCCEEDED with the result, once: a second completion of the same run (a redelivered job)
   * changes nothing and returns false. The audit entry is written in the same transaction.
   */
  async succeed(id: string, result: unknown): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.run.updateMany({
        where: { id, status: 'RUNNING' },
        data: { status: 'SUCCEEDED', result: result as Prisma.InputJsonValue, progress: 100, finishedAt: new Date(), errorCode: null, errorMessage: null, errorPath: undefined },
      });
      if (count === 1) {
        const run = await tx.run.findUniqueOrThrow({ where: { id }, select: { teamId: true, attempts: true } });
        await tx.auditLog.create({ data: { teamId: run.teamId, actorKeyId: null, action: 'run.succeeded', targetType: 'Run', targetId: id, detail: { attempts: run.attempts } } });
      }
      return count === 1;
    }, TX_OPTIONS);
  }

  /** Records a failed attempt: terminal (FAILED) or back to QUEUED for a retry. */
  async fail(id: string, error: RunErrorRecord, terminal: boolean): Promise<boolean> {
    const { count } = await this.prisma.run.updateMany({
      where: { id, status: { in: LIVE } },
      data: {
        status: terminal ? 'FAILED' : 'QUEUED',
        errorCode: error.code,
        errorMessage: error.message,
        errorPath: (error.path ?? undefined) as Prisma.InputJsonValue | undefined,
        ...(terminal ? { finishedAt: new Date() } : {}),
      },
    });
    return count === 1;
  }

  async cancel(teamId: string, id: string): Promise<boolean> {
    const { count } = await this.prisma.run.updateMany({ where: { id, teamId, status: { in: LIVE } }, data: { status: 'CANCELLED', finishedAt: new Date() } });
    return count === 1;
  }

  /** Runs per status (for the jobs-by-state metric). */
  async countByStatus(): Promise<Record<RunStatus, number>> {
    const groups = await this.prisma.run.groupBy({ by: ['status'], _count: { _all: true } });
    const out: Record<RunStatus, number> = { QUEUED: 0, RUNNING: 0, SUCCEEDED: 0, FAILED: 0, CANCELLED: 0 };
    for (const g of groups) out[g.status] = g._count._all;
    return out;
  }

  /** Live runs (to re-enqueue after a restart of the in-process queue). */
  async live(): Promise<RunRecord[]> {
    const rows = await this.prisma.run.findMany({ where: { status: { in: LIVE } }, orderBy: { createdAt: 'asc' } });
    return rows.map(toRun);
  }
}
