import type { Catalogue } from '../catalogue/catalogue';
import { defaultCatalogue } from '../catalogue/catalogue';
import { computeMaxPods, type MaxPodsOptions } from './max-pods';

/**
 * Max pods for many types at once, keyed by type and sorted by name (what `podnet max-pods -o json` prints).
 * Unknown names throw `UnknownInstanceTypeError`. With `instanceTypes` omitted, every catalogue type.
 *
 * @example
 * maxPodsTable(['t3.medium', 'm5.large']) // => { 'm5.large': 29, 't3.medium': 17 }
 */
export function maxPodsTable(
  instanceTypes?: readonly string[],
  options: MaxPodsOptions = {},
  catalogue: Catalogue = defaultCatalogue(),
): Record<string, number> {
  const limits =
    instanceTypes === undefined
      ? catalogue.instanceTypes
      : instanceTypes.map((name) => catalogue.get(name));
  const entries = limits.map(
    (item) => [item.instanceType, computeMaxPods(item, options).maxPods] as const,
  );
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}
