import type { InstanceTypeLimits } from '../catalogue/instance-type';
import { isTrunkingCompatible, supportsPrefixDelegation } from '../catalogue/instance-type';
import { cniVersionAtLeast, parseCniVersion } from '../enis/cni-version';
import { PlannerInputError } from '../errors/planner-error';

/**
 * aws-node settings that shape the warm pool. For the four targets, `undefined` means "as EKS ships the VPC CNI"
 * (the chart sets `WARM_ENI_TARGET=1` and `WARM_PREFIX_TARGET=1`) and `null` means "variable not set" (the
 * code defaults: `WARM_ENI_TARGET=1`, `WARM_PREFIX_TARGET=0`). 0 for WARM_IP_TARGET / MINIMUM_IP_TARGET = unset.
 */
export interface WarmPoolSettings {
  readonly prefixDelegation?: boolean;
  readonly warmEniTarget?: number | null;
  readonly warmIpTarget?: number | null;
  readonly minimumIpTarget?: number | null;
  readonly warmPrefixTarget?: number | null;
  /** `MAX_ENI` (used when >= 1 and below the instance limit). */
  readonly maxEni?: number | null;
  readonly customNetworking?: boolean;
  /** `ENABLE_POD_ENI`: a trunk ENI takes a slot on the default card. */
  readonly securityGroupsForPods?: boolean;
  /** `ENABLE_IPv6`: one /80 per ENI, no warm pool (the pool manager returns at once). */
  readonly ipv6?: boolean;
  /** VPC CNI version `X.Y.Z` (prefix delegation needs 1.9; trunk reservation rules changed in 1.20.4). */
  readonly cniVersion?: string;
  /** ENIs tagged `node.k8s.amazonaws.com/no_manage` on the default card. */
  readonly unmanagedEnis?: number;
}

/** The settings ipamd ends up running with on one instance type. */
export interface ResolvedWarmPoolSettings {
  readonly prefixDelegation: boolean;
  readonly warmEniTarget: number;
  readonly warmIpTarget: number;
  readonly minimumIpTarget: number;
  readonly warmPrefixTarget: number;
  /** ENI slots ipamd may use on the default card (`getMaxENI`). */
  readonly maxEni: number;
  readonly customNetworking: boolean;
  /** `attached`: a trunk ENI is on the node; `reserved`: a slot is held for one that never comes. */
  readonly trunk: 'none' | 'attached' | 'reserved';
  readonly ipv6: boolean;
  readonly unmanagedEnis: number;
  readonly notes: readonly string[];
}

function target(
  field: string,
  value: number | null | undefined,
  shipped: number,
  code: number,
): number {
  if (value === undefined) return shipped;
  if (value === null) return code;
  if (!Number.isInteger(value) || value < 0)
    throw new PlannerInputError(field, 'must be a non-negative integer', value);
  return value;
}

/**
 * Resolves settings for one type: defaults, prefix-delegation fallback on non-Nitro types (ipamd
 * `isConfigValid`), MAX_ENI (`getMaxENI`) and the trunk slot of security groups for pods (`hasRoomForEni`).
 *
 * @example
 * resolveWarmPoolSettings(getInstanceType('m5.large'), { prefixDelegation: true }).warmPrefixTarget // => 1
 */
export function resolveWarmPoolSettings(
  limits: InstanceTypeLimits,
  settings: WarmPoolSettings = {},
): ResolvedWarmPoolSettings {
  const notes: string[] = [];
  const version =
    settings.cniVersion === undefined ? undefined : parseCniVersion(settings.cniVersion);
  let prefixDelegation = settings.prefixDelegation === true;
  if (prefixDelegation && version !== undefined && !cniVersionAtLeast(version, 1, 9, 0)) {
    prefixDelegation = false;
    notes.push('prefix delegation needs VPC CNI >= 1.9: secondary-IP mode');
  }
  if (prefixDelegation && !supportsPrefixDelegation(limits)) {
    prefixDelegation = false;
    notes.push(
      `${limits.instanceType} is neither Nitro nor bare metal: ipamd falls back to secondary-IP mode`,
    );
  }
  const maxEniSetting = target('maxEni', settings.maxEni, 0, 0);
  const maxEni =
    maxEniSetting >= 1 && maxEniSetting < limits.maxEnis ? maxEniSetting : limits.maxEnis;
  const unmanagedEnis = target('unmanagedEnis', settings.unmanagedEnis, 0, 0);
  let trunk: ResolvedWarmPoolSettings['trunk'] = 'none';
  if (settings.securityGroupsForPods === true) {
    if (isTrunkingCompatible(limits)) trunk = 'attached';
    else if (version !== undefined && !cniVersionAtLeast(version, 1, 20, 4)) {
      trunk = 'reserved';
      notes.push('CNI < 1.20.4 reserves a trunk slot even though this type cannot trunk (#3094)');
    } else notes.push(`${limits.instanceType} cannot trunk: no trunk ENI`);
  }
  return {
    prefixDelegation,
    warmEniTarget: target('warmEniTarget', settings.warmEniTarget, 1, 1),
    warmIpTarget: target('warmIpTarget', settings.warmIpTarget, 0, 0),
    minimumIpTarget: target('minimumIpTarget', settings.minimumIpTarget, 0, 0),
    warmPrefixTarget: target('warmPrefixTarget', settings.warmPrefixTarget, 1, 0),
    maxEni,
    customNetworking: settings.customNetworking === true,
    trunk,
    ipv6: settings.ipv6 === true,
    unmanagedEnis,
    notes,
  };
}
