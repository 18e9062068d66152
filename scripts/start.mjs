// `npm start`: builds the API and worker bundles when missing or older than their sources, then runs the API
// (with an in-process worker unless REDIS_URL is set). `npm run start:worker` runs a BullMQ worker process.
// Config comes from the environment (PORT, HOST, DATABASE_URL, REDIS_URL, PODNET_BOOTSTRAP_ADMIN_KEY, ...)
// and is validated by each app at boot.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mode = process.argv[2] ?? 'api';
const target = mode === 'worker' ? 'worker' : 'api';

function newest(dir) {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'generated') continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const sources = () => Math.max(...['apps/api/src', 'apps/worker/src', 'libs'].map((d) => newest(join(root, d))), statSync(join(root, 'prisma/schema.prisma')).mtimeMs);
const bundle = (app) => join(root, 'dist/apps', app, 'main.js');
const stale = (app) => !existsSync(bundle(app)) || statSync(bundle(app)).mtimeMs < sources();

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', ...env } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!existsSync(join(root, 'libs/db/src/generated/prisma/client.ts'))) run(process.execPath, ['scripts/postinstall.mjs']);
// The API loads the worker's embedded executor, so it needs both bundles.
const apps = mode === 'worker' ? ['worker'] : ['api', 'worker'];
const toBuild = apps.filter(stale);
if (toBuild.length > 0) {
  console.log(`building ${toBuild.join(' and ')}...`);
  run('npx', ['nx', 'run-many', '-t', 'build', '-p', ...toBuild, '--exclude-task-dependencies', '--output-style=static']);
}

if (mode === 'build') process.exit(0);

const child = spawn(process.execPath, ['--enable-source-maps', bundle(target)], { cwd: root, stdio: 'inherit', env: process.env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
