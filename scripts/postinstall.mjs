// Generates the Prisma client right after `npm install`, offline: the client is engine-free, and
// PRISMA_SCHEMA_ENGINE_BINARY=/bin/false stops the CLI from downloading the native schema engine
// (not reachable here; see ../shared/docs/STACK.md). CHECKPOINT_DISABLE=1 turns off the update check.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'node_modules', 'prisma', 'build', 'index.js');
if (!existsSync(cli)) {
  console.log('postinstall: prisma is not installed; skipping client generation');
  process.exit(0);
}
const engine = existsSync('/bin/false') ? '/bin/false' : process.execPath;
const result = spawnSync(process.execPath, [cli, 'generate', '--schema', 'prisma/schema.prisma'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: engine, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
});
process.exit(result.status ?? 1);
