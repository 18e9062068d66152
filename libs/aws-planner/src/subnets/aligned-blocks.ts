import { parseCidr, parseIp } from '@podnet/contracts';
import { PlannerInputError } from '../errors/planner-error';
import { AWS_RESERVED_PER_SUBNET } from './subnet-space';

/** Exact /28 occupancy of a subnet from the addresses and prefixes in use. */
export interface AlignedBlockUsage {
  readonly cidr: string;
  readonly alignedBlocks: number;
  /** Aligned /28 blocks with no reserved address, no /32 in use and no prefix. */
  readonly freeBlocks: number;
  /** Addresses in use: /32s plus 16 per prefix. */
  readonly usedAddresses: number;
  /** What EC2 reports as `AvailableIpAddressCount`: size − 5 reserved − used. */
  readonly availableAddresses: number;
}

/**
 * Maps every used /32, every /28 prefix and the 5 AWS-reserved addresses (first four, last) onto the subnet's
 * aligned /28 grid and counts the blocks left whole: what prefix delegation can still get, which
 * `AvailableIpAddressCount` does not show (aws/amazon-vpc-cni-k8s #2749, awslabs/aws-support-tools PR #257).
 * Addresses outside the subnet are ignored.
 *
 * @example
 * alignedBlockUsage('10.0.0.0/24', ['10.0.0.10', '10.0.0.20'], ['10.0.0.32/28'])
 * // => { alignedBlocks: 16, freeBlocks: 12, usedAddresses: 18, availableAddresses: 233, ... }
 */
export function alignedBlockUsage(
  cidr: string,
  addresses: readonly string[],
  prefixes: readonly string[],
): AlignedBlockUsage {
  const subnet = parseCidr(cidr);
  if (subnet.family !== 4) throw new PlannerInputError('cidr', 'must be an IPv4 subnet', cidr);
  const size = Number(subnet.last - subnet.first + 1n);
  const alignedBlocks = Math.floor(size / 16);
  const taken = new Set<number>();
  const mark = (offset: bigint) => {
    if (offset >= 0n && offset < BigInt(size)) taken.add(Number(offset / 16n));
  };
  for (const offset of [0n, 1n, 2n, 3n, BigInt(size - 1)]) mark(offset);
  let used = 0;
  for (const address of new Set(addresses)) {
    const ip = parseIp(address);
    if (ip === null || ip.family !== 4 || ip.value < subnet.first || ip.value > subnet.last)
      continue;
    mark(ip.value - subnet.first);
    used += 1;
  }
  for (const prefix of new Set(prefixes)) {
    const block = parseCidr(prefix);
    if (block.family !== 4 || block.first < subnet.first || block.last > subnet.last) continue;
    for (
      let offset = block.first - subnet.first;
      offset <= block.last - subnet.first;
      offset += 16n
    )
      mark(offset);
    used += Number(block.last - block.first + 1n);
  }
  return {
    cidr,
    alignedBlocks,
    freeBlocks: alignedBlocks - [...taken].filter((index) => index < alignedBlocks).length,
    usedAddresses: used,
    availableAddresses: Math.max(0, size - AWS_RESERVED_PER_SUBNET - used),
  };
}
