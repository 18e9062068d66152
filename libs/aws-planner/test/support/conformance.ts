import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Reads a corpus from the repository's `test/conformance/` (copied from shared/conformance with provenance). */
export function readConformance<T>(name: string): T {
  const url = new URL(`../../../../test/conformance/${name}`, import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as T;
}
