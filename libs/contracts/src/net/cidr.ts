import ipaddr from 'ipaddr.js';

/** A parsed CIDR block: the first and last address as integers, with its family. */
export interface Cidr {
  readonly text: string;
  readonly family: 4 | 6;
  readonly prefix: number;
  readonly first: bigint;
  readonly last: bigint;
}

function toBigInt(addr: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  let value = 0n;
  for (const byte of addr.toByteArray()) value = (value << 8n) | BigInt(byte);
  return value;
}

/**
 * Parses an IPv4 or IPv6 address to its family and integer value, or null when it is not one.
 *
 * @example
 * parseIp('10.0.0.1') // => { family: 4, value: 167772161n }
 */
export function parseIp(text: string): { family: 4 | 6; value: bigint } | null {
  if (!ipaddr.isValid(text)) return null;
  // ipaddr.isValid accepts shorthand such as "10.1"; Kubernetes and AWS want four octets.
  if (!text.includes(':') && !ipaddr.IPv4.isValidFourPartDecimal(text)) return null;
  const addr = ipaddr.parse(text);
  return { family: addr.kind() === 'ipv4' ? 4 : 6, value: toBigInt(addr) };
}

/** Why a CIDR string is invalid, or null when it is a valid network block. */
export function cidrProblem(text: string): string | null {
  const slash = text.indexOf('/');
  if (slash < 0) return 'not a CIDR block (expected address/prefix, e.g. 10.0.0.0/16)';
  const ip = parseIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!ip) return 'not a CIDR block: the address part is not an IPv4 or IPv6 address';
  if (!/^\d{1,3}$/.test(prefixText)) return 'not a CIDR block: the prefix length is not a number';
  const prefix = Number(prefixText);
  const bits = ip.family === 4 ? 32 : 128;
  if (prefix > bits) return `not a CIDR block: prefix /${prefix} is longer than ${bits} bits`;
  const hostBits = BigInt(bits - prefix);
  const network = (ip.value >> hostBits) << hostBits;
  if (network !== ip.value) {
    return `has host bits set; the network address is ${formatIp(network, ip.family)}/${prefix}`;
  }
  return null;
}

/**
 * Parses a CIDR block; throws on invalid input (check with {@link cidrProblem} first).
 *
 * @example
 * parseCidr('10.0.0.0/30').last // => 167772163n
 */
export function parseCidr(text: string): Cidr {
  const problem = cidrProblem(text);
  if (problem) throw new Error(`${text}: ${problem}`);
  const [addr, prefixText] = text.split('/') as [string, string];
  const ip = parseIp(addr)!;
  const prefix = Number(prefixText);
  const bits = ip.family === 4 ? 32 : 128;
  const size = 1n << BigInt(bits - prefix);
  return { text, family: ip.family, prefix, first: ip.value, last: ip.value + size - 1n };
}

/** Formats an integer address of the given family. */
export function formatIp(value: bigint, family: 4 | 6): string {
  const bytes: number[] = [];
  const count = family === 4 ? 4 : 16;
  for (let i = count - 1; i >= 0; i -= 1) bytes.push(Number((value >> BigInt(i * 8)) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}

/** True when the two blocks share at least one address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

/** True when `inner` lies wholly inside `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last;
}

/** True when the address lies inside the block. */
export function cidrContainsIp(block: Cidr, ip: string): boolean {
  const parsed = parseIp(ip);
  return parsed !== null && parsed.family === block.family && block.first <= parsed.value && parsed.value <= block.last;
}

/** The n-th address of a block (0 = network address). */
export function nthAddress(block: Cidr, n: number | bigint): string {
  return formatIp(block.first + BigInt(n), block.family);
}
