import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';

/**
 * PGlite is single-process and takes no lock of its own (its postmaster.pid always says -42), so two
 * processes could open one data directory and corrupt it. Whoever opens it (the API under `npm start`,
 * `podnet keys`) holds `<dataDir>.lock` with its pid; a lock whose process is gone is stale and taken over.
 */
export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `the embedded database ${dataDir} is in use by process ${pid} (a running \`npm start\`?); ` +
        `stop it, or set DATABASE_URL to use a Postgres server (remove ${dataDir}.lock if process ${pid} is not podnet)`,
    );
  }
}

export interface DataDirLock {
  release(): void;
}

function holder(path: string): { pid: number; host: string } | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown; host?: unknown };
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, host: typeof parsed.host === 'string' ? parsed.host : '' } : null;
  } catch {
    return null; // unreadable: treated as stale
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes `<dataDir>.lock` for this process; throws DataDirInUseError while a live process holds it. */
export function lockDataDir(dataDir: string): DataDirLock {
  const dir = resolve(dataDir);
  const path = `${dir}.lock`;
  // Written whole to a private file, then linked into place: link() fails when the lock exists, and a
  // reader never sees a half-written lock.
  const mine = `${path}.${process.pid}`;
  writeFileSync(mine, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(mine, path);
        return {
          release: () => {
            if (holder(path)?.pid === process.pid) rmSync(path, { force: true });
          },
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const current = holder(path);
        // A lock from another host sharing the directory cannot be checked: respect it.
        const live = current && (current.host !== hostname() || current.pid === process.pid || alive(current.pid));
        if (live || attempt > 0) throw new DataDirInUseError(dir, current?.pid ?? 0);
        rmSync(path, { force: true }); // stale: its process is gone
      }
    }
  } finally {
    rmSync(mine, { force: true });
  }
}
