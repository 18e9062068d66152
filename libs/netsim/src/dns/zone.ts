import { parseIp } from '@podnet/contracts';
import type { EndpointSliceInfo, ServiceCatalog, ServiceInfo } from '../services/types';
import { serviceKey } from '../services/types';
import { canonicalName, dashedIp, podRecordAddress, reverseName } from './names';
import { DNS_SCHEMA_VERSION, type DnsAnswer, type DnsResponse, type DnsType, type PodRecordsMode, type UpstreamRecord } from './types';

/** Settings of the cluster DNS server (CoreDNS kubernetes plugin as kubeadm configures it). */
export interface ClusterDnsOptions {
  /** `pods` mode; kubeadm's Corefile uses `insecure` (cli-contract.md default). */
  readonly podsMode?: PodRecordsMode;
  /** Record TTL; kubeadm's Corefile sets `ttl 30`. */
  readonly ttl?: number;
  /** Records outside the cluster zone. */
  readonly upstream?: readonly UpstreamRecord[];
  /** Namespaces that exist (for `pods insecure` and NODATA of `<ns>.svc.<zone>`). */
  readonly namespaces?: readonly string[];
  /** Pods with their addresses (for `pods verified`). */
  readonly pods?: readonly { readonly namespace: string; readonly ips: readonly string[] }[];
}

interface NameNode {
  readonly records: DnsAnswer[];
  /** Set for an ExternalName Service: the CNAME target. */
  cname?: string;
}

/** A cluster DNS server: an index of every name the kubernetes plugin would answer, queried in O(1). */
export interface ClusterDns {
  readonly zone: string;
  query(name: string, type: DnsType): DnsResponse;
}

function familyType(ip: string): 'A' | 'AAAA' | null {
  // Catalog addresses are already valid: the family is in the spelling.
  if (ip.includes(':')) return parseIp(ip) ? 'AAAA' : null;
  return /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip) ? 'A' : null;
}

function readyEndpoints(slices: readonly EndpointSliceInfo[]): { slice: EndpointSliceInfo; ip: string; hostname?: string }[] {
  const out: { slice: EndpointSliceInfo; ip: string; hostname?: string }[] = [];
  for (const slice of slices) {
    if (slice.addressType === 'FQDN') continue;
    for (const ep of slice.endpoints) {
      if (!ep.ready) continue;
      for (const ip of ep.addresses) out.push({ slice, ip, ...(ep.hostname ? { hostname: ep.hostname } : {}) });
    }
  }
  return out;
}

/**
 * Builds the cluster DNS server for a catalog, following the Kubernetes DNS specification (schema 1.1.0) and
 * CoreDNS where the specification is silent:
 * - `<svc>.<ns>.svc.<zone>` A/AAAA: the ClusterIPs (even with no endpoints); headless: every ready endpoint IP,
 *   and NXDOMAIN when there is none;
 * - `_<port>._<proto>.<svc>...` SRV for named ports only (headless: one per ready endpoint, target
 *   `<hostname or dashed IP>.<svc>...`);
 * - `<hostname>.<svc>...` A/AAAA for ready endpoints; PTR for ClusterIPs and ready endpoint IPs;
 * - ExternalName: CNAME, plus the target's A/AAAA for an address question; sub-names NXDOMAIN;
 * - `dns-version.<zone>` TXT `1.1.0`; pod records `a-b-c-d.<ns>.pod.<zone>` per the `pods` mode;
 * - a name that exists without records of the asked type: NOERROR with no answers (NODATA).
 *
 * @example
 * clusterDns(catalog).query('kubernetes.default.svc.cluster.local', 'A').answers[0]?.address // => '10.96.0.1'
 */
