import { readFileSync } from 'node:fs';
import { run } from '../program';
import type { CliIo } from './io';

/** The result of running `podnet` in-process with captured output. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `podnet ...args` in-process (for tests): files are read from disk, `-` reads `stdin`.
 *
 * @example
 * const { code, stdout } = await runCli(['validate', '-f', 'examples/onprem-calico/design.yaml', '-o', 'json']);
 */
export async function runCli(args: readonly string[], stdin = '', env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readFile: (path) => (path === '-' ? stdin : readFileSync(path, 'utf8')),
    isTTY: false,
    env,
  };
  const code = await run(['node', 'podnet', ...args], io);
  return { code, stdout, stderr };
}
