import bundled from './data/ec2-eni-limits.json';
import type { CatalogueFile, InstanceTypeLimits } from './instance-type';
import { nearestNames } from './nearest';
import { UnknownInstanceTypeError } from './unknown-instance-type.error';

/** Instance types by name, with lookup that fails with the nearest known names. */
export interface Catalogue {
  /** Every type, sorted by name. */
  readonly instanceTypes: readonly InstanceTypeLimits[];
  /** Where the numbers come from (the file's `source`). */
  readonly source: unknown;
  /** The type's limits, or `undefined`. */
  find(instanceType: string): InstanceTypeLimits | undefined;
  /** The type's limits; throws {@link UnknownInstanceTypeError} naming the nearest known types. */
  get(instanceType: string): InstanceTypeLimits;
  /** The known names nearest to `instanceType` (edit distance, same family first). */
  suggest(instanceType: string, limit?: number): string[];
}

/**
 * Builds a catalogue from a catalogue file (the bundled one, or one written by `catalogue refresh`).
 * The file is not modified.
 *
 * @example
 * const catalogue = createCatalogue(file);
 * catalogue.get('m5.large').maxEnis // => 3
 */
export function createCatalogue(file: Pick<CatalogueFile, 'instanceTypes' | 'source'>): Catalogue {
  const sorted = [...file.instanceTypes].sort((a, b) =>
    a.instanceType < b.instanceType ? -1 : a.instanceType > b.instanceType ? 1 : 0,
  );
  const byName = new Map(sorted.map((limits) => [limits.instanceType, limits]));
  const names = sorted.map((limits) => limits.instanceType);
  const suggest = (instanceType: string, limit = 3): string[] =>
    nearestNames(instanceType, names, limit);
  return {
    instanceTypes: sorted,
    source: file.source,
    find: (instanceType) => byName.get(instanceType.trim().toLowerCase()),
    get(instanceType) {
      const found = byName.get(instanceType.trim().toLowerCase());
      if (found === undefined)
        throw new UnknownInstanceTypeError(instanceType, suggest(instanceType));
      return found;
    },
    suggest,
  };
}

let bundledCatalogue: Catalogue | undefined;

/**
 * The catalogue bundled with podnet (1,391 types from the VPC CNI's limits table; provenance in
 * `catalogue/data/README.md`). Built once, on first use.
 *
 * @example
 * defaultCatalogue().get('p5.48xlarge').maxEnis // => 2 (default network card only)
 */
export function defaultCatalogue(): Catalogue {
  bundledCatalogue ??= createCatalogue(bundled as unknown as CatalogueFile);
  return bundledCatalogue;
}

/**
 * Limits of one type from the bundled catalogue; throws {@link UnknownInstanceTypeError} when unknown.
 *
 * @example
 * getInstanceType('t3.medium').ipv4PerEni // => 6
 */
export function getInstanceType(
  instanceType: string,
  catalogue: Catalogue = defaultCatalogue(),
): InstanceTypeLimits {
  return catalogue.get(instanceType);
}
