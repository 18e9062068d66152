import { computeMaxPods, defaultCatalogue } from '@podnet/aws-planner';
import type { ClusterDesign } from '@podnet/contracts';

/**
 * Kubelet's default `maxPods` (KubeletConfiguration `maxPods: 110`).
 *
 * @example
 * KUBELET_DEFAULT_MAX_PODS // => 110
 */
export const KUBELET_DEFAULT_MAX_PODS = 110;

/** Max pods of a node and the words a Pending reason uses for it. */
export interface NodeMaxPods {
  readonly maxPods: number;
  readonly source: string;
}

/**
 * Max pods of a node: an explicit value (node group or Node `status.capacity.pods`), else for the VPC CNI
 * the ENI formula of the planner (`E × (L − 1) + 2`, custom networking and prefix delegation included),
 * else kubelet's default of 110.
 *
 * @example
 * nodeMaxPods(design, 'm5.large', undefined, []) // => { maxPods: 29, source: 'm5.large allows 29' } (VPC CNI)
 */
export function nodeMaxPods(
  design: ClusterDesign,
  instanceType: string | null,
  explicit: { value: number; what: string } | undefined,
  warnings: string[],
): NodeMaxPods {
  if (explicit) return { maxPods: explicit.value, source: `${explicit.what} allows ${explicit.value}` };
  if (design.cni.plugin === 'aws-vpc-cni' && instanceType) {
    const limits = defaultCatalogue().find(instanceType);
    if (limits) {
      const vpc = design.cni.awsVpcCni;
      const maxPods = computeMaxPods(limits, {
        customNetworking: vpc?.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG ?? false,
        prefixDelegation: vpc?.ENABLE_PREFIX_DELEGATION ?? false,
        securityGroupsForPods: vpc?.ENABLE_POD_ENI ?? false,
        maxEni: vpc?.MAX_ENI ?? null,
      }).maxPods;
      return { maxPods, source: `${instanceType} allows ${maxPods}` };
    }
    warnings.push(`instance type ${instanceType} is not in the catalogue: kubelet's default of ${KUBELET_DEFAULT_MAX_PODS} pods is assumed`);
  }
  return { maxPods: KUBELET_DEFAULT_MAX_PODS, source: `kubelet's default allows ${KUBELET_DEFAULT_MAX_PODS}` };
}
