import { parseIp } from '@podnet/contracts';
import { serviceKey, type EndpointInfo, type ServiceCatalog, type ServiceInfo, type ServicePortInfo } from '../services/types';
import { endpointString, portProtoHash, servicePortName } from './chain-names';
import { EndpointStore, EndpointTable, setTableOf, tableOf } from './endpoint-table';

/** One endpoint of a service port as kube-proxy holds it (`endpointsInfo`). */
export interface ProxyEndpoint {
  readonly ip: string;
  readonly port: number;
  /** `ip:port` (`[ip]:port` for IPv6). */
  readonly endpoint: string;
  /** `KUBE-SEP-...`. */
  readonly chain: string;
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
  readonly nodeName?: string;
  readonly zoneHints: readonly string[];
  readonly nodeHints: readonly string[];
  readonly targetPod?: EndpointInfo['targetPod'];
}

/** A service port of one IP family as kube-proxy holds it (`servicePortInfo`), chain names precomputed. */
export interface ProxyServicePort {
  readonly service: ServiceInfo;
  readonly port: ServicePortInfo;
  /** `ns/name:port`. */
  readonly name: string;
  /** Lower-case protocol. */
  readonly protocol: 'tcp' | 'udp' | 'sctp';
  readonly clusterIP: string;
  readonly externalIPs: readonly string[];
  /** VIP-mode load balancer IPs of this family (ipMode Proxy is not captured). */
  readonly loadBalancerIPs: readonly string[];
  readonly loadBalancerSourceRanges: readonly string[];
  readonly nodePort: number;
  readonly healthCheckNodePort: number;
  readonly hash: string;
  readonly endpoints: readonly ProxyEndpoint[];
  /** The ready endpoints (node-independent), and whether any endpoint carries a topology hint. */
  readonly readyEndpoints: readonly ProxyEndpoint[];
  readonly hasHints: boolean;
}

/** Everything kube-proxy needs for one family, independent of the node (hashes computed once). */
export interface ProxyState {
  readonly family: 4 | 6;
  readonly ports: readonly ProxyServicePort[];
  readonly totalEndpoints: number;
  /** More than 1000 endpoints: kube-proxy drops per-endpoint comments (`largeClusterEndpointsThreshold`). */
  readonly largeClusterMode: boolean;
}

/**
 * Ranks of the decimal octet strings "0".."255" in string order when followed by `.` (the first three octets of an
 * `a.b.c.d:port` endpoint) and by `:` (the last one): comparing two IPv4 endpoints of the same port as strings is
 * comparing these four ranks in turn, so one 32-bit number orders them exactly as kube-proxy's string sort does.
 */
