import type { ClusterDesign } from '@podnet/contracts';
import type { WarmPoolSettings } from '../warm-pool/settings';

/** The design's CNI as the planner uses it. */
export interface DesignCni {
  readonly plugin: string;
  readonly version: string | null;
  /** True for the Amazon VPC CNI: pods take subnet addresses. Other CNIs take only the node's address. */
  readonly vpcCni: boolean;
  readonly prefixDelegation: boolean;
  readonly customNetworking: boolean;
  readonly securityGroupsForPods: boolean;
  readonly ipv6: boolean;
  readonly warmEniTarget: number | null;
  readonly warmIpTarget: number | null;
  readonly minimumIpTarget: number | null;
  readonly warmPrefixTarget: number | null;
  readonly maxEni: number | null;
  /** ENIConfig subnet (name or id) by availability zone. */
  readonly eniConfigs: Readonly<Record<string, string>>;
  /** Settings for `simulateWarmPool` (unset targets take the EKS-shipped defaults). */
  readonly settings: WarmPoolSettings;
}

/**
 * Reads `cni` of a design. Unset warm targets mean what EKS ships (WARM_ENI_TARGET=1, WARM_PREFIX_TARGET=1).
 *
 * @example
 * designCni(design).prefixDelegation // => true when cni.awsVpcCni.ENABLE_PREFIX_DELEGATION is true
 */
export function designCni(design: Pick<ClusterDesign, 'cni'>): DesignCni {
  const cni = design.cni;
  const vpc = cni.awsVpcCni;
  const vpcCni = cni.plugin === 'aws-vpc-cni';
  const on = (value: boolean | undefined) => vpcCni && value === true;
  const num = (value: number | undefined) => (vpcCni && value !== undefined ? value : null);
  const eniConfigs: Record<string, string> = {};
  for (const [zone, config] of Object.entries(vpc?.ENIConfigs ?? {}))
    eniConfigs[zone] = config.subnet;
  const result = {
    plugin: cni.plugin,
    version: cni.version ?? null,
    vpcCni,
    prefixDelegation: on(vpc?.ENABLE_PREFIX_DELEGATION),
    customNetworking: on(vpc?.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG),
    securityGroupsForPods: on(vpc?.ENABLE_POD_ENI),
    ipv6: on(vpc?.ENABLE_IPv6),
    warmEniTarget: num(vpc?.WARM_ENI_TARGET),
    warmIpTarget: num(vpc?.WARM_IP_TARGET),
    minimumIpTarget: num(vpc?.MINIMUM_IP_TARGET),
    warmPrefixTarget: num(vpc?.WARM_PREFIX_TARGET),
    maxEni: num(vpc?.MAX_ENI),
    eniConfigs,
  };
  const settings: WarmPoolSettings = {
    prefixDelegation: result.prefixDelegation,
    customNetworking: result.customNetworking,
    securityGroupsForPods: result.securityGroupsForPods,
    ipv6: result.ipv6,
    ...(result.warmEniTarget === null ? {} : { warmEniTarget: result.warmEniTarget }),
    ...(result.warmIpTarget === null ? {} : { warmIpTarget: result.warmIpTarget }),
    ...(result.minimumIpTarget === null ? {} : { minimumIpTarget: result.minimumIpTarget }),
    ...(result.warmPrefixTarget === null ? {} : { warmPrefixTarget: result.warmPrefixTarget }),
    ...(result.maxEni === null ? {} : { maxEni: result.maxEni }),
    ...(result.version === null ? {} : { cniVersion: result.version }),
  };
  return { ...result, settings };
}
