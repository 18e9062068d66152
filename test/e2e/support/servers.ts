import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';

export const ROOT = join(import.meta.dirname, '../../..');
/** Real servers: DATABASE_URL / REDIS_URL when set, else the local ones (trust auth). */
export const PG_SERVER = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const REDIS_SERVER = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** Builds the api and worker bundles when stale (one build at a time across test files). */
export function ensureBuilt(): void {
  const result = spawnSync('flock', ['/tmp/podnet-service-build.lock', process.execPath, 'scripts/start.mjs', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`build failed:\n${result.stdout}\n${result.stderr}`);
}

/** A fresh database per test file, dropped afterwards. */
export async function createDatabase(prefix: string): Promise<{ url: string; query: pg.Pool; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_SERVER });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(PG_SERVER);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  return {
    url: url.toString(),
    query: pool,
    drop: async () => {
      await pool.end();
      const client = new pg.Client({ connectionString: PG_SERVER });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

/** A Redis key prefix per test file, cleaned afterwards. */
export function queuePrefix(name: string): { prefix: string; clean(): Promise<void> } {
  const prefix = `podnet-e2e-${name}-${randomBytes(3).toString('hex')}`;
  return {
    prefix,
    clean: async () => {
      const redis = new Redis(REDIS_SERVER);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    },
  };
}

export interface Proc {
  child: ChildProcess;
  output: string[];
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

function launch(script: string, env: Record<string, string>, ready: RegExp, timeoutMs = 120_000): Promise<Proc & { match: RegExpMatchArray }> {
  const child = spawn(process.execPath, [join(ROOT, script)], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const proc: Proc = {
    child,
    output,
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start:\n${output.join('')}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output.push(text);
      const match = output.join('').match(ready);
      if (match) {
        clearTimeout(timer);
        resolve({ ...proc, match });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => output.push(c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code}:\n${output.join('')}`));
    });
  });
}

/** Starts the built API on a free port; resolves with its URL. */
export async function startApi(env: Record<string, string>): Promise<Proc & { url: string }> {
  const proc = await launch('dist/apps/api/main.js', { PORT: '0', HOST: '127.0.0.1', ...env }, /podnet api listening on (http:\/\/\S+)/);
  return { ...proc, url: proc.match[1] ?? '' };
}

/** Starts a built worker process. */
export async function startWorker(env: Record<string, string>): Promise<Proc> {
  return launch('dist/apps/worker/main.js', env, /podnet worker ready/);
}
