import type { Prisma, PrismaClient } from '../generated/prisma/client';

export interface AuditEntry {
  teamId: string;
  actorKeyId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  detail?: Record<string, unknown>;
}

export interface AuditRecord extends AuditEntry {
  id: string;
  at: Date;
}

type Tx = Pick<PrismaClient, 'auditLog'>;

export class AuditRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async record(entry: AuditEntry, tx: Tx = this.prisma): Promise<void> {
    await tx.auditLog.create({ data: { ...entry, detail: (entry.detail ?? undefined) as Prisma.InputJsonValue | undefined } });
  }

  async list(teamId: string, filter: { targetId?: string; action?: string } = {}): Promise<AuditRecord[]> {
    const rows = await this.prisma.auditLog.findMany({ where: { teamId, ...filter }, orderBy: { id: 'asc' } });
    return rows.map((r) => ({
      id: r.id.toString(),
      teamId: r.teamId,
      actorKeyId: r.actorKeyId,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      detail: (r.detail ?? undefined) as Record<string, unknown> | undefined,
      at: r.at,
    }));
  }
}
