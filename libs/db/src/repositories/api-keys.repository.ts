import type { ApiKeyRecord, ApiKeyScope, Principal, TeamRecord } from '@podnet/contracts';
import type { Prisma, PrismaClient } from '../generated/prisma/client';

export interface NewApiKey {
  teamId: string;
  scope: ApiKeyScope;
  /** SHA-256 (hex) of the secret; the secret itself is never stored. */
  hash: string;
  prefix: string;
}

/** A key listed for an operator: its record and team name (never the hash). */
export interface ApiKeyListing extends ApiKeyRecord {
  teamName: string;
}

/** Who did it, for the audit entry (an operator's tool has no key: `actorKeyId` null, say who in `detail`). */
export interface AuditActor {
  actorKeyId: string | null;
  detail?: Record<string, unknown>;
}

const toRecord = (row: { id: string; teamId: string; prefix: string; scope: ApiKeyScope; createdAt: Date; revokedAt: Date | null; lastUsedAt: Date | null }): ApiKeyRecord => ({
  id: row.id,
  teamId: row.teamId,
  prefix: row.prefix,
  scope: row.scope,
  createdAt: row.createdAt,
  revokedAt: row.revokedAt,
  lastUsedAt: row.lastUsedAt,
});

export class ApiKeysRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async create(key: NewApiKey): Promise<ApiKeyRecord> {
    const row = await this.prisma.apiKey.create({ data: key });
    return toRecord(row);
  }

  /**
   * Issues a key for the team named `teamName` (created when new) in one transaction with its audit
   * entries (`team.create` when the team is new, `apikey.create`).
   */
  async issue(
    teamName: string,
    key: Omit<NewApiKey, 'teamId'>,
    actor: AuditActor,
  ): Promise<{ key: ApiKeyRecord; team: TeamRecord; teamCreated: boolean }> {
    return this.prisma.$transaction(async (tx) => {
      // ON CONFLICT DO NOTHING: two operators creating the same team at once both end up with one team.
      const inserted = await tx.$queryRaw<TeamRecord[]>`
        INSERT INTO "Team" ("name") VALUES (${teamName})
        ON CONFLICT ("name") DO NOTHING RETURNING "id", "name", "createdAt"`;
      const team = inserted[0] ?? (await tx.team.findUniqueOrThrow({ where: { name: teamName } }));
      const audit = (action: string, targetType: string, targetId: string, detail: Record<string, unknown>) =>
        tx.auditLog.create({ data: { teamId: team.id, actorKeyId: actor.actorKeyId, action, targetType, targetId, detail: { ...actor.detail, ...detail } as Prisma.InputJsonValue } });
      if (inserted[0]) await audit('team.create', 'Team', team.id, { name: team.name });
      const row = await tx.apiKey.create({ data: { ...key, teamId: team.id } });
      await audit('apikey.create', 'ApiKey', row.id, { scope: row.scope });
      return { key: toRecord(row), team, teamCreated: inserted.length > 0 };
    });
  }

  /** Every key (of one team when `teamName` is given), oldest first; hashes are never read. */
  async list(filter: { teamName?: string } = {}): Promise<ApiKeyListing[]> {
    const rows = await this.prisma.apiKey.findMany({
      where: filter.teamName === undefined ? {} : { team: { name: filter.teamName } },
      omit: { hash: true },
      include: { team: { select: { name: true } } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map((row) => ({ ...toRecord(row), teamName: row.team.name }));
  }

  /** The principal of a live (not revoked) key with this hash. */
  async principalByHash(hash: string): Promise<Principal | null> {
    const row = await this.prisma.apiKey.findUnique({ where: { hash }, include: { team: true } });
    if (!row || row.revokedAt) return null;
    return { keyId: row.id, teamId: row.teamId, teamName: row.team.name, scope: row.scope };
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.prisma.apiKey.updateMany({ where: { id }, data: { lastUsedAt: at } });
  }

  /** Revokes a key of this team; false when there is no such key. */
  async revoke(teamId: string, id: string): Promise<boolean> {
    const { count } = await this.prisma.apiKey.updateMany({ where: { id, teamId, revokedAt: null }, data: { revokedAt: new Date() } });
    return count === 1;
  }

  /**
   * Revokes a live key of any team (an operator's action) with its `apikey.revoke` audit entry in the
   * same transaction; null when there is no live key with this id.
   */
  async revokeAny(id: string, actor: AuditActor): Promise<ApiKeyListing | null> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
      if (count !== 1) return null;
      const row = await tx.apiKey.findUniqueOrThrow({ where: { id }, omit: { hash: true }, include: { team: { select: { name: true } } } });
      await tx.auditLog.create({
        data: { teamId: row.teamId, actorKeyId: actor.actorKeyId, action: 'apikey.revoke', targetType: 'ApiKey', targetId: id, detail: (actor.detail ?? undefined) as Prisma.InputJsonValue | undefined },
      });
      return { ...toRecord(row), teamName: row.team.name };
    });
  }

  async count(): Promise<number> {
    return this.prisma.apiKey.count();
  }
}
