// temporary: nftables/ipvs outputs over varied catalogs, for old-vs-new comparison
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { buildProxyState, DEFAULT_KUBE_PROXY_CONFIG, kubeProxyRulesetBytes, type EndpointSliceInfo, type ProxyNode, type ServiceCatalog, type ServiceInfo } from '@podnet/netsim';
const out = process.argv[2]!;
function rng(seed: number) { let a = seed; return () => { a = (a + 0x6d2b79f5) | 0; let t = Math.imul(a ^ (a >>> 15), 1 | a); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0); }; }
const ip4 = (n: number) => `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
function catalog(seed: number): ServiceCatalog {
  const r = rng(seed);
  const pick = <T,>(xs: readonly T[]) => xs[r() % xs.length]!;
  const nodes: ProxyNode[] = Array.from({ length: 4 }, (_, i) => ({ name: `n${i}`, addresses: [`192.168.0.${10 + i}`, `fd00::${10 + i}`], labels: {}, zone: `z${i % 2}`, podCIDRs: [] }));
  const services: ServiceInfo[] = [];
  const slices = new Map<string, EndpointSliceInfo[]>();
  for (let s = 0; s < 40; s++) {
    const name = `svc${s}${'x'.repeat(r() % 30)}`;
    const namespace = pick(['default', 'ns-a', 'a-very-long-namespace-name-for-testing']);
    const type = pick(['ClusterIP', 'NodePort', 'LoadBalancer'] as const);
    const dual = r() % 4 === 0;
    const ports = Array.from({ length: 1 + (r() % 3) }, (_, k) => ({ name: k === 0 && r() % 3 === 0 ? '' : `p${k}`, protocol: pick(['TCP', 'UDP', 'SCTP'] as const), port: 80 + k, targetPort: 8080 + k, ...(type !== 'ClusterIP' ? { nodePort: 30000 + s * 3 + k } : {}) }));
    services.push({ namespace, name, type, headless: false, clusterIPs: dual ? [ip4(0x0a600000 + 10 + s), `fd00:96::${s + 10}`] : [ip4(0x0a600000 + 10 + s)], ipFamilies: dual ? ['IPv4', 'IPv6'] : ['IPv4'], ports, selector: { app: name },
      externalIPs: r() % 5 === 0 ? [ip4(0xc6336400 + s)] : [], loadBalancerIngress: type === 'LoadBalancer' && r() % 2 === 0 ? [{ ip: ip4(0xcb007100 + s), ipMode: 'VIP' } as never] : [],
      loadBalancerSourceRanges: type === 'LoadBalancer' && r() % 3 === 0 ? ['10.0.0.0/8', '172.16.0.0/12'] : [], externalTrafficPolicy: r() % 3 === 0 ? 'Local' : 'Cluster', internalTrafficPolicy: r() % 5 === 0 ? 'Local' : 'Cluster',
      ...(type === 'LoadBalancer' ? { healthCheckNodePort: 32000 + s } : {}), sessionAffinitySeconds: r() % 4 === 0 ? 10800 : null, publishNotReadyAddresses: false, topologyModeAuto: false, annotations: {}, implicit: false });
    const mk = (v6: boolean) => Array.from({ length: r() % 12 }, () => ({ addresses: [v6 ? `fd00:10::${(r() % 65535).toString(16)}` : ip4((10 << 24) + (r() % (1 << 20)))], ready: r() % 7 !== 0, serving: true, terminating: r() % 9 === 0, nodeName: `n${r() % 4}`, zone: `z${r() % 2}`, ...(r() % 6 === 0 ? { hints: { forZones: [`z${r() % 2}`], forNodes: [] } } : {}) }));
    const slicePorts = ports.map((p) => ({ name: p.name, port: p.targetPort, protocol: p.protocol }));
    const list: EndpointSliceInfo[] = [{ namespace, serviceName: name, name: `${name}-a`, addressType: 'IPv4', ports: slicePorts, endpoints: mk(false), origin: 'manifest' }];
    if (dual) list.push({ namespace, serviceName: name, name: `${name}-b`, addressType: 'IPv6', ports: slicePorts, endpoints: mk(true), origin: 'manifest' });
    slices.set(`${namespace}/${name}`, list);
  }
  return { clusterDomain: 'cluster.local', serviceCIDRs: ['10.96.0.0/12', 'fd00:96::/112'], dnsIP: '10.96.0.10', services, slices, nodes, issues: [] };
}
const lines: string[] = [];
for (let seed = 1; seed <= 30; seed++) {
  const cat = catalog(seed);
  for (const family of [4, 6] as const) {
    const state = buildProxyState(cat, family);
    for (const node of cat.nodes.slice(0, 2)) for (const mode of ['nftables', 'ipvs'] as const) for (const cfg of [{ ...DEFAULT_KUBE_PROXY_CONFIG, clusterCIDRs: ['10.0.0.0/8', 'fd00:10::/64'] }, { ...DEFAULT_KUBE_PROXY_CONFIG, clusterCIDRs: [], masqueradeAll: true, ipvsScheduler: 'lc', randomFully: true }]) {
      const h = createHash('sha256');
      let text = '';
      for (const c of kubeProxyRulesetBytes(mode, state, node, cfg as never, cat.serviceCIDRs)) { h.update(c); if (seed === 1) text += Buffer.from(c).toString(); }
      lines.push(`${seed} ${family} ${node.name} ${mode} ${cfg.ipvsScheduler} ${h.digest('hex')}`);
      if (seed === 1) writeFileSync(`${out}-${family}-${node.name}-${mode}-${cfg.ipvsScheduler}.txt`, text);
    }
  }
}
writeFileSync(`${out}.sums`, lines.join('\n') + '\n');
console.log(lines.length, 'outputs');
