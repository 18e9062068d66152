import type { DesignRecord, DesignSummary, DesignVersionRecord, JsonPath, RunRecord } from '@podnet/contracts';
import type { Design, DesignVersion, Run } from '../generated/prisma/client';

// Prisma rows -> contract records. Nothing outside libs/db sees a Prisma type.

export function toDesign(row: Design): DesignRecord {
  return {
    id: row.id,
    teamId: row.teamId,
    name: row.name,
    description: row.description,
    versionCount: row.versionCount,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toVersion(row: Omit<DesignVersion, 'content'>): DesignVersionRecord {
  return {
    id: row.id,
    designId: row.designId,
    teamId: row.teamId,
    number: row.number,
    contentHash: row.contentHash,
    summary: row.summary as unknown as DesignSummary,
    parentId: row.parentId,
    authorKeyId: row.authorKeyId,
    source: row.source,
    createdAt: row.createdAt,
  };
}

export function toRun(row: Run): RunRecord {
  return {
    id: row.id,
    teamId: row.teamId,
    versionId: row.versionId,
    kind: row.kind,
    params: (row.params ?? {}) as Record<string, unknown>,
    paramsHash: row.paramsHash,
    jobId: row.jobId,
    status: row.status,
    progress: row.progress,
    result: row.result ?? null,
    error: row.errorCode ? { code: row.errorCode, message: row.errorMessage ?? '', path: (row.errorPath as JsonPath | null) ?? null } : null,
    attempts: row.attempts,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    updatedAt: row.updatedAt,
  };
}

/** True for Prisma's unique-constraint violation (P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}

/** Opaque cursor for keyset pagination over (createdAt, id). */
export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } | null {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const [at, id] = text.split('|');
  const createdAt = new Date(at ?? '');
  if (!id || Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) return null;
  return { createdAt, id };
}
