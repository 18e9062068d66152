import { run } from '../program';
import type { CliIo } from '../support/io';

/** Runs `podnet ...args` with captured output (tests only). */
export async function runCaptured(
  args: string[],
  files: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return text;
    },
    isTTY: false,
    env: {},
  };
  const code = await run(['node', 'podnet', ...args], io);
  return { code, stdout, stderr };
}
