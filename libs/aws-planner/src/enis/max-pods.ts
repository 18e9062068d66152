import type { InstanceTypeLimits } from '../catalogue/instance-type';
import {
  isTrunkingCompatible,
  secondaryIpsPerEni,
  supportsPrefixDelegation,
} from '../catalogue/instance-type';
import { PlannerInputError } from '../errors/planner-error';
import { cniVersionAtLeast, parseCniVersion, type CniVersion } from './cni-version';
import { capValue, type MaxPodsCap } from './kubelet-cap';

/** IPs per /28 prefix (`GetPrefixDelegationDefaults`). */
export const IPS_PER_PREFIX = 16;
/** Host-network pods the published formula adds (aws-node and kube-proxy). */
export const HOST_NETWORK_PODS = 2;

/** CNI settings and kubelet cap that change max pods. Every field is optional; defaults in brackets. */
export interface MaxPodsOptions {
  /** `AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG`: the primary ENI holds no pod IPs [false]. */
  readonly customNetworking?: boolean;
  /** `ENABLE_PREFIX_DELEGATION`: /28 prefixes instead of secondary IPs (Nitro or bare metal only) [false]. */
  readonly prefixDelegation?: boolean;
  /** `ENABLE_POD_ENI`: a trunk ENI takes one slot of the default card [false]. */
  readonly securityGroupsForPods?: boolean;
  /** `ENABLE_IPv6`: pod addresses come from a /80 per ENI, so only the kubelet cap binds [false]. */
  readonly ipv6?: boolean;
  /** VPC CNI version `X.Y.Z` [a current release, >= 1.20.4]. */
  readonly cniVersion?: string;
  /** `MAX_ENI`: used when >= 1 and below the instance limit [unset]. */
  readonly maxEni?: number | null;
  /** ENIs kept for other uses (Karpenter `RESERVED_ENIS`, `no_manage` ENIs) [0]. */
  readonly reservedEnis?: number;
  /** Kubelet cap: `none` (the published table), `auto` (max-pods-calculator.sh) or a number ['none']. */
  readonly cap?: MaxPodsCap;
}

/** Which limit sets the answer. */
export type MaxPodsBinding = 'enis' | 'cap' | 'ipv6-cap' | 'unsupported';

/** Max pods for one type, with the numbers that produce it. */
export interface MaxPodsResult {
  readonly instanceType: string;
  /** The kubelet max-pods value. */
  readonly maxPods: number;
  /** Before the cap: ENIs × addresses per ENI + 2 (IPv4). */
  readonly uncapped: number;
  /** The ceiling applied, or null. */
  readonly cap: number | null;
  /** ENIs whose addresses go to pods. */
  readonly podEnis: number;
  /** Pod addresses per pod ENI (S, or S × 16 with prefix delegation). */
  readonly addressesPerEni: number;
  /** Whether prefix delegation was in effect. */
  readonly prefixDelegation: boolean;
  /** Whether a trunk ENI (or its reserved slot) takes a slot. */
  readonly trunkSlot: boolean;
  /** Branch-ENI pods the node can add with security groups for pods (`vpc.amazonaws.com/pod-eni`), else 0. */
  readonly branchPods: number;
  readonly binding: MaxPodsBinding;
  /** Why the numbers are what they are, in words (fallbacks, quirks). */
  readonly notes: readonly string[];
}

const CURRENT_CNI: CniVersion = { major: 1, minor: 23, patch: 1 };

function nonNegativeInteger(field: string, value: number | null | undefined): number | null {
  if (value === undefined || value === null) return null;
  if (!Number.isInteger(value) || value < 0)
    throw new PlannerInputError(field, 'must be a non-negative integer', value);
  return value;
}

/**
 * Max pods for an instance type under the given CNI settings, as ipamd and the EKS tooling compute it.
 *
 * * Standard: `E × (L − 1) + 2` with E the default card's ENIs and L the IPv4 addresses per ENI
 *   (`misc/eni-max-pods.txt`, `scripts/gen_vpc_ip_limits.go`).
 * * Custom networking: `(E − 1) × (L − 1) + 2`. Prefix delegation: `E × (L − 1) × 16 + 2`, only where ipamd
 *   allows it (`nitro || bareMetal`, CNI >= 1.9); with `cap: 'auto'` the calculator's own rule
 *   (`Hypervisor == nitro`) applies instead.
 * * Security groups for pods: the trunk takes one slot (for trunking-compatible types; for every type before
 *   CNI 1.20.4). `MAX_ENI` and reserved ENIs lower E.
 * * IPv6: addresses do not bind; the value is what nodeadm/Karpenter configure (the IPv4 formula) under the cap.
 *
 * @example
 * computeMaxPods(getInstanceType('m5.large')).maxPods // => 29
 * computeMaxPods(getInstanceType('m5.large'), { prefixDelegation: true, cap: 'auto' }).maxPods // => 110
 */
