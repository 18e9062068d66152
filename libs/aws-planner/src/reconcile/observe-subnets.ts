import {
  paginateDescribeNetworkInterfaces,
  paginateDescribeSubnets,
  type NetworkInterface,
  type Subnet,
} from '@aws-sdk/client-ec2';
import { alignedBlockUsage } from '../subnets/aligned-blocks';
import { ec2Client, type Ec2ConnectionOptions } from './ec2-client';

/** Which subnets to read. */
export interface ObserveSubnetsOptions extends Ec2ConnectionOptions {
  readonly vpcId?: string;
  readonly subnetIds?: readonly string[];
}

/** One subnet as EC2 sees it, with its exact /28 occupancy. */
export interface SubnetObservation {
  readonly subnetId: string;
  readonly cidr: string;
  readonly availabilityZone: string | null;
  readonly name: string | null;
  readonly tags: Readonly<Record<string, string>>;
  /** EC2's `AvailableIpAddressCount`. */
  readonly availableIpAddressCount: number;
  readonly networkInterfaces: number;
  /** /32 addresses on ENIs in the subnet (primaries and secondaries). */
  readonly addresses: number;
  readonly prefixes: number;
  /** Aligned /28 blocks still whole: what prefix delegation can get. */
  readonly freeAlignedBlocks: number;
  readonly alignedBlocks: number;
  /** ENIs the VPC CNI leaked: `available`, description `aws-K8S-*` (ipamd `getLeakedENIs`). */
  readonly leakedEnis: readonly string[];
  /** Trunk and branch ENIs (security groups for pods). */
  readonly trunkEnis: number;
  readonly branchEnis: number;
}

function tagsOf(subnet: Subnet): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const tag of subnet.Tags ?? []) if (tag.Key !== undefined) tags[tag.Key] = tag.Value ?? '';
  return Object.fromEntries(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function observe(subnet: Subnet, enis: readonly NetworkInterface[]): SubnetObservation {
  const addresses: string[] = [];
  const prefixes: string[] = [];
  for (const eni of enis) {
    for (const address of eni.PrivateIpAddresses ?? [])
      if (address.PrivateIpAddress) addresses.push(address.PrivateIpAddress);
    for (const prefix of eni.Ipv4Prefixes ?? [])
      if (prefix.Ipv4Prefix) prefixes.push(prefix.Ipv4Prefix);
  }
  const cidr = subnet.CidrBlock ?? '';
  const usage = alignedBlockUsage(cidr, addresses, prefixes);
  const tags = tagsOf(subnet);
  return {
    subnetId: subnet.SubnetId ?? '',
    cidr,
    availabilityZone: subnet.AvailabilityZone ?? null,
    name: tags['Name'] ?? null,
    tags,
    availableIpAddressCount: subnet.AvailableIpAddressCount ?? 0,
    networkInterfaces: enis.length,
    addresses: new Set(addresses).size,
    prefixes: new Set(prefixes).size,
    freeAlignedBlocks: usage.freeBlocks,
    alignedBlocks: usage.alignedBlocks,
    leakedEnis: enis
      .filter((eni) => eni.Status === 'available' && (eni.Description ?? '').startsWith('aws-K8S-'))
      .map((eni) => eni.NetworkInterfaceId ?? '')
      .sort(),
    trunkEnis: enis.filter((eni) => eni.InterfaceType === 'trunk').length,
    branchEnis: enis.filter((eni) => eni.InterfaceType === 'branch').length,
  };
}

/**
 * Reads subnets (`DescribeSubnets`, by VPC or ids) and every ENI in them (`DescribeNetworkInterfaces` filtered by
 * `subnet-id`), paginated, and reports per subnet the addresses and prefixes in use, the exact free aligned /28
 * blocks and leaked CNI ENIs: the facts to compare a capacity plan with a real VPC. Sorted by subnet id.
 *
 * @example
 * const [a] = await observeSubnets({ region: 'us-east-1', subnetIds: ['subnet-0123456789abcdef0'] });
 * a.freeAlignedBlocks // => 11
 */
export async function observeSubnets(options: ObserveSubnetsOptions): Promise<SubnetObservation[]> {
  const client = ec2Client(options);
  try {
    const subnets: Subnet[] = [];
    const filters =
      options.vpcId === undefined ? [] : [{ Name: 'vpc-id', Values: [options.vpcId] }];
    for await (const page of paginateDescribeSubnets(
      { client },
      {
        Filters: filters,
        ...(options.subnetIds === undefined ? {} : { SubnetIds: [...options.subnetIds] }),
      },
    )) {
      subnets.push(...(page.Subnets ?? []));
    }
    subnets.sort((a, b) => ((a.SubnetId ?? '') < (b.SubnetId ?? '') ? -1 : 1));
    const enisBySubnet = new Map<string, NetworkInterface[]>(
      subnets.map((s) => [s.SubnetId ?? '', []]),
    );
    const ids = [...enisBySubnet.keys()];
    for (let i = 0; i < ids.length; i += 200) {
      const batch = ids.slice(i, i + 200);
      for await (const page of paginateDescribeNetworkInterfaces(
        { client },
        { Filters: [{ Name: 'subnet-id', Values: batch }] },
      )) {
        for (const eni of page.NetworkInterfaces ?? [])
          enisBySubnet.get(eni.SubnetId ?? '')?.push(eni);
      }
    }
    return subnets.map((subnet) => observe(subnet, enisBySubnet.get(subnet.SubnetId ?? '') ?? []));
  } finally {
    client.destroy();
  }
}
