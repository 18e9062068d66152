/** Hypervisor as EC2 reports it; bare-metal types report none, written `unknown`. */
export type Hypervisor = 'nitro' | 'xen' | 'unknown';

/** One network card of an instance type and how many ENIs it takes. */
export interface NetworkCard {
  readonly index: number;
  readonly maxEnis: number;
}

/**
 * Network limits of one EC2 instance type, in the form the Amazon VPC CNI uses them
 * (`pkg/vpc/vpc_ip_resource_limit.go`).
 */
export interface InstanceTypeLimits {
  readonly instanceType: string;
  /** ENIs on the default network card (the CNI's `ENILimit`), not the instance total. */
  readonly maxEnis: number;
  /** IPv4 addresses per ENI, the ENI's own primary included. */
  readonly ipv4PerEni: number;
  readonly ipv6PerEni: number | null;
  readonly networkCards: readonly NetworkCard[];
  readonly defaultNetworkCardIndex: number;
  readonly hypervisor: Hypervisor;
  readonly bareMetal: boolean;
  /** Branch ENIs (security groups for pods); 0 = cannot trunk; null = not in the controller's table. */
  readonly branchEnis: number | null;
  /** `VCpuInfo.DefaultVCpus`; null when no source lists it. */
  readonly vcpus: number | null;
  readonly memoryMiB: number | null;
}

/** The catalogue file's shape (`schemaVersion` 1), as bundled and as `catalogue refresh` writes it. */
export interface CatalogueFile {
  readonly schemaVersion: 1;
  readonly description?: string;
  readonly source: unknown;
  readonly count: number;
  readonly instanceTypes: readonly InstanceTypeLimits[];
}

/**
 * Secondary IPs (or /28 prefix slots) per ENI: `ipv4PerEni - 1` (ipamd `GetENIIPv4Limit`).
 *
 * @example
 * secondaryIpsPerEni({ ipv4PerEni: 10 } as InstanceTypeLimits) // => 9
 */
export function secondaryIpsPerEni(limits: Pick<InstanceTypeLimits, 'ipv4PerEni'>): number {
  return Math.max(0, limits.ipv4PerEni - 1);
}

/**
 * Whether ipamd allows prefix delegation on this type: `hypervisor == nitro || bareMetal`
 * (`IsPrefixDelegationSupported`, amazon-vpc-cni-k8s `pkg/awsutils/awsutils.go`).
 *
 * @example
 * supportsPrefixDelegation({ hypervisor: 'unknown', bareMetal: true }) // => true
 */
export function supportsPrefixDelegation(
  limits: Pick<InstanceTypeLimits, 'hypervisor' | 'bareMetal'>,
): boolean {
  return limits.hypervisor === 'nitro' || limits.bareMetal;
}

/**
 * Whether the type can carry a trunk ENI for security groups for pods (`IsTrunkingCompatible`).
 *
 * @example
 * isTrunkingCompatible({ branchEnis: 9 }) // => true
 */
export function isTrunkingCompatible(limits: Pick<InstanceTypeLimits, 'branchEnis'>): boolean {
  return (limits.branchEnis ?? 0) > 0;
}

/**
 * ENIs over every network card (the resource controller's `Interface`).
 *
 * @example
 * instanceWideEnis({ networkCards: [{ index: 0, maxEnis: 8 }, { index: 1, maxEnis: 8 }] }) // => 16
 */
export function instanceWideEnis(limits: Pick<InstanceTypeLimits, 'networkCards'>): number {
  return limits.networkCards.reduce((sum, card) => sum + card.maxEnis, 0);
}
