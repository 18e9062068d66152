/** The layer-4 protocols NetworkPolicy defines (networking.k8s.io/v1 `NetworkPolicyPort.protocol`). */
export type L4Protocol = 'TCP' | 'UDP' | 'SCTP';

/**
 * Every protocol, in output order.
 *
 * @example
 * PROTOCOLS.join(',') // => 'TCP,UDP,SCTP'
 */
export const PROTOCOLS: readonly L4Protocol[] = ['TCP', 'UDP', 'SCTP'];

/** Inclusive port ranges `[lo, hi]`, sorted and disjoint. */
export type PortRanges = readonly (readonly [number, number])[];

/** A set of (protocol, port) pairs. */
export type PortSetValue = Readonly<Record<L4Protocol, PortRanges>>;

/** What the reach output says a pair may use: everything, or ports per protocol. */
export type AllowedPorts = 'all' | { protocol: L4Protocol; ports: [number, number][] }[];

const FULL: PortRanges = [[1, 65535]];

function normalize(ranges: readonly (readonly [number, number])[]): PortRanges {
  const sorted = [...ranges].filter(([lo, hi]) => lo <= hi).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function intersectRanges(a: PortRanges, b: PortRanges): PortRanges {
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    const lo = Math.max(x[0], y[0]);
    const hi = Math.min(x[1], y[1]);
    if (lo <= hi) out.push([lo, hi]);
    if (x[1] < y[1]) i += 1;
    else j += 1;
  }
  return out;
}

function subtractRanges(a: PortRanges, b: PortRanges): PortRanges {
  const out: [number, number][] = [];
  for (const [lo0, hi] of a) {
    let lo = lo0;
    for (const [blo, bhi] of b) {
      if (bhi < lo || blo > hi) continue;
      if (blo > lo) out.push([lo, blo - 1]);
      lo = bhi + 1;
      if (lo > hi) break;
    }
    if (lo <= hi) out.push([lo, hi]);
  }
  return out;
}

const keyOf = (v: PortSetValue): string => PROTOCOLS.map((p) => v[p].map(([lo, hi]) => `${lo}-${hi}`).join(',')).join('|');

/**
 * Hash-consed port sets: each distinct set gets a small integer id, so that the reachability matrix can
 * store one number per pair and memoize unions and intersections. Id 0 is the empty set, id 1 every
 * port of TCP, UDP and SCTP. Deterministic: ids depend only on the order of first use.
 *
 * @example
 * const t = new PortSetTable();
 * const web = t.of('TCP', 80, 80);
 * t.toAllowed(t.union(web, t.of('UDP', 53, 53))) // => [{protocol:'TCP',ports:[[80,80]]},{protocol:'UDP',ports:[[53,53]]}]
 */
export class PortSetTable {
  static readonly NONE = 0;
  static readonly ALL = 1;
  private readonly values: PortSetValue[] = [];
  private readonly ids = new Map<string, number>();
  private readonly unionMemo = new Map<number, number>();
  private readonly intersectMemo = new Map<number, number>();

  constructor() {
    this.intern({ TCP: [], UDP: [], SCTP: [] });
    this.intern({ TCP: FULL, UDP: FULL, SCTP: FULL });
  }

  /** The id of a set (normalizing its ranges). */
  intern(value: PortSetValue): number {
    const v: PortSetValue = { TCP: normalize(value.TCP), UDP: normalize(value.UDP), SCTP: normalize(value.SCTP) };
    const key = keyOf(v);
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    const id = this.values.length;
    this.values.push(v);
    this.ids.set(key, id);
    return id;
  }

  /** The set of one protocol's ports `lo..hi`. */
  of(protocol: L4Protocol, lo = 1, hi = 65535): number {
    return this.intern({ TCP: [], UDP: [], SCTP: [], [protocol]: [[lo, hi]] });
  }

  value(id: number): PortSetValue {
    const v = this.values[id];
    if (!v) throw new Error(`unknown port set ${id}`);
    return v;
  }

  union(a: number, b: number): number {
    if (a === b || b === 0) return a;
    if (a === 0) return b;
    if (a === 1 || b === 1) return 1;
    const key = a < b ? a * 2 ** 24 + b : b * 2 ** 24 + a;
    let r = this.unionMemo.get(key);
    if (r === undefined) {
      const x = this.value(a);
      const y = this.value(b);
      r = this.intern({ TCP: [...x.TCP, ...y.TCP], UDP: [...x.UDP, ...y.UDP], SCTP: [...x.SCTP, ...y.SCTP] });
      this.unionMemo.set(key, r);
    }
    return r;
  }

  intersect(a: number, b: number): number {
    if (a === b || b === 1) return a;
    if (a === 1) return b;
    if (a === 0 || b === 0) return 0;
    const key = a < b ? a * 2 ** 24 + b : b * 2 ** 24 + a;
    let r = this.intersectMemo.get(key);
    if (r === undefined) {
      const x = this.value(a);
      const y = this.value(b);
      r = this.intern({ TCP: intersectRanges(x.TCP, y.TCP), UDP: intersectRanges(x.UDP, y.UDP), SCTP: intersectRanges(x.SCTP, y.SCTP) });
      this.intersectMemo.set(key, r);
    }
    return r;
  }

  subtract(a: number, b: number): number {
    if (b === 0 || a === 0) return a;
    if (b === 1 || a === b) return 0;
    const x = this.value(a);
    const y = this.value(b);
    return this.intern({ TCP: subtractRanges(x.TCP, y.TCP), UDP: subtractRanges(x.UDP, y.UDP), SCTP: subtractRanges(x.SCTP, y.SCTP) });
  }

  has(id: number, protocol: L4Protocol, port: number): boolean {
    if (id === 1) return port >= 1 && port <= 65535;
    return this.value(id)[protocol].some(([lo, hi]) => port >= lo && port <= hi);
  }

  /** The reach output form: `"all"`, or the non-empty protocols with their ranges. */
  toAllowed(id: number): AllowedPorts {
    if (id === 1) return 'all';
    const v = this.value(id);
    return PROTOCOLS.filter((p) => v[p].length > 0).map((protocol) => ({ protocol, ports: v[protocol].map(([lo, hi]) => [lo, hi] as [number, number]) }));
  }

  /** A short text form: `TCP 80,8080-8090; UDP 53` or `all`. */
  format(id: number): string {
    if (id === 1) return 'all';
    if (id === 0) return 'none';
    const v = this.value(id);
    return PROTOCOLS.filter((p) => v[p].length > 0)
      .map((p) => `${p} ${v[p].map(([lo, hi]) => (lo === hi ? `${lo}` : lo === 1 && hi === 65535 ? '1-65535' : `${lo}-${hi}`)).join(',')}`)
      .join('; ');
  }
}
