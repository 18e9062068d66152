import { linkSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';

/**
 * PGlite is single-process and takes no lock of its own (its postmaster.pid always says -42), so two
 * processes could open one data directory and corrupt it. Whoever opens it (the API under `npm start`,
 * `podnet keys`) holds `<dataDir>.lock` with its pid and host, and touches it every HEARTBEAT_MS while it holds
 * it. The lock is stale, and taken over, when its process is gone (same host), when it names this very process
 * without this process holding it (a container restarted with the same pid), or when it has not been touched for
 * STALE_MS (a holder on another host, or a container recreated with a new hostname, that died).
 */
export const HEARTBEAT_MS = 10_000;
export const STALE_MS = 45_000;
const heldHere = new Set<string>();

export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
    readonly host = '',
  ) {
    super(
      `the embedded database ${dataDir} is in use by process ${pid}${host && host !== hostname() ? ` on host ${host}` : ''} (a running \`npm start\`?); ` +
        `stop it, or set DATABASE_URL to use a Postgres server (a holder that died frees it ${STALE_MS / 1000} s after its last heartbeat)`,
    );
  }
}

export interface DataDirLock {
  release(): void;
}

function holder(path: string): { pid: number; host: string; touchedMs: number } | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown; host?: unknown };
    const touchedMs = statSync(path).mtimeMs;
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, host: typeof parsed.host === 'string' ? parsed.host : '', touchedMs } : null;
  } catch {
    return null; // unreadable: treated as stale
  }
}

/** Whether a lock's holder may still be using the directory. */
function live(dir: string, current: { pid: number; host: string; touchedMs: number }): boolean {
  if (Date.now() - current.touchedMs > STALE_MS) return false; // no heartbeat: its holder is gone, wherever it ran
  if (current.host !== hostname()) return true; // another host sharing the directory, still beating
  if (current.pid === process.pid) return heldHere.has(dir); // our pid, but not our lock: an earlier incarnation
  return alive(current.pid);
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
        heldHere.add(dir);
        const heartbeat = setInterval(() => {
          try {
            const now = new Date();
            utimesSync(path, now, now);
          } catch {
            // removed by hand: nothing to keep alive
          }
        }, HEARTBEAT_MS);
        heartbeat.unref();
        return {
          release: () => {
            clearInterval(heartbeat);
            heldHere.delete(dir);
            if (holder(path)?.pid === process.pid) rmSync(path, { force: true });
          },
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const current = holder(path);
        if ((current && live(dir, current)) || attempt > 0) throw new DataDirInUseError(dir, current?.pid ?? 0, current?.host ?? '');
        rmSync(path, { force: true }); // stale
      }
    }
  } finally {
    rmSync(mine, { force: true });
  }
}
