import { ip4Text, type Cidr4 } from '../net/ipv4';

/**
 * Hands out addresses of subnets in ascending order, skipping every address already taken anywhere (node
 * IPs and pod IPs given in the inputs, earlier allocations). One book serves a whole model, so node primary
 * IPs and ENI addresses never collide.
 */
export class AddressBook {
  private readonly used = new Set<number>();
  private readonly cursors = new Map<string, number>();

  /** Marks an address as taken (an explicit node IP, a `status.podIP`). */
  reserve(ip: number): void {
    this.used.add(ip);
  }

  /** Whether the address is taken. */
  has(ip: number): boolean {
    return this.used.has(ip);
  }

  /**
   * The next free address of the block at or after `firstOffset` (from the network address), skipping the
   * last `tailReserved` addresses; -1 when the block is full.
   */
  next(block: Cidr4, firstOffset: number, tailReserved: number): number {
    const key = block.text;
    const end = block.base + block.size - tailReserved;
    let ip = Math.max(this.cursors.get(key) ?? block.base + firstOffset, block.base + firstOffset);
    while (ip < end && this.used.has(ip)) ip++;
    if (ip >= end) return -1;
    this.used.add(ip);
    this.cursors.set(key, ip + 1);
    return ip;
  }

  /** The next free aligned block of `size` addresses (a /28 prefix is 16) in `block`, or -1. */
  nextAligned(block: Cidr4, size: number, firstOffset: number, tailReserved: number): number {
    const key = `${block.text}#${size}`;
    const end = block.base + block.size - tailReserved;
    let start = this.cursors.get(key) ?? block.base;
    for (; start + size <= end; start += size) {
      let free = start - block.base >= 0;
      for (let ip = start; free && ip < start + size; ip++) {
        if (ip < block.base + firstOffset || this.used.has(ip)) free = false;
      }
      if (free) {
        for (let ip = start; ip < start + size; ip++) this.used.add(ip);
        this.cursors.set(key, start + size);
        return start;
      }
    }
    return -1;
  }
}

/**
 * Formats `ip-10-0-1-23` style host labels.
 *
 * @example
 * ipHostLabel(167772439) // => 'ip-10-0-1-23'
 */
export function ipHostLabel(ip: number): string {
  return `ip-${ip4Text(ip).replace(/\./g, '-')}`;
}
