import { parseCidr } from '@podnet/contracts';

/** AWS reserves the first four addresses and the last one of every subnet (EC2 behaviour). */
export const AWS_RESERVED_PER_SUBNET = 5;

/** A design subnet's IPv4 address space. */
export interface SubnetSpace {
  /** How node groups and ENIConfigs name it: its name, else its id. */
  readonly key: string;
  readonly name: string | null;
  readonly id: string | null;
  readonly cidr: string;
  readonly availabilityZone: string | null;
  readonly role: string;
  readonly size: number;
  readonly usable: number;
  /** Aligned /28 blocks in the CIDR. */
  readonly alignedBlocks: number;
  /** /28 blocks holding no reserved address (every block but the first and the last). */
  readonly cleanBlocks: number;
  /** Addresses outside the clean blocks and not reserved: where /32s can go without touching a clean block. */
  readonly edgeAddresses: number;
}

/** The subnet fields the planner reads. */
export interface SubnetLike {
  readonly id?: string | undefined;
  readonly name?: string | undefined;
  readonly availabilityZone?: string | undefined;
  readonly cidr: string;
  readonly role: string;
}

/**
 * Address space of an IPv4 subnet: size, the 5 AWS-reserved addresses, aligned /28 blocks. Null for IPv6.
 *
 * @example
 * subnetSpace({ name: 'a', cidr: '10.0.0.0/24', role: 'nodes' })
 * // => { size: 256, usable: 251, alignedBlocks: 16, cleanBlocks: 14, edgeAddresses: 27, ... }
 */
export function subnetSpace(subnet: SubnetLike): SubnetSpace | null {
  const cidr = parseCidr(subnet.cidr);
  if (cidr.family !== 4) return null;
  const size = 2 ** (32 - cidr.prefix);
  const alignedBlocks = Math.floor(size / 16);
  const cleanBlocks = Math.max(0, alignedBlocks - 2);
  const usable = Math.max(0, size - AWS_RESERVED_PER_SUBNET);
  return {
    key: subnet.name ?? subnet.id ?? subnet.cidr,
    name: subnet.name ?? null,
    id: subnet.id ?? null,
    cidr: subnet.cidr,
    availabilityZone: subnet.availabilityZone ?? null,
    role: subnet.role,
    size,
    usable,
    alignedBlocks,
    cleanBlocks,
    edgeAddresses: usable - cleanBlocks * 16,
  };
}

/** Free aligned /28 blocks left for prefixes, packed and worst case. */
export interface BlockStats {
  readonly freeBlocksPacked: number;
  readonly freeBlocksWorst: number;
}

/**
 * Free aligned /28 blocks once `prefixes` /28s and `singleAddresses` /32s are in the subnet. Packed: /32s fill
 * the reserved edge blocks, then as few clean blocks as possible. Worst case: every /32 sits in its own clean
 * block (EC2 picks /32s anywhere, so real subnets lie between the two; aws/amazon-vpc-cni-k8s #2749).
 *
 * @example
 * blockStats(subnetSpace({ name: 'a', cidr: '10.0.0.0/24', role: 'pods' })!, 30, 2)
 * // => { freeBlocksPacked: 11, freeBlocksWorst: 0 }
 */
export function blockStats(
  space: SubnetSpace,
  singleAddresses: number,
  prefixes: number,
): BlockStats {
  const packedSingles = Math.ceil(Math.max(0, singleAddresses - space.edgeAddresses) / 16);
  return {
    freeBlocksPacked: Math.max(0, space.cleanBlocks - prefixes - packedSingles),
    freeBlocksWorst: Math.max(0, space.cleanBlocks - prefixes - singleAddresses),
  };
}
