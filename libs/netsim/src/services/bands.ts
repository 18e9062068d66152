import { parseCidr } from '@podnet/contracts';

/** The NodePort range kube-apiserver uses by default (`--service-node-port-range`). */
export const DEFAULT_NODE_PORT_RANGE = { base: 30000, size: 2768 } as const;

/** A contiguous range of indexes `[first, last]` of an allocator's bitmap. */
export interface Band {
  readonly first: bigint;
  readonly last: bigint;
}

/** The static (lower) and dynamic (upper) bands of an allocator; static is null when there is no band split. */
export interface Bands {
  readonly static: Band | null;
  readonly dynamic: Band;
}

function clampOffset(size: bigint, min: bigint, max: bigint, step: bigint): bigint {
  if (size <= min) return 0n;
  const offset = size / step;
  if (offset < min) return min;
  if (offset > max) return max;
  return offset;
}

/**
 * The ClusterIP allocator's band offset: `min(max(16, cidrSize/16), 256)`, 0 when the CIDR has at most 16
 * addresses (kubernetes `pkg/registry/core/service/ipallocator/bitmap.go` `calculateRangeOffset`).
 *
 * @example
 * clusterIpRangeOffset('10.96.0.0/24') // => 16
 * clusterIpRangeOffset('10.96.0.0/12') // => 256
 */
export function clusterIpRangeOffset(cidr: string): number {
  const block = parseCidr(cidr);
  const size = block.last - block.first + 1n;
  return Number(clampOffset(size, 16n, 256n, 16n));
}

/**
 * The NodePort allocator's band offset: `min(max(16, size/32), 128)`, 0 for 16 ports or fewer
 * (`pkg/registry/core/service/portallocator/allocator.go` `calculateRangeOffset`).
 *
 * @example
 * nodePortRangeOffset(2768) // => 86 (static band 30000-30085)
 */
export function nodePortRangeOffset(size: number): number {
  return Number(clampOffset(BigInt(size), 16n, 128n, 32n));
}

/**
 * The usable addresses of a service CIDR as allocator indexes: base = network + 1, and `max` usable addresses
 * (IPv4 drops the network and broadcast addresses; IPv6 drops the network address and caps the bitmap at 65,536).
 *
 * @example
 * serviceCidrUsable('10.96.0.0/24') // => { base: 10.96.0.1 as bigint, max: 254n, family: 4 }
 */
export function serviceCidrUsable(cidr: string): { base: bigint; max: bigint; family: 4 | 6 } {
  const block = parseCidr(cidr);
  let max = block.last - block.first + 1n;
  if (block.family === 6) {
    if (max > 65536n) max = 65536n;
  } else {
    max -= 1n;
  }
  max -= 1n;
  if (max < 0n) max = 0n;
  return { base: block.first + 1n, max, family: block.family };
}

/**
 * The static and dynamic bands of a service CIDR, as address integers.
 *
 * @example
 * clusterIpBands('10.96.0.0/24') // static 10.96.0.1-10.96.0.16, dynamic 10.96.0.17-10.96.0.254
 */
export function clusterIpBands(cidr: string): Bands {
  const { base, max } = serviceCidrUsable(cidr);
  const offset = BigInt(clusterIpRangeOffset(cidr));
  const lastIndex = max - 1n;
  if (offset === 0n || offset >= max) return { static: null, dynamic: { first: base, last: base + lastIndex } };
  return { static: { first: base, last: base + offset - 1n }, dynamic: { first: base + offset, last: base + lastIndex } };
}

/**
 * The static and dynamic bands of a NodePort range.
 *
 * @example
 * nodePortBands() // => static 30000-30085, dynamic 30086-32767
 */
export function nodePortBands(range: { base: number; size: number } = DEFAULT_NODE_PORT_RANGE): Bands {
  const offset = nodePortRangeOffset(range.size);
  const first = BigInt(range.base);
  const last = BigInt(range.base + range.size - 1);
  if (offset === 0) return { static: null, dynamic: { first, last } };
  return { static: { first, last: first + BigInt(offset) - 1n }, dynamic: { first: first + BigInt(offset), last } };
}
