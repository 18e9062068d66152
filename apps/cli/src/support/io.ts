import { readFileSync } from 'node:fs';

/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads a file, or standard input for `-`. */
  readFile(path: string): string;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
}

export function processIo(): CliIo {
  let stdinCache: string | undefined;
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readFile: (path) => {
      if (path === '-') {
        stdinCache ??= readFileSync(0, 'utf8');
        return stdinCache;
      }
      return readFileSync(path, 'utf8');
    },
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
  };
}
