import { describe, expect, it } from 'vitest';
import { parseIp } from '@podnet/contracts';
import { buildServiceCatalog, clusterDns, podResolvConf, stubLookup, type DnsAnswer, type DnsType, type PodRecordsMode, type UpstreamRecord } from '../../src';
import { inventoryOf, readCorpus } from '../support/services-conformance';

// Answer key: test/conformance/dns-cases.json, copied from shared/conformance (kubernetes/dns
// docs/specification.md schema 1.1.0, kubernetes/website dns-pod-service.md, kubelet dns.go, CoreDNS
// plugin/kubernetes, resolv.conf(5)). Each cluster is fed as manifests through the real loader (a `kind: List`
// as the corpus README describes), then through podnet's EndpointSlice derivation, DNS server and stub resolver.

interface CaseService {
  name: string;
  namespace: string;
  type: 'ClusterIP' | 'Headless' | 'ExternalName';
  clusterIP?: string;
  clusterIPs?: string[];
  externalName?: string;
  ports: { name?: string; port: number; protocol: string }[];
  publishNotReadyAddresses?: boolean;
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
  selector?: Record<string, string>;
}
interface CaseSlice {
  service: string;
  namespace: string;
  ports?: { name?: string; port: number; protocol: string }[];
  endpoints: { ip: string; ready: boolean; hostname?: string; targetPod?: string }[];
}
interface CasePod {
  name: string;
  namespace: string;
  ip: string;
  ready: boolean;
  hostname?: string;
  subdomain?: string;
  labels?: Record<string, string>;
  nodeName?: string;
}
interface ExpectedAnswer {
  name: string;
  type: DnsType;
  address?: string;
  port?: number;
  target?: string | null;
  targetIfCoreDNS?: string;
  text?: string;
}
interface DnsCase {
  id: string;
  title: string;
  cluster: {
    zone: string;
    namespaces: string[];
    services: CaseService[];
    endpointSlices: CaseSlice[];
    pods: CasePod[];
    upstreamRecords?: UpstreamRecord[];
    corednsPodsMode?: PodRecordsMode;
  };
  query: { name: string; type: DnsType; fromPod?: { namespace: string; dnsPolicy: 'ClusterFirst'; hostSearch: string[] } };
  expected: { rcode: string; answers: ExpectedAnswer[]; queriesSent?: string[] };
}
interface ResolvCase {
  id: string;
  input: {
    pod: { namespace: string; dnsPolicy: 'ClusterFirst' | 'ClusterFirstWithHostNet' | 'Default' | 'None'; hostNetwork: boolean; dnsConfig?: { nameservers?: string[]; searches?: string[]; options?: { name: string; value?: string }[] } };
    kubelet: { clusterDNS: string[]; clusterDomain: string };
    nodeResolvConf: { nameservers: string[]; search: string[] };
  };
  expected: { nameservers: string[]; search: string[]; options: string[] };
}

const corpus = readCorpus<{ cases: DnsCase[]; resolvConfCases: ResolvCase[] }>('dns-cases.json');

/** The case's cluster as the `kind: List` of manifests the corpus README describes. */
function manifests(c: DnsCase): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = c.cluster.namespaces.map((ns) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns } } }));
  for (const s of c.cluster.services) {
    const spec: Record<string, unknown> = { ports: s.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, protocol: p.protocol })) };
    if (s.type === 'ExternalName') Object.assign(spec, { type: 'ExternalName', externalName: s.externalName });
    else spec['type'] = 'ClusterIP';
    if (s.type === 'Headless' || s.clusterIP === 'None') spec['clusterIP'] = 'None';
    else if (s.clusterIPs) Object.assign(spec, { clusterIP: s.clusterIPs[0], clusterIPs: s.clusterIPs });
    else if (s.clusterIP) spec['clusterIP'] = s.clusterIP;
    if (s.ipFamilies) spec['ipFamilies'] = s.ipFamilies;
    if (s.ipFamilyPolicy) spec['ipFamilyPolicy'] = s.ipFamilyPolicy;
    if (s.selector) spec['selector'] = s.selector;
    if (s.publishNotReadyAddresses !== undefined) spec['publishNotReadyAddresses'] = s.publishNotReadyAddresses;
    items.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: s.name, namespace: s.namespace }, spec });
  }
  c.cluster.endpointSlices.forEach((sl, i) => {
    for (const family of ['IPv4', 'IPv6'] as const) {
      const eps = sl.endpoints.filter((e) => (parseIp(e.ip)?.family === 4 ? 'IPv4' : 'IPv6') === family);
      if (eps.length === 0) continue;
      items.push({
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name: `${sl.service}-${i}-${family.toLowerCase()}`, namespace: sl.namespace, labels: { 'kubernetes.io/service-name': sl.service } },
        addressType: family,
        ports: (sl.ports ?? []).map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, protocol: p.protocol })),
        endpoints: eps.map((e) => ({
          addresses: [e.ip],
          conditions: { ready: e.ready },
          ...(e.hostname ? { hostname: e.hostname } : {}),
          ...(e.targetPod ? { targetRef: { kind: 'Pod', name: e.targetPod, namespace: sl.namespace } } : {}),
        })),
      });
    }
  });
  for (const p of c.cluster.pods) {
    items.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: p.name, namespace: p.namespace, labels: p.labels ?? {} },
      spec: { containers: [{ name: 'c' }], ...(p.hostname ? { hostname: p.hostname } : {}), ...(p.subdomain ? { subdomain: p.subdomain } : {}), ...(p.nodeName ? { nodeName: p.nodeName } : {}) },
      status: { phase: 'Running', podIP: p.ip, podIPs: [{ ip: p.ip }], conditions: [{ type: 'Ready', status: p.ready ? 'True' : 'False' }] },
    });
  }
  return items;
}

