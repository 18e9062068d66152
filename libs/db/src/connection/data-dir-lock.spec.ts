import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DataDirInUseError, HEARTBEAT_MS, lockDataDir, STALE_MS } from './data-dir-lock';

describe('lockDataDir (PGlite is single-process)', () => {
  let root: string;
  let dataDir: string;
  let lockFile: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'podnet-lock-'));
    dataDir = join(root, 'pglite');
    lockFile = `${dataDir}.lock`;
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const holdBy = (pid: number, host = hostname()) => writeFileSync(lockFile, JSON.stringify({ pid, host, since: '2026-11-21T00:00:00.000Z' }));

  it('writes <dataDir>.lock with this pid and removes it on release', () => {
    const lock = lockDataDir(dataDir);
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    lock.release();
    expect(existsSync(lockFile)).toBe(false);
    lockDataDir(dataDir).release(); // free again
  });

  it('refuses a second open while held, in this process too', () => {
    const lock = lockDataDir(dataDir);
    try {
      expect(() => lockDataDir(dataDir)).toThrow(DataDirInUseError);
    } finally {
      lock.release();
    }
  });

  it('refuses a lock held by a live process and leaves it in place', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      holdBy(child.pid!);
      expect(() => lockDataDir(dataDir)).toThrow(`in use by process ${child.pid}`);
      expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: child.pid });
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    // Now the holder is gone: the stale lock is taken over.
    const lock = lockDataDir(dataDir);
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it('respects a lock from another host (its process cannot be checked from here)', () => {
    holdBy(1, 'some-other-host');
    expect(() => lockDataDir(dataDir)).toThrow(DataDirInUseError);
  });

  it('takes over an unreadable lock', () => {
    writeFileSync(lockFile, 'not json');
    const lock = lockDataDir(dataDir);
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
    expect(existsSync(lockFile)).toBe(false);
  });

  it('leaves no private file behind', () => {
    holdBy(1, 'some-other-host');
    expect(() => lockDataDir(dataDir)).toThrow(DataDirInUseError);
    expect(existsSync(`${lockFile}.${process.pid}`)).toBe(false);
  });

  it('takes over a lock naming this pid that this process does not hold (a container restarted as the same pid)', () => {
    holdBy(process.pid);
    const lock = lockDataDir(dataDir);
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it(`takes over a lock from any host once it has had no heartbeat for ${STALE_MS / 1000} s (a recreated container)`, () => {
    holdBy(1, 'container-before-recreate');
    const old = new Date(Date.now() - STALE_MS - 1000);
    utimesSync(lockFile, old, old);
    const lock = lockDataDir(dataDir);
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    lock.release();
  });

  it(`touches its lock every ${HEARTBEAT_MS / 1000} s while held, so a live holder never looks stale`, () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const lock = lockDataDir(dataDir);
      const old = new Date(Date.now() - STALE_MS - 1000);
      utimesSync(lockFile, old, old);
      vi.advanceTimersByTime(HEARTBEAT_MS);
      expect(Date.now() - statSync(lockFile).mtimeMs).toBeLessThan(5_000);
      lock.release();
    } finally {
      vi.useRealTimers();
    }
  });
});
