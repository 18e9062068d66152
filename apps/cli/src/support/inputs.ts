import { dirname, resolve } from 'node:path';
import { loadInputs, type Inventory, type SourceText } from '@podnet/contracts';
import { checkDesignInstanceTypes } from '@podnet/aws-planner';
import { UsageError } from './errors';
import type { CliIo } from './io';

/** Largest input podnet reads from one file (a cluster dump of 150,000 pods fits). */
const MAX_FILE_BYTES = 256 * 1024 * 1024;

function readSource(io: CliIo, path: string): SourceText {
  let text: string;
  try {
    text = io.readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new UsageError(`${path}: cannot read: ${why}`);
  }
  if (text.length > MAX_FILE_BYTES) throw new UsageError(`${path}: larger than ${MAX_FILE_BYTES} bytes`);
  return { name: path === '-' ? '<stdin>' : path, text };
}

/**
 * Reads `-f` files (ClusterDesign and manifests, `-` = stdin) into one inventory. Workload file references
 * in a design are resolved relative to the design file.
 */
export function loadFiles(io: CliIo, files: readonly string[]): Inventory {
  if (files.length === 0) throw new UsageError('no input: give one or more -f FILE (- for standard input)');
  const sources = files.map((f) => readSource(io, f));
  return loadInputs(sources, {
    designChecks: [checkDesignInstanceTypes],
    resolveFile: (path, from) => readSource(io, from.startsWith('<') ? path : resolve(dirname(from), path)),
  });
}

/** commander collector for repeatable options. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
