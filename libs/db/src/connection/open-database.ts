import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client';
import { lockDataDir } from './data-dir-lock';
import { applyMigrations } from './migrate';

export interface DatabaseOptions {
  /** postgres:// URL of a real server; when absent, an embedded PGlite database in `dataDir`. */
  url?: string | undefined;
  /** Where PGlite keeps its files (e.g. `.data/pglite`); `memory://` for an in-memory database. */
  dataDir: string;
  /** `prisma/migrations` */
  migrationsDir: string;
  /** Connection pool size for a real server. */
  poolMax?: number;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
}

export interface OpenedClient {
  prisma: PrismaClient;
  kind: 'postgres' | 'pglite';
  /** Migrations applied by this call. */
  applied: string[];
  /** The PGlite instance in embedded mode (single process: the worker runs in-process). */
  pglite?: PGlite;
  close(): Promise<void>;
}

/** Opens Postgres (adapter-pg) or embedded PGlite, applies migrations, and returns a Prisma client. */
export async function openClient(options: DatabaseOptions): Promise<OpenedClient> {
  const migrate = options.migrate ?? true;
  if (options.url) {
    let applied: string[] = [];
    if (migrate) {
      const client = new pg.Client({ connectionString: options.url });
      await client.connect();
      try {
        applied = await applyMigrations(
          { exec: (sql) => client.query(sql), query: async (sql, params) => (await client.query(sql, params)).rows },
          options.migrationsDir,
          { lock: true },
        );
      } finally {
        await client.end();
      }
    }
    const adapter = new PrismaPg({ connectionString: options.url, max: options.poolMax ?? 10 });
    const prisma = new PrismaClient({ adapter });
    await prisma.$connect();
    return { prisma, kind: 'postgres', applied, close: () => prisma.$disconnect() };
  }

  const onDisk = !options.dataDir.startsWith('memory://');
  if (onDisk) mkdirSync(options.dataDir, { recursive: true });
  // PGlite is single-process: refuse a data directory another live process has open.
  const lock = onDisk ? lockDataDir(options.dataDir) : undefined;
  let pglite: PGlite | undefined;
  try {
    pglite = new PGlite(options.dataDir);
    await pglite.waitReady;
    const db = pglite;
    const applied = migrate
      ? await applyMigrations(
          { exec: (sql) => db.exec(sql), query: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows },
          options.migrationsDir,
          { lock: false },
        )
      : [];
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
    await prisma.$connect();
    return {
      prisma,
      kind: 'pglite',
      applied,
      pglite: db,
      close: async () => {
        try {
          await prisma.$disconnect();
          await db.close();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (error) {
    await pglite?.close().catch(() => undefined);
    lock?.release();
    throw error;
  }
}
