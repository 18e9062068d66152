/** IPv4 addresses as unsigned 32-bit numbers, and CIDR covers of ranges. */

const MAX = 2 ** 32 - 1;

/**
 * Parses dotted IPv4 to a number, or undefined (IPv6 and garbage).
 *
 * @example
 * ipv4ToNumber('10.0.0.1') // => 167772161
 */
export function ipv4ToNumber(text: string): number | undefined {
  const parts = text.trim().split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

/**
 * Formats a number as dotted IPv4.
 *
 * @example
 * numberToIpv4(167772161) // => '10.0.0.1'
 */
export function numberToIpv4(n: number): string {
  return [Math.floor(n / 2 ** 24) % 256, Math.floor(n / 2 ** 16) % 256, Math.floor(n / 256) % 256, n % 256].join('.');
}

/**
 * `[first, last]` of an IPv4 CIDR; host bits are ignored as the API server ignores them. Undefined for IPv6.
 *
 * @example
 * cidrRange('10.0.0.7/30') // => [167772164, 167772167]
 */
export function cidrRange(cidr: string): [number, number] | undefined {
  const [ip, bits] = cidr.split('/');
  const base = ipv4ToNumber(ip ?? '');
  const prefix = Number(bits);
  if (base === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  const first = Math.floor(base / size) * size;
  return [first, first + size - 1];
}

/**
 * The smallest list of CIDRs covering `first..last` exactly.
 *
 * @example
 * rangeToCidrs(ipv4ToNumber('10.0.0.0')!, ipv4ToNumber('10.0.0.255')!) // => ['10.0.0.0/24']
 */
export function rangeToCidrs(first: number, last: number): string[] {
  const out: string[] = [];
  let cur = first;
  while (cur <= last && cur <= MAX) {
    let size = 1;
    let prefix = 32;
    while (prefix > 0 && cur % (size * 2) === 0 && cur + size * 2 - 1 <= last) {
      size *= 2;
      prefix -= 1;
    }
    out.push(`${numberToIpv4(cur)}/${prefix}`);
    cur += size;
  }
  return out;
}

/**
 * The last IPv4 address as a number.
 *
 * @example
 * numberToIpv4(IPV4_MAX) // => '255.255.255.255'
 */
export const IPV4_MAX = MAX;