export function clusterDns(catalog: ServiceCatalog, options: ClusterDnsOptions = {}): ClusterDns {
  const zone = canonicalName(catalog.clusterDomain);
  const ttl = options.ttl ?? 30;
  const podsMode = options.podsMode ?? 'insecure';
  const names = new Map<string, NameNode>();
  const emptyNonTerminals = new Set<string>([zone, `svc.${zone}`, `pod.${zone}`]);
  const namespaces = new Set<string>((options.namespaces ?? []).map((n) => n.toLowerCase()));
  for (const svc of catalog.services) namespaces.add(svc.namespace.toLowerCase());
  for (const ns of namespaces) {
    emptyNonTerminals.add(`${ns}.svc.${zone}`);
    emptyNonTerminals.add(`${ns}.pod.${zone}`);
  }
  const node = (name: string): NameNode => {
    let n = names.get(name);
    if (!n) {
      n = { records: [] };
      names.set(name, n);
    }
    return n;
  };
  const add = (record: DnsAnswer) => node(record.name).records.push(record);

  const NX: DnsResponse = { rcode: 'NXDOMAIN', answers: [] };
  const NODATA: DnsResponse = { rcode: 'NOERROR', answers: [] };
  add({ name: `dns-version.${zone}`, type: 'TXT', ttl: 28800, text: DNS_SCHEMA_VERSION });

  // Endpoint names (`<hostname or dashed IP>.<svc>...`) and reverse names are indexed lazily: a cluster with
  // millions of endpoints answers its first question at once, and only the names asked about are built.
  const endpointsByService = new Map<string, { svc: ServiceInfo; ready: { ip: string; hostname?: string }[]; byLabel?: Map<string, string[]> }>();

  const addService = (svc: ServiceInfo) => {
    const base = `${svc.name}.${svc.namespace}.svc.${zone}`.toLowerCase();
    if (svc.type === 'ExternalName') {
      if (!svc.externalName) return;
      const n = node(base);
      n.cname = canonicalName(svc.externalName);
      n.records.push({ name: base, type: 'CNAME', ttl, target: n.cname });
      return;
    }
    const slices = catalog.slices.get(serviceKey(svc.namespace, svc.name)) ?? [];
    const ready = readyEndpoints(slices);
    const named = svc.ports.filter((p) => p.name !== '');
    if (svc.headless) {
      if (ready.length === 0) return;
      for (const ep of ready) {
        const t = familyType(ep.ip);
        if (t) add({ name: base, type: t, ttl, address: ep.ip });
      }
    } else {
      for (const ip of svc.clusterIPs) {
        const t = familyType(ip);
        if (t) add({ name: base, type: t, ttl, address: ip });
      }
    }
    endpointsByService.set(base, { svc, ready });
    const srvByPort = new Map<string, DnsAnswer[]>();
    if (svc.headless) {
      for (const ep of ready) {
        const epName = `${(ep.hostname ?? dashedIp(ep.ip)).toLowerCase()}.${base}`;
        for (const sp of named) {
          const port = ep.slice.ports.find((p) => p.name === sp.name && p.protocol === sp.protocol);
          if (!port) continue;
          const srvName = `_${sp.name}._${sp.protocol.toLowerCase()}.${base}`;
          const list = srvByPort.get(srvName) ?? [];
          if (!list.some((r) => r.target === epName && r.port === port.port)) list.push({ name: srvName, type: 'SRV', ttl, priority: 0, weight: 0, port: port.port, target: epName });
          srvByPort.set(srvName, list);
        }
      }
    } else {
      for (const sp of named) {
        const srvName = `_${sp.name}._${sp.protocol.toLowerCase()}.${base}`;
        srvByPort.set(srvName, [{ name: srvName, type: 'SRV', ttl, priority: 0, weight: 100, port: sp.port, target: base }]);
      }
    }
    for (const [srvName, list] of srvByPort) {
      const weight = Math.floor(100 / list.length);
      for (const r of list) add({ ...r, weight });
      // The bare service name answers SRV with every port too (CoreDNS extension).
      for (const r of list) add({ ...r, name: base, weight });
      emptyNonTerminals.add(srvName.slice(srvName.indexOf('.') + 1));
    }
  };
  for (const svc of catalog.services) addService(svc);

  /** `<label>.<svc>.<ns>.svc.<zone>`: a ready endpoint's hostname, or its dashed IP (CoreDNS). */
  const endpointAnswer = (qn: string, type: DnsType): DnsResponse | null => {
    const dot = qn.indexOf('.');
    const entry = endpointsByService.get(qn.slice(dot + 1));
    if (!entry) return null;
    if (!entry.byLabel) {
      const byLabel = new Map<string, string[]>();
      for (const ep of entry.ready) {
        const label = (ep.hostname ?? dashedIp(ep.ip)).toLowerCase();
        byLabel.set(label, [...(byLabel.get(label) ?? []), ep.ip]);
      }
      entry.byLabel = byLabel;
    }
    const ips = entry.byLabel.get(qn.slice(0, dot));
    if (!ips) return null;
    const answers = ips.filter((ip) => familyType(ip) === type).map((ip): DnsAnswer => ({ name: qn, type, ttl, address: ip }));
    return answers.length > 0 ? { rcode: 'NOERROR', answers } : NODATA;
  };

  let reverseIndex: Map<string, DnsAnswer[]> | null = null;
  /** PTR records: ClusterIPs -> the Service name; ready endpoint IPs -> their endpoint name (built on first use). */
  const reverseRecords = (qn: string): DnsAnswer[] | undefined => {
    if (!reverseIndex) {
      const index = new Map<string, DnsAnswer[]>();
      const put = (ip: string, target: string) => {
        const rev = reverseName(ip);
        if (!rev) return;
        const list = index.get(rev) ?? [];
        list.push({ name: rev, type: 'PTR', ttl, target });
        index.set(rev, list);
      };
      for (const [base, entry] of endpointsByService) {
        if (!entry.svc.headless) for (const ip of entry.svc.clusterIPs) put(ip, base);
        for (const ep of entry.ready) put(ep.ip, `${(ep.hostname ?? dashedIp(ep.ip)).toLowerCase()}.${base}`);
      }
      reverseIndex = index;
    }
    return reverseIndex.get(qn);
  };

  const upstream = new Map<string, DnsAnswer[]>();
  for (const r of options.upstream ?? []) {
    const name = canonicalName(r.name);
    const list = upstream.get(name) ?? [];
    list.push({ name, type: r.type, ttl: r.ttl ?? ttl, ...(r.address ? { address: r.address } : {}), ...(r.target ? { target: canonicalName(r.target) } : {}), ...(r.text ? { text: r.text } : {}) });
    upstream.set(name, list);
  }
  const podIps = new Map<string, Set<string>>();
  for (const p of options.pods ?? []) {
    const set = podIps.get(p.namespace.toLowerCase()) ?? new Set<string>();
    for (const ip of p.ips) set.add(ip);
    podIps.set(p.namespace.toLowerCase(), set);
  }
  const podZone = `.pod.${zone}`;
  const reverseZones = ['in-addr.arpa.', 'ip6.arpa.'];

  const answer = (qn: string, type: DnsType, depth: number): DnsResponse => {
    const n = names.get(qn);
    if (n) {
      if (n.cname !== undefined) {
        const cnameRecords = n.records;
        if (type === 'CNAME' || (type !== 'A' && type !== 'AAAA') || depth > 8) return { rcode: 'NOERROR', answers: cnameRecords };
        const chased = answer(n.cname, type, depth + 1);
        return { rcode: chased.rcode === 'NXDOMAIN' && chased.answers.length === 0 ? 'NOERROR' : chased.rcode, answers: [...cnameRecords, ...chased.answers] };
      }
      const records = n.records.filter((r) => r.type === type);
      return records.length > 0 ? { rcode: 'NOERROR', answers: records } : NODATA;
    }
    if (qn.endsWith(zone)) {
      const ep = endpointAnswer(qn, type);
      if (ep) return ep;
      if (qn.endsWith(podZone)) {
        const rest = qn.slice(0, qn.length - podZone.length);
        const parts = rest.split('.');
        if (parts.length === 2) {
          const [label, ns] = parts as [string, string];
          if (podsMode === 'disabled' || !namespaces.has(ns)) return NX;
          const ip = podRecordAddress(label);
          if (!ip) return NX;
          if (podsMode === 'verified' && !podIps.get(ns)?.has(ip)) return NX;
          const t = familyType(ip);
          if (t !== type) return NODATA;
          return { rcode: 'NOERROR', answers: [{ name: qn, type: t, ttl, address: ip }] };
        }
      }
      return emptyNonTerminals.has(qn) ? NODATA : NX;
    }
    if (reverseZones.some((z) => qn.endsWith(z))) {
      const ptr = reverseRecords(qn);
      if (!ptr) return NX;
      return type === 'PTR' ? { rcode: 'NOERROR', answers: ptr } : NODATA;
    }
    const up = upstream.get(qn);
    if (!up) return NX;
    const direct = up.filter((r) => r.type === type);
    if (direct.length > 0) return { rcode: 'NOERROR', answers: direct };
    const cname = up.find((r) => r.type === 'CNAME');
    if (cname?.target && depth <= 8) {
      const chased = answer(cname.target, type, depth + 1);
      return { rcode: chased.rcode, answers: [cname, ...chased.answers] };
    }
    return NODATA;
  };

  return {
    zone,
    query(name: string, type: DnsType): DnsResponse {
      return answer(canonicalName(name), type, 0);
    },
  };
}