function octetRanks(next: string): Uint8Array {
  const texts = Array.from({ length: 256 }, (_, v) => `${v}${next}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const ranks = new Uint8Array(256);
  texts.forEach((t, rank) => {
    ranks[Number(t.slice(0, -1))] = rank;
  });
  return ranks;
}
const RANK_DOT = octetRanks('.');
const RANK_COLON = octetRanks(':');
const INDEX_BITS = 2 ** 21;

/** The address {@link ipv4OrderKey} parsed last, as a 32-bit number. */
let parsedIPv4 = 0;

/**
 * The order key of a canonical dotted-quad IPv4 address (see {@link octetRanks}), or -1 for anything else; its
 * value is left in {@link parsedIPv4}.
 */
function ipv4OrderKey(ip: string): number {
  let key = 0;
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < ip.length; i += 1) {
    const c = ip.charCodeAt(i);
    if (c === 0x2e) {
      if (digits === 0 || dots === 3) return -1;
      key = key * 256 + RANK_DOT[octet]!;
      value = (value << 8) | octet;
      dots += 1;
      octet = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      // No leading zeros: one string per value, so equal keys are equal strings.
      if (digits > 0 && octet === 0) return -1;
      octet = octet * 10 + c - 0x30;
      digits += 1;
      if (octet > 255) return -1;
    } else return -1;
  }
  if (digits === 0 || dots !== 3) return -1;
  parsedIPv4 = (value << 8) | octet;
  return key * 256 + RANK_COLON[octet]!;
}

// Scratch of sortedEndpoints, reused from one service port to the next.
let keys: Float64Array = new Float64Array(1024);
let values: Int32Array = new Int32Array(1024);
let ipv4: Int32Array = new Int32Array(1024);
let portScratch = new Int32Array(1024);
/** Makes the candidate scratch arrays hold at least `n` entries (keeping the first ones). */
function reserve(n: number): void {
  if (sourcePorts.length >= n) return;
  const size = 2 * n;
  const grow = (a: Int32Array): Int32Array => {
    const bigger = new Int32Array(size);
    bigger.set(a);
    return bigger;
  };
  sourcePorts = grow(sourcePorts);
  values = grow(values);
  ipv4 = new Int32Array(size);
  const biggerKeys = new Float64Array(size);
  biggerKeys.set(keys);
  keys = biggerKeys;
}

function portRow(n: number): Int32Array {
  if (portScratch.length < n) portScratch = new Int32Array(2 * n);
  return portScratch.subarray(0, n);
}

// The candidate endpoints of the service port being built (slice entries and their ports), reused.
const sources: EndpointInfo[] = [];
let sourcePorts: Int32Array = new Int32Array(1024);

/**
 * The endpoints of one service port (the `n` candidates in `sources`/`sourcePorts`), deduplicated by `ip:port` (the
 * first seen wins, as in kube-proxy's map) and sorted by it. When every candidate is a dotted-quad IPv4 address of
 * one port (`keyed`: their order keys, with their positions, and values are in `keys`/`values`), with the native
 * typed-array sort (key and position in one float: stable, no comparator, no `ip:port` string); else by the strings.
 */
function sortedEndpoints(table: EndpointTable, n: number, keyed: boolean): void {
  const out = table.sources;
  const port = n > 0 ? sourcePorts[0]! : 0;
  if (keyed && n < INDEX_BITS) {
    keys.subarray(0, n).sort();
    let last = -1;
    for (let k = 0; k < n; k += 1) {
      const v = keys[k]!;
      const key = Math.floor(v / INDEX_BITS);
      if (key === last) continue;
      last = key;
      const i = v - key * INDEX_BITS;
      ipv4[out.length] = values[i]!;
      out.push(sources[i]!);
    }
    table.dottedQuads = true;
    table.store.add(table, ipv4, portRow(out.length).fill(port));
    return;
  }
  const seen = new Set<string>();
  const unique: { source: EndpointInfo; port: number; endpoint: string }[] = [];
  for (let i = 0; i < n; i += 1) {
    const endpoint = endpointString(sources[i]!.addresses[0]!, sourcePorts[i]!);
    if (seen.has(endpoint)) continue;
    seen.add(endpoint);
    unique.push({ source: sources[i]!, port: sourcePorts[i]!, endpoint });
  }
  unique.sort((a, b) => (a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : 0));
  for (const u of unique) out.push(u.source);
  table.store.add(table, null, Int32Array.from(unique, (u) => u.port));
}

type PortFields = Omit<ProxyServicePort, 'endpoints' | 'readyEndpoints' | 'hasHints'>;

/**
 * A service port of a proxy state: its endpoints are a table of slice entries and typed arrays, and the
 * `ProxyEndpoint` objects are made only when `endpoints` or `readyEndpoints` is read.
 */
class StatePort implements ProxyServicePort {
  readonly service: ServiceInfo;
  readonly port: ServicePortInfo;
  readonly name: string;
  readonly protocol: 'tcp' | 'udp' | 'sctp';
  readonly clusterIP: string;
  readonly externalIPs: readonly string[];
  readonly loadBalancerIPs: readonly string[];
  readonly loadBalancerSourceRanges: readonly string[];
  readonly nodePort: number;
  readonly healthCheckNodePort: number;
  readonly hash: string;
  readonly hasHints: boolean;
  private ready: readonly ProxyEndpoint[] | null = null;

  constructor(
    private readonly table: EndpointTable,
    fields: PortFields,
  ) {
    this.service = fields.service;
    this.port = fields.port;
    this.name = fields.name;
    this.protocol = fields.protocol;
    this.clusterIP = fields.clusterIP;
    this.externalIPs = fields.externalIPs;
    this.loadBalancerIPs = fields.loadBalancerIPs;
    this.loadBalancerSourceRanges = fields.loadBalancerSourceRanges;
    this.nodePort = fields.nodePort;
    this.healthCheckNodePort = fields.healthCheckNodePort;
    this.hash = fields.hash;
    this.hasHints = table.hasHints;
  }

  get endpoints(): readonly ProxyEndpoint[] {
    return this.table.endpoints;
  }
  get readyEndpoints(): readonly ProxyEndpoint[] {
    this.ready ??= this.table.allReady ? this.table.endpoints : this.table.endpoints.filter((e) => e.ready);
    return this.ready;
  }
}

function sameFamily(ip: string, family: 4 | 6): boolean {
  return parseIp(ip)?.family === family;
}

/** An upper bound of the endpoint rows of a state: the family's slice entries, once per port of their Service. */
function candidateCount(catalog: ServiceCatalog, family: 4 | 6): number {
  const addressType = family === 4 ? 'IPv4' : 'IPv6';
  let n = 0;
  for (const svc of catalog.services) {
    for (const slice of catalog.slices.get(serviceKey(svc.namespace, svc.name)) ?? []) {
      if (slice.addressType === addressType) n += slice.endpoints.length * Math.min(svc.ports.length, slice.ports.length);
    }
  }
  return n;
}

/**
 * The service ports kube-proxy programs for one IP family: every Service with a ClusterIP of that family
 * (headless and ExternalName Services are skipped, as `ShouldSkipService` does), each port with its endpoints from
 * the EndpointSlices of that family (first address of each endpoint, the port matched by name and protocol),
 * sorted by `ip:port` as kube-proxy's endpoints map is; the KUBE-SEP chain hashes are computed on first use.
 *
 * @example
 * buildProxyState(catalog, 4).ports[0]?.hash // => 'XPGD46QRK7WJZT7O' for ns1/svc1:p80 tcp
 */
export function buildProxyState(catalog: ServiceCatalog, family: 4 | 6): ProxyState {
  const ports: ProxyServicePort[] = [];
  const store = new EndpointStore(candidateCount(catalog, family));
  for (const svc of catalog.services) {
    if (svc.headless || svc.type === 'ExternalName') continue;
    // podnet adds `kubernetes` and `kube-dns` to a designed cluster for DNS; without known endpoints (EKS control-plane
    // ENIs, CoreDNS pods not in the inputs) their rules would only say REJECT, which no real cluster shows.
    if (svc.implicit && (catalog.slices.get(serviceKey(svc.namespace, svc.name)) ?? []).every((s) => s.endpoints.length === 0)) continue;
    const clusterIP = svc.clusterIPs.find((ip) => sameFamily(ip, family));
    if (!clusterIP) continue;
    const slices = (catalog.slices.get(serviceKey(svc.namespace, svc.name)) ?? []).filter((s) => s.addressType === (family === 4 ? 'IPv4' : 'IPv6'));
    for (const port of svc.ports) {
      const name = servicePortName(svc.namespace, svc.name, port.name);
      const protocol = port.protocol.toLowerCase() as 'tcp' | 'udp' | 'sctp';
      // One pass over the slice entries (each read once, while in cache): candidates, their IPv4 order keys, and
      // whether all are ready and any carries a hint.
      let n = 0;
      let keyed = true;
      let firstPort = 0;
      let allReady = true;
      let hasHints = false;
      for (const slice of slices) {
        const sp = slice.ports.find((p) => p.name === port.name && p.protocol === port.protocol);
        if (!sp) continue;
        reserve(n + slice.endpoints.length);
        for (const ep of slice.endpoints) {
          const address = ep.addresses[0];
          if (!address) continue;
          if (!ep.ready) allReady = false;
          if (ep.hints && (ep.hints.forZones.length > 0 || ep.hints.forNodes.length > 0)) hasHints = true;
          if (n === 0) firstPort = sp.port;
          if (keyed) {
            const key = sp.port === firstPort ? ipv4OrderKey(address) : -1;
            if (key < 0) keyed = false;
            keys[n] = key * INDEX_BITS + n;
            values[n] = parsedIPv4;
          }
          sources[n] = ep;
          sourcePorts[n++] = sp.port;
        }
      }
      const table = new EndpointTable(store, name, protocol);
      sortedEndpoints(table, n, keyed);
      if (table.sources.length === n) {
        table.allReady = allReady;
        table.hasHints = hasHints;
      } else {
        // Duplicates were dropped: the flags of the endpoints kept.
        for (const e of table.sources) {
          if (!e.ready) table.allReady = false;
          if (e.hints && (e.hints.forZones.length > 0 || e.hints.forNodes.length > 0)) table.hasHints = true;
        }
      }
      const sp = new StatePort(table, {
        service: svc,
        port,
        name,
        protocol,
        clusterIP,
        externalIPs: svc.externalIPs.filter((ip) => sameFamily(ip, family)),
        loadBalancerIPs: svc.loadBalancerIngress.filter((i) => i.ip && i.ipMode === 'VIP' && sameFamily(i.ip, family)).map((i) => i.ip!),
        loadBalancerSourceRanges: svc.loadBalancerSourceRanges.filter((r) => sameFamily(r.split('/')[0] ?? '', family)),
        nodePort: port.nodePort ?? 0,
        healthCheckNodePort: svc.healthCheckNodePort ?? 0,
        hash: portProtoHash(name, protocol),
      });
      setTableOf(sp, table);
      ports.push(sp);
    }
  }
  store.seal();
  sources.length = 0;
  ports.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0));
  let totalEndpoints = 0;
  for (const sp of ports) totalEndpoints += tableOf(sp)!.length;
  const largeClusterMode = totalEndpoints > 1000;
  return { family, ports, totalEndpoints, largeClusterMode };
}
