import type { Prisma, PrismaClient } from '../generated/prisma/client';
import { isUniqueViolation } from './mappers';

export type IdempotencyClaim =
  | { state: 'new' }
  | { state: 'replay'; status: number; body: unknown }
  | { state: 'in-progress' }
  | { state: 'mismatch' };

/** Stored responses of POSTs made with an Idempotency-Key, per team. */
export class IdempotencyRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Claims the key for a request (by its hash) or tells what happened to the first one. */
  async claim(teamId: string, key: string, requestHash: string): Promise<IdempotencyClaim> {
    try {
      await this.prisma.idempotencyKey.create({ data: { teamId, key, requestHash } });
      return { state: 'new' };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const row = await this.prisma.idempotencyKey.findUnique({ where: { teamId_key: { teamId, key } } });
    if (!row) return this.claim(teamId, key, requestHash);
    if (row.requestHash !== requestHash) return { state: 'mismatch' };
    if (row.status === null) return { state: 'in-progress' };
    return { state: 'replay', status: row.status, body: row.body };
  }

  async complete(teamId: string, key: string, status: number, body: unknown): Promise<void> {
    await this.prisma.idempotencyKey.update({ where: { teamId_key: { teamId, key } }, data: { status, body: body as Prisma.InputJsonValue } });
  }

  /** Forgets a claim whose request failed, so the client may retry with the same key. */
  async release(teamId: string, key: string): Promise<void> {
    await this.prisma.idempotencyKey.deleteMany({ where: { teamId, key, status: null } });
  }
}