/** Comparable form of an answer: TTL, SRV priority and weight are not compared (corpus "How to compare"). */
function key(a: { name: string; type: string; address?: string; port?: number; target?: string | null; text?: string }): string {
  return JSON.stringify([a.name.toLowerCase(), a.type, a.address ?? null, a.port ?? null, a.target ? a.target.toLowerCase() : null, a.text ?? null]);
}

function expectedKey(a: ExpectedAnswer): string {
  // target null = a system-assigned label; podnet follows CoreDNS (the dashed IP), so hold it to targetIfCoreDNS.
  return key({ ...a, target: a.target === null ? a.targetIfCoreDNS ?? null : a.target });
}

describe('conformance: cluster DNS (test/conformance/dns-cases.json)', () => {
  it('has the 48 query cases and 5 resolv.conf cases', () => {
    expect(corpus.cases).toHaveLength(48);
    expect(corpus.resolvConfCases).toHaveLength(5);
  });

  it.each(corpus.cases.map((c) => [`${c.id} ${c.title}`, c] as const))('%s', (_title, c) => {
    const loaded = inventoryOf(manifests(c));
    const inventory = { ...loaded, design: { ...loaded.design, cluster: { ...loaded.design.cluster, clusterDomain: c.cluster.zone } } };
    const catalog = buildServiceCatalog(inventory);
    expect(catalog.issues).toEqual([]);
    const dns = clusterDns(catalog, {
      podsMode: c.cluster.corednsPodsMode ?? 'insecure',
      upstream: c.cluster.upstreamRecords ?? [],
      namespaces: inventory.namespaces.map((n) => n.metadata.name),
      pods: c.cluster.pods.map((p) => ({ namespace: p.namespace, ips: [p.ip] })),
    });
    let result: { rcode: string; answers: readonly DnsAnswer[]; queriesSent?: readonly string[] };
    if (c.query.fromPod) {
      const conf = podResolvConf({ namespace: c.query.fromPod.namespace, dnsPolicy: c.query.fromPod.dnsPolicy }, { clusterDNS: [catalog.dnsIP], clusterDomain: c.cluster.zone }, { nameservers: [], search: c.query.fromPod.hostSearch, options: [] });
      result = stubLookup(dns, c.query.name, c.query.type, conf);
    } else {
      result = dns.query(c.query.name, c.query.type);
    }
    expect(result.rcode).toBe(c.expected.rcode);
    expect(result.answers.map(key).sort()).toEqual(c.expected.answers.map(expectedKey).sort());
    if (c.expected.answers[0]?.type === 'CNAME') expect(result.answers[0]?.type).toBe('CNAME');
    if (c.expected.queriesSent) expect(result.queriesSent).toEqual(c.expected.queriesSent);
  });

  it.each(corpus.resolvConfCases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const conf = podResolvConf(c.input.pod, c.input.kubelet, { ...c.input.nodeResolvConf, options: [] });
    expect({ nameservers: conf.nameservers, search: conf.search, options: conf.options }).toEqual(c.expected);
  });
});
