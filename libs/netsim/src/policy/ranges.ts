import { cidrRange } from './ipv4';

/**
 * `cidr` minus every `except`, as inclusive numeric IPv4 ranges (an IPv6 block gives none).
 *
 * @example
 * ipBlockRangesOf('10.0.0.0/24', ['10.0.0.0/25']) // => [[167772288, 167772415]]
 */
export function ipBlockRangesOf(cidr: string, except: readonly string[] = []): [number, number][] {
  const outer = cidrRange(cidr);
  if (!outer) return [];
  let ranges: [number, number][] = [outer];
  for (const e of except) {
    const hole = cidrRange(e);
    if (!hole) continue;
    ranges = ranges.flatMap(([lo, hi]): [number, number][] => {
      if (hole[1] < lo || hole[0] > hi) return [[lo, hi]];
      const out: [number, number][] = [];
      if (hole[0] > lo) out.push([lo, hole[0] - 1]);
      if (hole[1] < hi) out.push([hole[1] + 1, hi]);
      return out;
    });
  }
  return ranges;
}
