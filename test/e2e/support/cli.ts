import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './servers';

/**
 * Writes `files` to a temporary directory and gives the `podnet` command line for `args` (`{ old: text }` is referred
 * to as `@old`; `-o json` appended) and the clean-up that removes the directory.
 */
function prepare(args: string[], files: Record<string, string>): { argv: string[]; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'podnet-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, `${name}.yaml`), text);
  const resolved = args.map((a) => (a.startsWith('@') ? join(dir, `${a.slice(1)}.yaml`) : a));
  return { argv: [join(ROOT, 'bin/podnet.mjs'), ...resolved, '-o', 'json'], cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Runs the `podnet` CLI (an independent path to the same libraries) on contents written to files, and
 * parses its `-o json` output. `{ old: text }` is referred to in args as `@old`.
 */
export function cliJson(args: string[], files: Record<string, string>): unknown {
  const { argv, cleanup } = prepare(args, files);
  try {
    const result = spawnSync(process.execPath, argv, { cwd: ROOT, encoding: 'utf8' });
    if (result.status !== 0 && result.status !== 1) throw new Error(`podnet ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    return JSON.parse(result.stdout);
  } finally {
    cleanup();
  }
}

/**
 * As {@link cliJson}, without blocking this process: for commands that call a server running in the test process
 * (the EC2 double), which a synchronous child would wait on forever.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed CLI JSON, read by the specs as loosely as waitForRun's answers
export async function cliJsonAsync(args: string[], files: Record<string, string>, env: Record<string, string> = {}): Promise<Record<string, any>> {
  const { argv, cleanup } = prepare(args, files);
  try {
    const result = await promisify(execFile)(process.execPath, argv, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 }).catch(
      (error: { code?: number; stdout?: string; stderr?: string }) => {
        if (error.code === 1 && error.stdout) return { stdout: error.stdout };
        throw new Error(`podnet ${args.join(' ')} exited ${String(error.code)}: ${error.stderr ?? ''}`);
      },
    );
    return JSON.parse(result.stdout);
  } finally {
    cleanup();
  }
}
