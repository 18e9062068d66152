import { parseIp } from '@podnet/contracts';

/**
 * Lower-cases a DNS name and makes it absolute (trailing dot): DNS comparisons are case-insensitive
 * (kubernetes/dns specification §2.1).
 *
 * @example
 * canonicalName('KUBERNETES.Default.svc.cluster.local') // => 'kubernetes.default.svc.cluster.local.'
 */
export function canonicalName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower : `${lower}.`;
}

/**
 * The reverse-lookup name of an address: IPv4 octets reversed under `in-addr.arpa.`, IPv6 fully expanded to 32
 * nibbles and reversed under `ip6.arpa.` (specification §2.3.3).
 *
 * @example
 * reverseName('10.3.0.1') // => '1.0.3.10.in-addr.arpa.'
 * reverseName('2001:db8::1') // => '1.0.0.0.(...).8.b.d.0.1.0.0.2.ip6.arpa.'
 */
export function reverseName(ip: string): string | null {
  const octets = ip.split('.');
  if (octets.length === 4 && octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255)) return `${octets[3]}.${octets[2]}.${octets[1]}.${octets[0]}.in-addr.arpa.`;
  const parsed = parseIp(ip);
  if (!parsed) return null;
  if (parsed.family === 4) return `${ip.split('.').reverse().join('.')}.in-addr.arpa.`;
  const hex = parsed.value.toString(16).padStart(32, '0');
  return `${hex.split('').reverse().join('.')}.ip6.arpa.`;
}

/**
 * CoreDNS's system-assigned endpoint name: the address with `.`/`:` replaced by `-` (a leading or trailing `-`
 * gets a `0`), e.g. `10.3.0.3` -> `10-3-0-3`, `5678:abcd::1` -> `5678-abcd--1`.
 *
 * @example
 * dashedIp('10.3.0.102') // => '10-3-0-102'
 */
export function dashedIp(ip: string): string {
  let out = ip.replace(/[.:]/g, '-');
  if (out.startsWith('-')) out = `0${out}`;
  if (out.endsWith('-')) out = `${out}0`;
  return out;
}

/**
 * The address a CoreDNS pod record name encodes (`a-b-c-d` -> IPv4 when it has exactly 3 dashes and no `--`,
 * otherwise dashes become colons for IPv6), or null when it is not an address.
 *
 * @example
 * podRecordAddress('10-244-1-5') // => '10.244.1.5'
 */
export function podRecordAddress(label: string): string | null {
  const dashes = (label.match(/-/g) ?? []).length;
  const text = dashes === 3 && !label.includes('--') ? label.replace(/-/g, '.') : label.replace(/-/g, ':');
  const parsed = parseIp(text);
  if (!parsed) return null;
  return text;
}
