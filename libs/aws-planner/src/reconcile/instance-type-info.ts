import type { InstanceTypeInfo } from '@aws-sdk/client-ec2';
import type { Hypervisor, InstanceTypeLimits } from '../catalogue/instance-type';

/**
 * ENIs of the default network card, as the VPC CNI's generator computes them (`scripts/gen_vpc_ip_limits.go`):
 * `NetworkCards[DefaultNetworkCardIndex].MaximumNetworkInterfaces` when the type has more than one card, else
 * `MaximumNetworkInterfaces`.
 *
 * @example
 * defaultCardEnis({ NetworkInfo: { MaximumNetworkInterfaces: 64, DefaultNetworkCardIndex: 0,
 *   NetworkCards: [{ NetworkCardIndex: 0, MaximumNetworkInterfaces: 2 }, { NetworkCardIndex: 1, MaximumNetworkInterfaces: 2 }] } }) // => 2
 */
export function defaultCardEnis(info: InstanceTypeInfo): number {
  const network = info.NetworkInfo;
  const cards = network?.NetworkCards ?? [];
  if (cards.length > 1) {
    const index = network?.DefaultNetworkCardIndex ?? 0;
    const card = cards.find((c) => c.NetworkCardIndex === index) ?? cards[index];
    return card?.MaximumNetworkInterfaces ?? 0;
  }
  return network?.MaximumNetworkInterfaces ?? 0;
}

/**
 * One `DescribeInstanceTypes` entry in the catalogue's shape. Branch-ENI limits are not in any EC2 API, so they
 * come from `branchEnis` (the bundled catalogue's value), null when unknown.
 *
 * @example
 * toInstanceTypeLimits(info, 9).maxEnis // => 3 for m5.large
 */
export function toInstanceTypeLimits(
  info: InstanceTypeInfo,
  branchEnis: number | null,
): InstanceTypeLimits {
  const network = info.NetworkInfo;
  const cards = (network?.NetworkCards ?? [])
    .map((card) => ({
      index: card.NetworkCardIndex ?? 0,
      maxEnis: card.MaximumNetworkInterfaces ?? 0,
    }))
    .sort((a, b) => a.index - b.index);
  const hypervisor: Hypervisor =
    info.Hypervisor === 'nitro' || info.Hypervisor === 'xen' ? info.Hypervisor : 'unknown';
  return {
    instanceType: info.InstanceType ?? '',
    maxEnis: defaultCardEnis(info),
    ipv4PerEni: network?.Ipv4AddressesPerInterface ?? 0,
    ipv6PerEni: network?.Ipv6AddressesPerInterface ?? null,
    networkCards:
      cards.length > 0 ? cards : [{ index: 0, maxEnis: network?.MaximumNetworkInterfaces ?? 0 }],
    defaultNetworkCardIndex: network?.DefaultNetworkCardIndex ?? 0,
    hypervisor,
    bareMetal: info.BareMetal === true,
    branchEnis,
    vcpus: info.VCpuInfo?.DefaultVCpus ?? null,
    memoryMiB: info.MemoryInfo?.SizeInMiB ?? null,
  };
}
