import { openClient, type DatabaseOptions, type OpenedClient } from './connection/open-database';
import { ApiKeysRepository } from './repositories/api-keys.repository';
import { AuditRepository } from './repositories/audit.repository';
import { DesignsRepository } from './repositories/designs.repository';
import { IdempotencyRepository } from './repositories/idempotency.repository';
import { RunsRepository } from './repositories/runs.repository';
import { TeamsRepository } from './repositories/teams.repository';
import { VersionsRepository } from './repositories/versions.repository';

/** The data layer: one object per aggregate, each returning contract types. */
export class Database {
  readonly teams: TeamsRepository;
  readonly apiKeys: ApiKeysRepository;
  readonly designs: DesignsRepository;
  readonly versions: VersionsRepository;
  readonly runs: RunsRepository;
  readonly audit: AuditRepository;
  readonly idempotency: IdempotencyRepository;

  private constructor(private readonly client: OpenedClient) {
    const { prisma } = client;
    this.teams = new TeamsRepository(prisma);
    this.apiKeys = new ApiKeysRepository(prisma);
    this.designs = new DesignsRepository(prisma);
    this.versions = new VersionsRepository(prisma);
    this.runs = new RunsRepository(prisma);
    this.audit = new AuditRepository(prisma);
    this.idempotency = new IdempotencyRepository(prisma);
  }

  /** Opens the database (Postgres when `url` is set, else PGlite in `dataDir`) with migrations applied. */
  static async open(options: DatabaseOptions): Promise<Database> {
    return new Database(await openClient(options));
  }

  get kind(): 'postgres' | 'pglite' {
    return this.client.kind;
  }

  get appliedMigrations(): readonly string[] {
    return this.client.applied;
  }

  /** Round trip to the server (readiness). */
  async ping(): Promise<void> {
    await this.client.prisma.$queryRaw`SELECT 1`;
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
