import { ErrorCode, PodnetError, type CreateDesignInput, type DesignRecord, type Page } from '@podnet/contracts';
import type { PrismaClient } from '../generated/prisma/client';
import { decodeCursor, encodeCursor, isUniqueViolation, toDesign } from './mappers';

export class DesignsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Creates a design; CONFLICT when the team already has one with this name. */
  async create(teamId: string, input: CreateDesignInput): Promise<DesignRecord> {
    try {
      return toDesign(await this.prisma.design.create({ data: { teamId, name: input.name, description: input.description ?? null } }));
    } catch (error) {
      if (isUniqueViolation(error)) throw new PodnetError(ErrorCode.Conflict, `a design named "${input.name}" already exists`);
      throw error;
    }
  }

  async get(teamId: string, id: string): Promise<DesignRecord | null> {
    const row = await this.prisma.design.findFirst({ where: { id, teamId } });
    return row ? toDesign(row) : null;
  }

  /** Designs by id in the order asked (null where absent or another team's): for DataLoader. */
  async getMany(teamId: string, ids: readonly string[]): Promise<(DesignRecord | null)[]> {
    const rows = await this.prisma.design.findMany({ where: { teamId, id: { in: [...ids] } } });
    const byId = new Map(rows.map((r) => [r.id, toDesign(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Cursor page in creation order. */
  /** Designs of the team, oldest first; `name` keeps only the design of that name (names are unique per team). */
  async page(teamId: string, first: number, after?: string | null, name?: string | null): Promise<Page<DesignRecord>> {
    const cursor = after ? decodeCursor(after) : null;
    if (after && !cursor) throw new PodnetError(ErrorCode.BadInput, 'after: not a cursor from this API');
    const rows = await this.prisma.design.findMany({
      where: {
        teamId,
        ...(name == null ? {} : { name }),
        ...(cursor ? { OR: [{ createdAt: { gt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { gt: cursor.id } }] } : {}),
      },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: first + 1,
    });
    const items = rows.slice(0, first).map(toDesign);
    const cursors = items.map((i) => encodeCursor(i.createdAt, i.id));
    return { items, cursors, hasNextPage: rows.length > first, endCursor: cursors.at(-1) ?? null };
  }

  async setWebhookSecret(teamId: string, id: string, secret: string): Promise<boolean> {
    const { count } = await this.prisma.design.updateMany({ where: { id, teamId }, data: { webhookSecret: secret } });
    return count === 1;
  }

  /** The webhook secret and owner of a design (webhook requests carry no API key). */
  async webhookTarget(id: string): Promise<{ teamId: string; secret: string | null } | null> {
    const row = await this.prisma.design.findUnique({ where: { id }, select: { teamId: true, webhookSecret: true } });
    return row ? { teamId: row.teamId, secret: row.webhookSecret } : null;
  }
}
