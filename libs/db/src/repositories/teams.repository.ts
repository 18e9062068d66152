import type { TeamRecord } from '@podnet/contracts';
import type { PrismaClient } from '../generated/prisma/client';

export class TeamsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** The team with this name, created when new. */
  async ensure(name: string): Promise<TeamRecord> {
    return this.prisma.team.upsert({ where: { name }, create: { name }, update: {} });
  }

  async findByName(name: string): Promise<TeamRecord | null> {
    return this.prisma.team.findUnique({ where: { name } });
  }
}
