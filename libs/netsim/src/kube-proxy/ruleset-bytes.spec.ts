import { afterEach, describe, expect, it } from 'vitest';
import { dotted, proxyCatalog, readyEndpoint, serviceInfo } from '../../test/support/proxy-catalog';
import type { EndpointSliceInfo, ServiceInfo } from '../services/types';
import { kubeProxyRulesetBytes } from './backend';
import { nftEndpointChain } from './nftables/nft-ruleset';
import { DEFAULT_KUBE_PROXY_CONFIG } from './config';
import { planNode } from './plan';
import { buildProxyState } from './service-ports';
import { useSimdHashing } from './sha256-simd';

// The nftables and ipvs writers write a service port's endpoints from its table's numbers when the categories are the
// whole table (IPv4, Cluster policies, every endpoint ready), and from endpoint objects otherwise. Both must print
// what kube-proxy does per endpoint (pkg/proxy/nftables/proxier.go: `numgen random mod N vmap`, one
// `endpoint-<hash>-<ns>/<svc>/<proto>/<port>__<ip>/<port>` chain each; pkg/proxy/ipvs: one real server
// `-a ... -r ip:port -m -w 1` each, and KUBE-LOOP-BACK `ip,proto:port,ip`), here derived from the endpoint objects.
const nodes = [{ name: 'n1', addresses: ['192.168.0.10'], labels: {}, podCIDRs: [] }];
const services: ServiceInfo[] = [];
const slices: EndpointSliceInfo[] = [];
for (let s = 0; s < 12; s++) {
  // Short names (the numeric path), one name too long for one SHA-256 block, one with ClientIP affinity.
  const name = s === 5 ? `svc-${'long'.repeat(10)}` : `svc${s}`;
  services.push(serviceInfo('ns', name, { clusterIPs: [dotted(0x0a600000 + 10 + s)], ports: [{ name: s % 2 ? 'http' : '', protocol: s % 3 ? 'TCP' : 'UDP', port: 80, targetPort: 8080 }], sessionAffinitySeconds: s === 7 ? 10800 : null }));
  const endpoints = Array.from({ length: 1 + ((s * 5) % 11) }, (_, e) => readyEndpoint(dotted(((1 + ((s + e) % 9) * 29) << 24) + (s << 8) + e), 'n1'));
  slices.push({ namespace: 'ns', serviceName: name, name: `${name}-a`, addressType: 'IPv4', ports: [{ name: s % 2 ? 'http' : '', port: 8080 + (s % 3), protocol: s % 3 ? 'TCP' : 'UDP' }], endpoints, origin: 'manifest' });
}
const catalog = proxyCatalog(nodes, services, slices);
const config = { ...DEFAULT_KUBE_PROXY_CONFIG, clusterCIDRs: ['10.0.0.0/8'] };
const text = (mode: 'nftables' | 'ipvs') => {
  const state = buildProxyState(catalog, 4);
  return [...kubeProxyRulesetBytes(mode, state, nodes[0]!, config, catalog.serviceCIDRs)].map((c) => Buffer.from(c).toString()).join('');
};

afterEach(() => useSimdHashing(true));

describe('nftables and ipvs rulesets written from endpoint tables', () => {
  it('nftables: the same text with and without the numeric path; every endpoint dispatched and chained by its name', () => {
    const numeric = text('nftables');
    useSimdHashing(false); // no name hashes: every endpoint from its object
    expect(numeric).toBe(text('nftables'));
    useSimdHashing(true);
    const state = buildProxyState(catalog, 4);
    const plan = planNode(state, nodes[0]!, config);
    for (const sp of plan.ports) {
      const names = sp.sp.endpoints.map((ep) => nftEndpointChain(sp, ep));
      expect(numeric).toContain(`\t\tnumgen random mod ${names.length} vmap { ${names.map((n, i) => `${i} : goto ${n}`).join(' , ')} }\n`);
      sp.sp.endpoints.forEach((ep, i) => expect(numeric).toContain(`\tchain ${names[i]} {\n\t\tip saddr ${ep.ip} jump mark-for-masquerade\n`));
    }
  });

  it('ipvs: one real server and one loop-back entry per endpoint, in the endpoints\' order', () => {
    const out = text('ipvs');
    const state = buildProxyState(catalog, 4);
    for (const sp of state.ports) {
      const vip = `${sp.clusterIP}:${sp.port.port}`;
      const flag = sp.protocol === 'tcp' ? '-t' : '-u';
      expect(out).toContain(`-A ${flag} ${vip} -s rr${sp.service.sessionAffinitySeconds !== null ? ' -p 10800' : ''}\n${sp.endpoints.map((ep) => `-a ${flag} ${vip} -r ${ep.endpoint} -m -w 1\n`).join('')}`);
      expect(out).toContain(sp.endpoints.map((ep) => `add KUBE-LOOP-BACK ${ep.ip},${sp.protocol}:${ep.port},${ep.ip} comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose"\n`).join(''));
    }
  });
});
