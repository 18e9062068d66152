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

/** Loads a ClusterDesign document plus Kubernetes objects, as `podnet -f design.yaml -f manifests.json` would. */
export function inventoryWithDesign(design: Record<string, unknown>, items: readonly Record<string, unknown>[] = []): Inventory {
  return loadInputs([
    { name: 'design.json', text: JSON.stringify(design) },
    { name: 'objects.json', text: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }) },
  ]);
}
