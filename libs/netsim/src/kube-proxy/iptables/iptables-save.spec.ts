import { describe, expect, it } from 'vitest';
import type { EndpointSliceInfo, ProxyNode, ServiceCatalog, ServiceInfo } from '../../services/types';
import { endpointChainName } from '../chain-names';
import { DEFAULT_KUBE_PROXY_CONFIG } from '../config';
import { planNode } from '../plan';
import { buildProxyState } from '../service-ports';
import { iptablesSaveBytes, iptablesSaveText } from './iptables-save';

// Large clusters (more than 1000 endpoints, `largeClusterEndpointsThreshold`): kube-proxy drops the per-endpoint
// comments and writes, per endpoint, `-A KUBE-SVC-… -m statistic --mode random --probability <1/(n-i), %0.10f>
// -j KUBE-SEP-…` and the KUBE-SEP chain's `-s <ip> -j KUBE-MARK-MASQ` and `-m <proto> -p <proto> -j DNAT
// --to-destination <ip:port>` (kubernetes/kubernetes pkg/proxy/iptables/proxier.go, writeServiceToEndpointRules and
// the endpoint chain rules; shared/docs/kube-proxy.md §3). Endpoints are in `ip:port` string order (the proxier
// sorts endpoint chains by their string), so 10.1.0.10 comes before 10.1.0.9. Chain names come from
// endpointChainName, itself checked against kube-proxy's own test values (hash.spec.ts, golden tests).
const ip = (n: number) => `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

function catalog(endpointsPerService: number): ServiceCatalog {
  const nodes: ProxyNode[] = [{ name: 'n1', addresses: ['192.168.0.10'], labels: {}, podCIDRs: [] }];
  const services: ServiceInfo[] = [];
  const slices = new Map<string, EndpointSliceInfo[]>();
  for (let s = 0; s < 2; s++) {
    const name = `svc${s}`;
    services.push({
      namespace: 'ns', name, type: 'ClusterIP', headless: false, clusterIPs: [`10.96.0.${10 + s}`], ipFamilies: ['IPv4'],
      ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080 }], selector: { app: name }, externalIPs: [],
      loadBalancerIngress: [], loadBalancerSourceRanges: [], externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster',
      sessionAffinitySeconds: null, publishNotReadyAddresses: false, topologyModeAuto: false, annotations: {}, implicit: false,
    });
    // Addresses given in numeric order (1.x, 9.x, 10.x, 100.x, ...): the text must list them in string order.
    const endpoints = Array.from({ length: endpointsPerService }, (_, e) => ({ addresses: [ip(((1 + (e % 7) * 33) << 24) + (s << 16) + e)], ready: true, serving: true, terminating: false, nodeName: 'n1' }));
    slices.set(`ns/${name}`, [{ namespace: 'ns', serviceName: name, name: `${name}-a`, addressType: 'IPv4', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }], endpoints, origin: 'manifest' }]);
  }
  return { clusterDomain: 'cluster.local', serviceCIDRs: ['10.96.0.0/12'], dnsIP: '10.96.0.10', services, slices, nodes, issues: [] };
}

const config = { ...DEFAULT_KUBE_PROXY_CONFIG, clusterCIDRs: ['10.0.0.0/8'] };

describe('iptables-save of a large cluster (bytes)', () => {
  const cat = catalog(600);
  const state = buildProxyState(cat, 4);
  const text = [...iptablesSaveText(planNode(state, cat.nodes[0]!, config))].join('');
  const lines = text.split('\n');

  it('writes kube-proxy\'s large-cluster rules, endpoints in ip:port string order', () => {
    expect(state.largeClusterMode).toBe(true);
    const sp = state.ports[0]!;
    const sorted = cat.slices.get('ns/svc0')![0]!.endpoints.map((e) => `${e.addresses[0]}:8080`).sort();
    expect(sp.endpoints.map((e) => e.endpoint)).toEqual(sorted);
    const svcRules = lines.filter((l) => l.startsWith(`-A KUBE-SVC-${sp.hash} -m statistic`) || l.startsWith(`-A KUBE-SVC-${sp.hash} -j`));
    expect(svcRules).toHaveLength(600);
    sorted.forEach((endpoint, i) => {
      const chain = endpointChainName('ns/svc0:http', 'tcp', endpoint);
      const probability = i < 599 ? ` -m statistic --mode random --probability ${(1 / (600 - i)).toFixed(10)}` : '';
      expect(svcRules[i]).toBe(`-A KUBE-SVC-${sp.hash}${probability} -j ${chain}`);
      expect(lines).toContain(`:${chain} - [0:0]`);
      const ipOnly = endpoint.slice(0, endpoint.indexOf(':'));
      const at = lines.indexOf(`-A ${chain} -s ${ipOnly} -j KUBE-MARK-MASQ`);
      expect(at).toBeGreaterThan(0);
      expect(lines[at + 1]).toBe(`-A ${chain} -m tcp -p tcp -j DNAT --to-destination ${endpoint}`);
    });
    expect(text).not.toContain(' -> ');
  });

  it('gives the same chain names through the endpoints (traces) before and after a ruleset hashed them', () => {
    const fresh = buildProxyState(cat, 4);
    const before = fresh.ports[1]!.endpoints.map((e) => e.chain);
    const after = state.ports[1]!.endpoints.map((e) => e.chain);
    expect(after).toEqual(before);
    expect(before[0]).toBe(endpointChainName('ns/svc1:http', 'tcp', fresh.ports[1]!.endpoints[0]!.endpoint));
  });

  it('yields UTF-8 chunks of whole lines that decode to the text', () => {
    const chunks = [...iptablesSaveBytes(planNode(state, cat.nodes[0]!, config))].map((c) => c.slice());
    for (const c of chunks) expect(c[c.length - 1]).toBe(10);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(text);
  });

  it('writes every node from scratch: the same text twice, and a fresh state gives the same', () => {
    expect([...iptablesSaveText(planNode(state, cat.nodes[0]!, config))].join('')).toBe(text);
    expect([...iptablesSaveText(planNode(buildProxyState(cat, 4), cat.nodes[0]!, config))].join('')).toBe(text);
  });
});
