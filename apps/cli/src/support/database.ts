import { isAbsolute, join, resolve } from 'node:path';
import type { Database } from '@podnet/db';

/** The repository root: `npm start` runs there, so relative data paths are taken from it. */
const ROOT = join(import.meta.dirname, '../../../..');

/** Where the operator's database is, read from the same variables the API reads at boot. */
export interface DatabaseTarget {
  /** postgres:// URL (DATABASE_URL), or undefined for the embedded PGlite database. */
  url: string | undefined;
  /** `<PODNET_DATA_DIR>/pglite`, as the API computes it. */
  dataDir: string;
  migrationsDir: string;
}

/** The database `npm start` uses with the same environment: DATABASE_URL, else PGlite under PODNET_DATA_DIR (default .data). */
export function databaseTarget(env: NodeJS.ProcessEnv): DatabaseTarget {
  const fromRoot = (path: string) => (isAbsolute(path) ? path : resolve(ROOT, path));
  return {
    url: env['DATABASE_URL'] || undefined,
    dataDir: join(fromRoot(env['PODNET_DATA_DIR'] || '.data'), 'pglite'),
    migrationsDir: fromRoot(env['PODNET_MIGRATIONS_DIR'] || 'prisma/migrations'),
  };
}

/** A URL fit to print: the password, if any, replaced by `***`. */
export function describeTarget(target: DatabaseTarget): string {
  if (!target.url) return `embedded PGlite in ${target.dataDir}`;
  try {
    const url = new URL(target.url);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'DATABASE_URL (not a valid URL)';
  }
}

/** The database could not be opened: one line naming it and why (exit 3, no stack trace). */
export class DatabaseUnavailable extends Error {
  override readonly name = 'DatabaseUnavailable';
}

/**
 * Opens the operator's database with migrations applied (as the API does at start-up), runs `work`,
 * and closes it. Loading the data layer lazily keeps the other commands as fast as before.
 */
export async function withDatabase<T>(
  env: NodeJS.ProcessEnv,
  work: (db: Database) => Promise<T>,
): Promise<T> {
  const target = databaseTarget(env);
  const { Database: Db, DataDirInUseError } = await import('@podnet/db');
  let db: Database;
  try {
    db = await Db.open({
      url: target.url,
      dataDir: target.dataDir,
      migrationsDir: target.migrationsDir,
      poolMax: 2,
    });
  } catch (error) {
    if (error instanceof DataDirInUseError) throw new DatabaseUnavailable(error.message);
    throw new DatabaseUnavailable(
      `cannot open the database (${describeTarget(target)}): ${oneLine(error)}`,
    );
  }
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

function oneLine(error: unknown): string {
  const e = error as { message?: unknown; code?: unknown; errors?: unknown };
  // pg reports "connect ECONNREFUSED" for each address as an AggregateError with an empty message.
  let message = typeof e?.message === 'string' && e.message ? e.message : '';
  if (!message && Array.isArray(e?.errors))
    message = e.errors
      .map((x) => (x as Error)?.message)
      .filter(Boolean)
      .join('; ');
  if (!message) message = typeof e?.code === 'string' ? e.code : String(error);
  return message
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
}
