import { PlannerInputError } from '../errors/planner-error';

/** A VPC CNI version `X.Y.Z`. */
export interface CniVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/**
 * Parses `X.Y.Z` (an optional leading `v`, a missing patch read as 0).
 *
 * @example
 * parseCniVersion('v1.20.4') // => { major: 1, minor: 20, patch: 4 }
 */
export function parseCniVersion(text: string): CniVersion {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+].*)?$/.exec(text.trim());
  if (match === null)
    throw new PlannerInputError('cniVersion', 'must look like X.Y.Z, e.g. 1.19.2', text);
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) };
}

/**
 * Whether `version` is at least `major.minor.patch`.
 *
 * @example
 * cniVersionAtLeast({ major: 1, minor: 9, patch: 0 }, 1, 9, 0) // => true
 */
export function cniVersionAtLeast(
  version: CniVersion,
  major: number,
  minor: number,
  patch = 0,
): boolean {
  if (version.major !== major) return version.major > major;
  if (version.minor !== minor) return version.minor > minor;
  return version.patch >= patch;
}
