#!/usr/bin/env node
// The `podnet` command. It runs the TypeScript sources through tsx so that it works right after
// `npm install` with no build step; tsconfig paths resolve the @podnet/* libraries.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
register({ tsconfig: join(root, 'apps/cli/tsconfig.app.json') });
await import(join(root, 'apps/cli/src/main.ts'));
