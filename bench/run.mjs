#!/usr/bin/env node
// Runs every bench/*.bench.ts (or .bench.mjs) in its own process, one after another, and prints
// each one's figures. `npm run bench -- netpol` runs only the benches whose name contains "netpol".
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const benches = readdirSync(here)
  .filter((f) => /\.bench\.(ts|mjs)$/.test(f) && f.includes(filter))
  .sort();
let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file}`);
  const args = file.endsWith('.ts') ? ['--import', 'tsx', join(here, file)] : [join(here, file)];
  const result = spawnSync(process.execPath, ['--expose-gc', ...args], { stdio: 'inherit', cwd: join(here, '..') });
  if (result.status !== 0) failed += 1;
}
console.log(`\n${benches.length - failed} benches ran, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
