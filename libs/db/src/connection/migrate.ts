import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** The little a migration runner needs from a connection (a pg client or PGlite). */
export interface SqlSession {
  exec(sql: string): Promise<unknown>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
}

/** Advisory lock id so several processes starting at once apply migrations one at a time. */
const MIGRATION_LOCK_ID = 74_720_007;

/**
 * Applies `prisma/migrations/<name>/migration.sql` files not applied yet, in name order, each inside
 * BEGIN/COMMIT, recording them in `_app_migrations`. Returns the names applied now. (The native Prisma
 * schema engine is not available offline; see STACK.md.)
 */
export async function applyMigrations(session: SqlSession, migrationsDir: string, options: { lock: boolean }): Promise<string[]> {
  if (!existsSync(migrationsDir)) throw new Error(`migrations directory not found: ${migrationsDir}`);
  const names = readdirSync(migrationsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(migrationsDir, e.name, 'migration.sql')))
    .map((e) => e.name)
    .sort();
  if (options.lock) await session.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
  try {
    await session.exec('CREATE TABLE IF NOT EXISTS "_app_migrations" ("name" TEXT PRIMARY KEY, "appliedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP)');
    const done = new Set((await session.query<{ name: string }>('SELECT "name" FROM "_app_migrations"')).map((r) => r.name));
    const applied: string[] = [];
    for (const name of names) {
      if (done.has(name)) continue;
      const sql = readFileSync(join(migrationsDir, name, 'migration.sql'), 'utf8');
      await session.exec('BEGIN');
      try {
        await session.exec(sql);
        await session.query('INSERT INTO "_app_migrations" ("name") VALUES ($1)', [name]);
        await session.exec('COMMIT');
      } catch (error) {
        await session.exec('ROLLBACK');
        throw new Error(`migration ${name} failed: ${(error as Error).message}`);
      }
      applied.push(name);
    }
    return applied;
  } finally {
    if (options.lock) await session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
  }
}
