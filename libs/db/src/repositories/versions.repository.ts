import { ErrorCode, PodnetError, type DesignSummary, type DesignVersionRecord, type Page, type VersionSource } from '@podnet/contracts';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import { decodeCursor, encodeCursor, toVersion } from './mappers';

export interface NewVersion {
  teamId: string;
  designId: string;
  contentHash: string;
  content: string;
  summary: DesignSummary;
  authorKeyId: string | null;
  source: VersionSource;
}

const WITHOUT_CONTENT = {
  id: true, designId: true, teamId: true, number: true, contentHash: true, summary: true,
  parentId: true, authorKeyId: true, source: true, createdAt: true,
} as const;

export class VersionsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Stores a version, or returns the existing one with the same content hash. Numbers are handed out
   * under a lock on the design row, so concurrent submissions get 1, 2, 3... with no gaps or duplicates.
   */
  async submit(input: NewVersion): Promise<{ version: DesignVersionRecord; created: boolean }> {
    const existing = await this.findByHash(input.designId, input.contentHash);
    if (existing) {
      if (existing.teamId !== input.teamId) throw notFound(input.designId);
      return { version: existing, created: false };
    }
    return this.prisma.$transaction(
      async (tx) => {
        const locked = await tx.$queryRaw<{ versionCount: number }[]>`
          SELECT "versionCount" FROM "Design" WHERE "id" = ${input.designId}::uuid AND "teamId" = ${input.teamId}::uuid FOR UPDATE`;
        const design = locked[0];
        if (!design) throw notFound(input.designId);
        const again = await tx.designVersion.findUnique({ where: { designId_contentHash: { designId: input.designId, contentHash: input.contentHash } }, select: WITHOUT_CONTENT });
        if (again) return { version: toVersion(again), created: false };
        const number = design.versionCount + 1;
        const parent = design.versionCount > 0
          ? await tx.designVersion.findUnique({ where: { designId_number: { designId: input.designId, number: design.versionCount } }, select: { id: true } })
          : null;
        await tx.design.update({ where: { id: input.designId }, data: { versionCount: number } });
        const row = await tx.designVersion.create({
          data: { ...input, summary: input.summary as unknown as Prisma.InputJsonValue, number, parentId: parent?.id ?? null },
          select: WITHOUT_CONTENT,
        });
        await tx.auditLog.create({
          data: { teamId: input.teamId, actorKeyId: input.authorKeyId, action: 'version.submit', targetType: 'DesignVersion', targetId: row.id, detail: { designId: input.designId, number, source: input.source } },
        });
        return { version: toVersion(row), created: true };
      },
      { maxWait: 30_000, timeout: 30_000 },
    );
  }

  async findByHash(designId: string, contentHash: string): Promise<DesignVersionRecord | null> {
    const row = await this.prisma.designVersion.findUnique({ where: { designId_contentHash: { designId, contentHash } }, select: WITHOUT_CONTENT });
    return row ? toVersion(row) : null;
  }

  async get(teamId: string, id: string): Promise<DesignVersionRecord | null> {
    const row = await this.prisma.designVersion.findFirst({ where: { id, teamId }, select: WITHOUT_CONTENT });
    return row ? toVersion(row) : null;
  }

  async getMany(teamId: string, ids: readonly string[]): Promise<(DesignVersionRecord | null)[]> {
    const rows = await this.prisma.designVersion.findMany({ where: { teamId, id: { in: [...ids] } }, select: WITHOUT_CONTENT });
    const byId = new Map(rows.map((r) => [r.id, toVersion(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** The submitted text of a version of this team. */
  async content(teamId: string, id: string): Promise<string | null> {
    const row = await this.prisma.designVersion.findFirst({ where: { id, teamId }, select: { content: true } });
    return row?.content ?? null;
  }

  /** Versions of one design, newest number last. */
  async page(teamId: string, designId: string, first: number, after?: string | null): Promise<Page<DesignVersionRecord>> {
    const cursor = after ? decodeCursor(after) : null;
    if (after && !cursor) throw new PodnetError(ErrorCode.BadInput, 'after: not a cursor from this API');
    const rows = await this.prisma.designVersion.findMany({
      where: {
        teamId,
        designId,
        ...(cursor ? { OR: [{ createdAt: { gt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { gt: cursor.id } }] } : {}),
      },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: first + 1,
      select: WITHOUT_CONTENT,
    });
    const items = rows.slice(0, first).map(toVersion);
    const cursors = items.map((i) => encodeCursor(i.createdAt, i.id));
    return { items, cursors, hasNextPage: rows.length > first, endCursor: cursors.at(-1) ?? null };
  }

  /**
   * First pages of the versions of several designs in two queries (for DataLoader): a window function picks
   * the first `first + 1` ids per design, then the rows are read by id.
   */
  async firstPages(teamId: string, designIds: readonly string[], first: number): Promise<Page<DesignVersionRecord>[]> {
    const picked = await this.prisma.$queryRaw<{ id: string }[]>`
      SELECT "id"::text AS "id" FROM (
        SELECT "id", row_number() OVER (PARTITION BY "designId" ORDER BY "createdAt", "id") AS "rn"
        FROM "DesignVersion" WHERE "teamId" = ${teamId}::uuid AND "designId"::text = ANY(${[...designIds]}::text[])
      ) AS "ranked" WHERE "rn" <= ${first + 1}`;
    const rows = await this.prisma.designVersion.findMany({
      where: { teamId, id: { in: picked.map((p) => p.id) } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: WITHOUT_CONTENT,
    });
    return designIds.map((designId) => {
      const mine = rows.filter((r) => r.designId === designId);
      const items = mine.slice(0, first).map(toVersion);
      const cursors = items.map((i) => encodeCursor(i.createdAt, i.id));
      return { items, cursors, hasNextPage: mine.length > first, endCursor: cursors.at(-1) ?? null };
    });
  }

  /** Every version of a design (for tests and audits). */
  async allOf(teamId: string, designId: string): Promise<DesignVersionRecord[]> {
    const rows = await this.prisma.designVersion.findMany({ where: { teamId, designId }, orderBy: { number: 'asc' }, select: WITHOUT_CONTENT });
    return rows.map(toVersion);
  }
}

function notFound(designId: string): PodnetError {
  return new PodnetError(ErrorCode.NotFound, `design ${designId} not found`);
}
