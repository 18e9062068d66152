import type { ApiKeyRecord, ApiKeyScope, Principal } from '@podnet/contracts';
import type { PrismaClient } from '../generated/prisma/client';

export interface NewApiKey {
  teamId: string;
  scope: ApiKeyScope;
  /** SHA-256 (hex) of the secret; the secret itself is never stored. */
  hash: string;
  prefix: string;
}

export class ApiKeysRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async create(key: NewApiKey): Promise<ApiKeyRecord> {
    const row = await this.prisma.apiKey.create({ data: key });
    return { id: row.id, teamId: row.teamId, prefix: row.prefix, scope: row.scope, createdAt: row.createdAt, revokedAt: row.revokedAt, lastUsedAt: row.lastUsedAt };
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

  async count(): Promise<number> {
    return this.prisma.apiKey.count();
  }
}
