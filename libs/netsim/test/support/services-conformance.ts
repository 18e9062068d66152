import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadInputs, type Inventory } from '@podnet/contracts';

/** Reads a corpus from the repository's `test/conformance/` (copied from shared/conformance, see its README). */
export function readCorpus<T>(name: string): T {
  const url = new URL(`../../../../test/conformance/${name}`, import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as T;
}

/** Loads Kubernetes objects through the real manifest loader, as `podnet -f` would. */
export function inventoryOf(items: readonly Record<string, unknown>[]): Inventory {
  const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
  return loadInputs([{ name: 'case.json', text }]);
}