export function computeMaxPods(
  limits: InstanceTypeLimits,
  options: MaxPodsOptions = {},
): MaxPodsResult {
  const notes: string[] = [];
  const version =
    options.cniVersion === undefined ? CURRENT_CNI : parseCniVersion(options.cniVersion);
  const cap = options.cap ?? 'none';
  const calculatorRules = cap === 'auto';
  const maxEni = nonNegativeInteger('maxEni', options.maxEni);
  const reserved = nonNegativeInteger('reservedEnis', options.reservedEnis) ?? 0;

  let enis = limits.maxEnis;
  if (maxEni !== null && maxEni >= 1 && maxEni < enis) {
    enis = maxEni;
    notes.push(`MAX_ENI=${maxEni} limits ENIs to ${maxEni}`);
  }
  enis -= reserved;
  if (options.customNetworking) enis -= 1;

  const sgp = options.securityGroupsForPods === true;
  const compatible = isTrunkingCompatible(limits);
  const trunkSlot = sgp && (compatible || !cniVersionAtLeast(version, 1, 20, 4));
  if (trunkSlot) enis -= 1;
  if (sgp && !compatible) {
    notes.push(
      trunkSlot
        ? `${limits.instanceType} cannot trunk, yet CNI < 1.20.4 still reserves a trunk slot (aws/amazon-vpc-cni-k8s #3094)`
        : `${limits.instanceType} cannot trunk: security groups for pods are unavailable`,
    );
  }
  enis = Math.max(0, enis);

  const pdVersionOk = cniVersionAtLeast(version, 1, 9, 0);
  const pdTypeOk = calculatorRules
    ? limits.hypervisor === 'nitro'
    : supportsPrefixDelegation(limits);
  const prefixDelegation = options.prefixDelegation === true && pdVersionOk && pdTypeOk;
  if (options.prefixDelegation === true && !prefixDelegation) {
    notes.push(
      !pdVersionOk
        ? 'prefix delegation needs VPC CNI >= 1.9: secondary-IP mode'
        : calculatorRules
          ? `max-pods-calculator.sh applies prefix delegation only when EC2 reports Hypervisor == nitro (${limits.hypervisor})`
          : `prefix delegation needs a Nitro or bare-metal type: ipamd falls back to secondary-IP mode`,
    );
  }

  const s = secondaryIpsPerEni(limits);
  const addressesPerEni = prefixDelegation ? s * 16 : s;
  const uncapped = enis * addressesPerEni + HOST_NETWORK_PODS;
  const ceiling = capValue(cap, limits);
  const branchPods = sgp && compatible ? (limits.branchEnis ?? 0) : 0;

  if (options.ipv6) {
    if (!supportsPrefixDelegation(limits) || options.customNetworking) {
      const why = options.customNetworking
        ? 'IPv6 does not support custom networking'
        : 'IPv6 needs prefix delegation, so a Nitro or bare-metal type';
      notes.push(`${why}: ipamd refuses to start`);
      return result(0, 0, ceiling, 'unsupported');
    }
    notes.push(
      'IPv6: each ENI holds a /80, so addresses never bind; the value is the IPv4 formula nodeadm writes',
    );
    const ipv6Uncapped = limits.maxEnis * s + HOST_NETWORK_PODS;
    return result(
      ceiling === null ? ipv6Uncapped : Math.min(ceiling, ipv6Uncapped),
      ipv6Uncapped,
      ceiling,
      'ipv6-cap',
    );
  }

  const maxPods = ceiling === null ? uncapped : Math.min(ceiling, uncapped);
  return result(
    maxPods,
    uncapped,
    ceiling,
    ceiling !== null && ceiling < uncapped ? 'cap' : 'enis',
  );

  function result(
    value: number,
    raw: number,
    capApplied: number | null,
    binding: MaxPodsBinding,
  ): MaxPodsResult {
    return {
      instanceType: limits.instanceType,
      maxPods: value,
      uncapped: raw,
      cap: capApplied,
      podEnis: enis,
      addressesPerEni,
      prefixDelegation,
      trunkSlot,
      branchPods,
      binding,
      notes,
    };
  }
}
