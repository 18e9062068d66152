// A worker killed mid-job (SIGKILL, a real process) leaves the run to be retried and completed exactly once;
// a worker stopped with SIGTERM finishes the job in hand first.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rest, waitForRun } from './support/client';
import { eksExample } from './support/designs';
import { createDatabase, ensureBuilt, queuePrefix, REDIS_SERVER, ROOT, startApi, startWorker, type Proc } from './support/servers';

const ADMIN = 'e2e-admin-key-crash-0000000001';
let api: Proc & { url: string };
let db: Awaited<ReturnType<typeof createDatabase>>;
let queue: ReturnType<typeof queuePrefix>;
let env: Record<string, string>;
let versionId: string;
const workers: Proc[] = [];

async function runRow(id: string) {
  const { rows } = await db.query.query<{ status: string; attempts: number }>('SELECT "status", "attempts" FROM "Run" WHERE "id" = $1', [id]);
  return rows[0];
}

async function until(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  ensureBuilt();
  db = await createDatabase('podnet_e2e_crash');
  queue = queuePrefix('crash');
  env = {
    DATABASE_URL: db.url,
    REDIS_URL: REDIS_SERVER,
    PODNET_QUEUE_PREFIX: queue.prefix,
    // Short locks so a dead worker's job is found stalled within a second or two.
    PODNET_WORKER_LOCK_MS: '1000',
    PODNET_WORKER_STALLED_INTERVAL_MS: '1000',
  };
  api = await startApi({ ...env, PODNET_BOOTSTRAP_ADMIN_KEY: ADMIN });
  const design = await rest(api.url, ADMIN).post('/v1/designs', { name: 'crash' });
  versionId = (await rest(api.url, ADMIN).post(`/v1/designs/${design.body.id}/versions`, { content: eksExample() })).body.id;
}, 180_000);

afterAll(async () => {
  for (const w of workers) await w.kill('SIGKILL');
  await api?.kill();
  await db?.drop();
  await queue?.clean();
});

describe('worker failures', { timeout: 120_000 }, () => {
  it('retries a run whose worker was killed mid-job and completes it exactly once', async () => {
    const doomed = await startWorker({ ...env, PODNET_WORKER_TEST_DELAY_MS: '60000' });
    workers.push(doomed);
    const run = await rest(api.url, ADMIN).post('/v1/runs', { versionId, kind: 'CAPACITY' });
    await until(async () => (await runRow(run.body.id))?.status === 'RUNNING');
    expect(await runRow(run.body.id)).toEqual({ status: 'RUNNING', attempts: 1 });
    await doomed.kill('SIGKILL');

    const rescuer = await startWorker({ ...env, PODNET_WORKER_TEST_DELAY_MS: '0' });
    workers.push(rescuer);
    const done = await waitForRun(api.url, ADMIN, run.body.id, 60_000);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.attempts).toBe(2);
    expect(done.result.kind).toBe('CapacityReport');
    const { rows } = await db.query.query('SELECT 1 FROM "AuditLog" WHERE "targetId" = $1 AND "action" = $2', [run.body.id, 'run.succeeded']);
    expect(rows).toHaveLength(1);
    expect(rescuer.output.join('')).toMatch(/stalled job returned to the queue|run started/);
    await rescuer.kill();
  });

  it('finishes the job in hand on SIGTERM before exiting', async () => {
    const worker = await startWorker({ ...env, PODNET_WORKER_TEST_DELAY_MS: '1500' });
    workers.push(worker);
    const run = await rest(api.url, ADMIN).post('/v1/runs', { versionId, kind: 'CAPACITY', params: { compare: ['m6i.large'] } });
    await until(async () => (await runRow(run.body.id))?.status === 'RUNNING');
    await worker.kill('SIGTERM');
    expect(await runRow(run.body.id)).toEqual({ status: 'SUCCEEDED', attempts: 1 });
  });

  it('exits on SIGTERM as PID 1 (a container without an init), closing every Redis connection itself', async () => {
    // As PID 1 the signal Nest re-sends itself after closing the app is ignored, so the process only ends when
    // nothing is left open. `unshare --pid --fork` makes the worker PID 1 of a new PID namespace.
    const child = spawn('unshare', ['--user', '--map-root-user', '--pid', '--fork', '--kill-child', process.execPath, join(ROOT, 'dist/apps/worker/main.js')], {
      cwd: ROOT,
      env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await until(async () => output.includes('podnet worker ready (pid 1)'));
      // unshare does not forward signals: signal the worker (its only child) directly.
      const pid = Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(' ')[0]);
      process.kill(pid, 'SIGTERM');
      const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 10_000))]);
      expect(code).not.toBe('hung');
    } finally {
      child.kill('SIGKILL'); // --kill-child: the worker goes with it
    }
  });
});
