import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@podnet/db';
// libs/db's own test helper (a fresh database per test file), shared rather than copied; it is not part of the lib's API.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createTestDatabase } from '../../../../libs/db/test/pg-test-database';
import { run } from '../program';
import type { CliIo } from '../support/io';

const migrationsDir = join(import.meta.dirname, '../../../../prisma/migrations');

/** The data layer, loaded lazily as the command itself does (it keeps the other commands fast). */
async function openDatabase(options: { url?: string; dataDir: string }): Promise<Database> {
  const { Database: Db } = await import('@podnet/db');
  return Db.open({ ...options, migrationsDir, poolMax: 2 });
}

/** How the API authenticates a key (issue 7; apps/api ApiKeyService.hashKey): the SHA-256 hex of the secret. */
const sha256 = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

/** Runs `podnet keys ...` in-process with this environment (the command reads nothing else). */
async function keys(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readFile: () => '',
    isTTY: false,
    env,
  };
  const code = await run(['node', 'podnet', 'keys', ...args], io);
  return { code, stdout, stderr };
}

interface Created {
  id: string;
  key: string;
  team: string;
  scope: string;
  prefix: string;
  createdAt: string;
  teamCreated: boolean;
}

describe('podnet keys on Postgres', () => {
  let url: string;
  let drop: () => Promise<void>;
  let db: Database;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    const created = await createTestDatabase('podnet_cli_keys');
    url = created.url;
    drop = created.drop;
    env = { DATABASE_URL: url };
    db = await openDatabase({ url, dataDir: 'unused' });
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await drop?.();
  });

  it('creates the team and a key whose secret authenticates with that team and scope; only the hash is stored', async () => {
    expect(await db.teams.findByName('acme')).toBeNull();
    const r = await keys(['create', '--team', 'acme', '--scope', 'write', '-o', 'json'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Created;
    expect(out).toMatchObject({ team: 'acme', scope: 'WRITE', teamCreated: true });
    expect(out.key.startsWith(out.prefix)).toBe(true);
    expect(await db.teams.findByName('acme')).toMatchObject({ name: 'acme' });

    const principal = await db.apiKeys.principalByHash(sha256(out.key));
    expect(principal).toEqual({
      keyId: out.id,
      teamId: (await db.teams.findByName('acme'))?.id,
      teamName: 'acme',
      scope: 'WRITE',
    });

    // Nothing in the table holds the secret; the hash column holds its SHA-256.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<Record<string, unknown>>(
        'SELECT * FROM "ApiKey" WHERE "id" = $1',
        [out.id],
      );
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(out.key);
      expect(rows[0]?.['hash']).toBe(sha256(out.key));
    } finally {
      await client.end();
    }
  });

  it('writes the audit entries with the operator as actor, never the secret or its hash', async () => {
    const r = await keys(['create', '--team', 'audited', '--scope', 'admin', '-o', 'json'], env);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Created;
    const team = await db.teams.findByName('audited');
    const audit = await db.audit.list(team!.id);
    expect(audit.map((a) => [a.action, a.targetType, a.targetId])).toEqual([
      ['team.create', 'Team', team!.id],
      ['apikey.create', 'ApiKey', out.id],
    ]);
    for (const entry of audit) {
      expect(entry.actorKeyId).toBeNull();
      expect(entry.detail).toMatchObject({ actor: 'cli' });
    }
    expect(audit[1]?.detail).toMatchObject({ scope: 'ADMIN' });
    const text = JSON.stringify(audit);
    expect(text).not.toContain(out.key);
    expect(text).not.toContain(sha256(out.key));
  });

  it('says in its text output when it created the team, and shows the secret once', async () => {
    const first = await keys(['create', '--team', 'texty', '--scope', 'READ'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^created team texty\n/);
    const second = await keys(['create', '--team', 'texty', '--scope', 'read'], env);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain('created team');
    const secret = /key: +(pn_\S+)/.exec(second.stdout)?.[1];
    expect(secret).toBeDefined();
    expect(second.stdout.split(secret!).length - 1).toBe(1);
    expect(second.stdout).toMatch(/scope: +read\n/);
    expect(await db.apiKeys.principalByHash(sha256(secret!))).toMatchObject({
      teamName: 'texty',
      scope: 'READ',
    });
  });

  it('lists keys (all, or one team) without secrets or hashes', async () => {
    const a = JSON.parse(
      (await keys(['create', '--team', 'list-a', '--scope', 'read', '-o', 'json'], env)).stdout,
    ) as Created;
    const b = JSON.parse(
      (await keys(['create', '--team', 'list-b', '--scope', 'write', '-o', 'json'], env)).stdout,
    ) as Created;
    const all = await keys(['list', '-o', 'json'], env);
    expect(all.code).toBe(0);
    const rows = JSON.parse(all.stdout) as Record<string, unknown>[];
    expect(rows.map((k) => k['id'])).toEqual(expect.arrayContaining([a.id, b.id]));
    for (const row of rows)
      expect(Object.keys(row).sort()).toEqual([
        'createdAt',
        'id',
        'lastUsedAt',
        'prefix',
        'revokedAt',
        'scope',
        'team',
      ]);

    const one = JSON.parse(
      (await keys(['list', '--team', 'list-a', '-o', 'json'], env)).stdout,
    ) as Record<string, unknown>[];
    expect(one).toEqual([
      {
        id: a.id,
        team: 'list-a',
        prefix: a.prefix,
        scope: 'READ',
        createdAt: a.createdAt,
        lastUsedAt: null,
        revokedAt: null,
      },
    ]);

    for (const format of ['json', 'table', 'csv', 'md', 'yaml']) {
      const out = (await keys(['list', '-o', format], env)).stdout;
      expect(out).toContain(a.prefix);
      for (const secret of [a.key, b.key]) {
        expect(out).not.toContain(secret);
        expect(out).not.toContain(sha256(secret));
      }
    }
    expect((await keys(['list', '--team', 'nobody'], env)).stdout).toBe(
      'no API keys for team nobody\n',
    );
  });

  it('revokes a key: it no longer authenticates, the revocation is audited, a second revoke exits 1', async () => {
    const out = JSON.parse(
      (await keys(['create', '--team', 'revoking', '--scope', 'write', '-o', 'json'], env)).stdout,
    ) as Created;
    expect(await db.apiKeys.principalByHash(sha256(out.key))).not.toBeNull();

    const r = await keys(['revoke', out.id], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`revoked API key ${out.id}`);
    expect(await db.apiKeys.principalByHash(sha256(out.key))).toBeNull();
    const team = await db.teams.findByName('revoking');
    const audit = await db.audit.list(team!.id, { action: 'apikey.revoke' });
    expect(audit).toMatchObject([
      { targetType: 'ApiKey', targetId: out.id, actorKeyId: null, detail: { actor: 'cli' } },
    ]);
    const listed = JSON.parse(
      (await keys(['list', '--team', 'revoking', '-o', 'json'], env)).stdout,
    ) as { revokedAt: string | null }[];
    expect(listed[0]?.revokedAt).toEqual(expect.any(String));

    const again = await keys(['revoke', out.id], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`no live API key with id ${out.id}`);
    const unknown = await keys(['revoke', '00000000-0000-4000-8000-000000000000'], env);
    expect(unknown.code).toBe(1);
  });

  it('refuses bad input with exit 2, naming the flag and the value, and creates nothing', async () => {
    const before = await db.apiKeys.count();
    const scope = await keys(['create', '--team', 'acme', '--scope', 'owner'], env);
    expect(scope.code).toBe(2);
    expect(scope.stderr).toBe('error: --scope "owner": must be read, write or admin\n');
    const team = await keys(['create', '--team', '', '--scope', 'read'], env);
    expect(team.code).toBe(2);
    expect(team.stderr).toBe('error: --team "": must not be empty\n');
    const id = await keys(['revoke', 'not-an-id'], env);
    expect(id.code).toBe(2);
    expect(id.stderr).toContain('"not-an-id"');
    const format = await keys(['create', '--team', 'acme', '--scope', 'read', '-o', 'table'], env);
    expect(format.code).toBe(2);
    const missing = await keys(['create', '--team', 'acme'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--scope');
    expect(await db.apiKeys.count()).toBe(before);
  });

  it('says in one line that the database cannot be reached, exit 3, without a stack trace', async () => {
    const r = await keys(['list'], {
      DATABASE_URL: 'postgresql://postgres:hunter2@127.0.0.1:1/nowhere',
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /^internal error: cannot open the database \(postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/nowhere\): .*ECONNREFUSED.*\n$/,
    );
    expect(r.stderr).not.toContain('hunter2');
    expect(r.stdout).toBe('');
  });
});

describe('podnet keys on the embedded PGlite database', () => {
  const dataRoot = mkdtempSync(join(tmpdir(), 'podnet-keys-'));
  const env = { PODNET_DATA_DIR: dataRoot };
  const lockFile = join(dataRoot, 'pglite.lock');
  let sleeper: ChildProcess | undefined;

  afterAll(() => {
    sleeper?.kill('SIGKILL');
    rmSync(dataRoot, { recursive: true, force: true });
  });

  it(
    'creates and lists keys in <PODNET_DATA_DIR>/pglite, migrated as the server does',
    { timeout: 180_000 },
    async () => {
      const r = await keys(['create', '--team', 'local', '--scope', 'admin', '-o', 'json'], env);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as Created;
      expect(out).toMatchObject({ team: 'local', scope: 'ADMIN', teamCreated: true });
      expect(existsSync(join(dataRoot, 'pglite', 'PG_VERSION'))).toBe(true);
      expect(existsSync(lockFile)).toBe(false); // released on close

      const db = await openDatabase({ dataDir: join(dataRoot, 'pglite') });
      try {
        expect(await db.apiKeys.principalByHash(sha256(out.key))).toMatchObject({
          keyId: out.id,
          teamName: 'local',
          scope: 'ADMIN',
        });
      } finally {
        await db.close();
      }
    },
  );

  it(
    'refuses a data directory a live process holds (a running npm start), and takes over a stale lock',
    { timeout: 120_000 },
    async () => {
      sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
      const pid = sleeper.pid!;
      writeFileSync(
        lockFile,
        JSON.stringify({ pid, host: hostname(), since: new Date().toISOString() }),
      );
      const busy = await keys(['list'], env);
      expect(busy.code).toBe(3);
      expect(busy.stderr).toContain(`is in use by process ${pid}`);
      expect(busy.stderr.trim().split('\n')).toHaveLength(1);
      expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid }); // left alone

      const exited = new Promise((resolve) => sleeper!.once('exit', resolve));
      sleeper.kill('SIGKILL');
      await exited;
      const after = await keys(['list', '-o', 'json'], env);
      expect(after.stderr).toBe('');
      expect(after.code).toBe(0);
      expect((JSON.parse(after.stdout) as { team: string }[]).map((k) => k.team)).toEqual([
        'local',
      ]);
      expect(existsSync(lockFile)).toBe(false);
    },
  );
});
