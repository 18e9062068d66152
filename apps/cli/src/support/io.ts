import { readFileSync } from 'node:fs';

/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  /**
   * Optional: writes bytes to stdout (large outputs that never become strings). The chunk may be reused by the
   * caller once the returned promise, if any, settles: implementations must be done with it by then.
   */
  stdoutBytes?(chunk: Uint8Array): void | Promise<void>;
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
    stdoutBytes: (chunk) => writeBytes(process.stdout, chunk),
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

/**
 * Writes a chunk the caller will reuse: below the stream's high-water mark as a copy (write() may return true with
 * the data still queued), else as it is, waiting for 'drain' (write() then always returns false, and 'drain' comes
 * once the chunk is handed over), or for an error or close.
 */
function writeBytes(stream: NodeJS.WriteStream, chunk: Uint8Array): Promise<void> | undefined {
  if (chunk.length < stream.writableHighWaterMark) {
    stream.write(Buffer.from(chunk));
    return undefined;
  }
  if (stream.write(chunk)) return undefined;
  return new Promise<void>((resolve) => {
    const done = () => {
      stream.off('drain', done).off('error', done).off('close', done);
      resolve();
    };
    stream.on('drain', done).on('error', done).on('close', done);
  });
}
