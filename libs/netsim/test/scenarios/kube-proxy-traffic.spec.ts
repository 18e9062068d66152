import { describe, expect, it } from 'vitest';
import {
  buildProxyState,
  candidateList,
  buildServiceCatalog,
  decideService,
  DEFAULT_KUBE_PROXY_CONFIG,
  findServiceByDestination,
  indexServices,
  iptablesSaveLines,
  planNode,
  type KubeProxyConfig,
  type ServiceCatalog,
} from '../../src';
import { inventoryOf } from '../support/services-conformance';

// Each expectation is a rule of kube-proxy's iptables proxier (kubernetes pkg/proxy/iptables/proxier.go,
// pkg/proxy/topology.go CategorizeEndpoints) as summarised in shared/docs/kube-proxy.md §4-§6 and
// kubernetes/website virtual-ips.md ("Traffic policies", "Terminating endpoints", "Session affinity").
const config: KubeProxyConfig = { ...DEFAULT_KUBE_PROXY_CONFIG, clusterCIDRs: ['10.244.0.0/16'] };

interface Ep {
  ip: string;
  node: string;
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
  zone?: string;
  hint?: string;
}

function cluster(spec: Record<string, unknown>, endpoints: Ep[]): ServiceCatalog {
  const nodes = ['node-a', 'node-b'].map((name, i) => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'topology.kubernetes.io/zone': i === 0 ? 'zone-a' : 'zone-b' } },
    status: { addresses: [{ type: 'InternalIP', address: `192.168.0.${10 + i}` }] },
  }));
  return buildServiceCatalog(
    inventoryOf([
      ...nodes,
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { clusterIP: '10.96.0.20', ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }], ...spec } },
      {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name: 'web-1', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } },
        addressType: 'IPv4',
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
        endpoints: endpoints.map((e) => ({
          addresses: [e.ip],
          nodeName: e.node,
          conditions: { ready: e.ready ?? true, serving: e.serving ?? e.ready ?? true, terminating: e.terminating ?? false },
          ...(e.zone ? { zone: e.zone } : {}),
          ...(e.hint ? { hints: { forZones: [{ name: e.hint }] } } : {}),
        })),
      },
    ]),
  );
}

function decide(catalog: ServiceCatalog, nodeName: string, dst: { ip: string; port: number; local?: boolean }, src: { ip: string; node?: boolean }, seed = 1) {
  const state = buildProxyState(catalog, 4);
  const hit = findServiceByDestination(indexServices(state), dst.ip, 'tcp', dst.port, dst.local ?? false)!;
  const node = catalog.nodes.find((n) => n.name === nodeName)!;
  return decideService(hit.sp, hit.access, node, config, { sourceIp: src.ip, sourceIsNode: src.node ?? false, seed });
}

const two: Ep[] = [
  { ip: '10.244.0.5', node: 'node-a' },
  { ip: '10.244.1.5', node: 'node-b' },
];

describe('ClusterIP traffic', () => {
  it('DNATs pod traffic without SNAT, each endpoint with probability 1/n', () => {
    const d = decide(cluster({}, two), 'node-a', { ip: '10.96.0.20', port: 80 }, { ip: '10.244.0.9' });
    expect(d.verdict).toBe('dnat');
    expect(d.masquerade).toBe(false);
    expect(candidateList(d).map((c) => [c.endpoint, c.probability, c.ruleProbability])).toEqual([
      ['10.244.0.5:8080', 0.5, 0.5],
      ['10.244.1.5:8080', 0.5, 1],
    ]);
  });

  it('masquerades a source outside the cluster CIDR (a node process)', () => {
    expect(decide(cluster({}, two), 'node-a', { ip: '10.96.0.20', port: 80 }, { ip: '192.168.0.10', node: true }).masquerade).toBe(true);
  });

  it('masquerades a hairpin (the pod reaches itself through its Service)', () => {
    const one: Ep[] = [{ ip: '10.244.0.5', node: 'node-a' }];
    const d = decide(cluster({}, one), 'node-a', { ip: '10.96.0.20', port: 80 }, { ip: '10.244.0.5' });
    expect(d.masquerade).toBe(true);
    expect(d.masqueradeReason).toContain('hairpin');
  });

  it('REJECTs when there are no endpoints at all', () => {
    const d = decide(cluster({}, []), 'node-a', { ip: '10.96.0.20', port: 80 }, { ip: '10.244.0.9' });
    expect(d.verdict).toBe('reject');
  });

  it('internalTrafficPolicy Local DROPs on a node without local endpoints even when remote ones exist', () => {
    const remote: Ep[] = [{ ip: '10.244.1.5', node: 'node-b' }];
    const c = cluster({ internalTrafficPolicy: 'Local' }, remote);
    expect(decide(c, 'node-a', { ip: '10.96.0.20', port: 80 }, { ip: '10.244.0.9' }).verdict).toBe('drop');
    expect(decide(c, 'node-b', { ip: '10.96.0.20', port: 80 }, { ip: '10.244.1.9' }).chosen?.ip).toBe('10.244.1.5');
  });

  it('uses serving terminating endpoints only when no endpoint is ready, never not-serving ones', () => {
    const eps: Ep[] = [
      { ip: '10.244.0.5', node: 'node-a', ready: false, serving: true, terminating: true },
      { ip: '10.244.1.5', node: 'node-b', ready: false, serving: false, terminating: true },
    ];
    const d = decide(cluster({}, eps), 'node-a', { ip: '10.96.0.20', port: 80 }, { ip: '10.244.0.9' });
    expect(d.candidates.map((c) => c.ip)).toEqual(['10.244.0.5']);
    expect(d.usedTerminating).toBe(true);
    const mixed = decide(cluster({}, [...eps, { ip: '10.244.1.6', node: 'node-b' }]), 'node-a', { ip: '10.96.0.20', port: 80 }, { ip: '10.244.0.9' });
    expect(mixed.candidates.map((c) => c.ip)).toEqual(['10.244.1.6']);
  });

  it('chooses the same endpoint for the same seed, and every endpoint for some seed', () => {
    const three: Ep[] = [...two, { ip: '10.244.1.6', node: 'node-b' }];
    const c = cluster({}, three);
    const pick = (seed: number) => decide(c, 'node-a', { ip: '10.96.0.20', port: 80 }, { ip: '10.244.0.9' }, seed).chosen?.ip;
    expect(pick(7)).toBe(pick(7));
    expect(new Set(Array.from({ length: 40 }, (_, s) => pick(s))).size).toBe(3);
  });
});

describe('topology hints (trafficDistribution PreferClose / PreferSameZone)', () => {
  it('keeps only endpoints hinted for this node\'s zone when every ready endpoint has a hint', () => {
    const eps: Ep[] = [
      { ip: '10.244.0.5', node: 'node-a', zone: 'zone-a', hint: 'zone-a' },
      { ip: '10.244.1.5', node: 'node-b', zone: 'zone-b', hint: 'zone-b' },
    ];
    const d = decide(cluster({}, eps), 'node-a', { ip: '10.96.0.20', port: 80 }, { ip: '10.244.0.9' });
    expect(d.topologyMode).toBe('PreferSameZone');
    expect(d.candidates.map((c) => c.ip)).toEqual(['10.244.0.5']);
  });

  it('ignores hints altogether when one ready endpoint has none (all-or-nothing)', () => {
    const eps: Ep[] = [
      { ip: '10.244.0.5', node: 'node-a', hint: 'zone-a' },
      { ip: '10.244.1.5', node: 'node-b' },
    ];
    const d = decide(cluster({}, eps), 'node-a', { ip: '10.96.0.20', port: 80 }, { ip: '10.244.0.9' });
    expect(d.topologyMode).toBe('');
    expect(d.candidates).toHaveLength(2);
  });
});

describe('NodePort and externalTrafficPolicy', () => {
  it('externalTrafficPolicy Cluster always masquerades and may leave the node', () => {
    const d = decide(cluster({ type: 'NodePort', ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 30080 }] }, two), 'node-a', { ip: '192.168.0.10', port: 30080, local: true }, { ip: '203.0.113.7' });
    expect(d.access).toBe('node-port');
    expect(d.masquerade).toBe(true);
    expect(d.candidates).toHaveLength(2);
  });

  it('externalTrafficPolicy Local keeps the client IP and uses only local endpoints', () => {
    const c = cluster({ type: 'NodePort', externalTrafficPolicy: 'Local', ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 30080 }] }, two);
    const d = decide(c, 'node-a', { ip: '192.168.0.10', port: 30080, local: true }, { ip: '203.0.113.7' });
    expect(d.masquerade).toBe(false);
    expect(d.candidates.map((x) => x.ip)).toEqual(['10.244.0.5']);
    expect(d.chains).toContain(`KUBE-SVL-${d.chains[2]!.slice('KUBE-EXT-'.length)}`);
  });

  it('externalTrafficPolicy Local drops on a node without local endpoints, but short-circuits pod traffic cluster-wide', () => {
    const remote: Ep[] = [{ ip: '10.244.1.5', node: 'node-b' }];
    const c = cluster({ type: 'NodePort', externalTrafficPolicy: 'Local', ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 30080 }] }, remote);
    expect(decide(c, 'node-a', { ip: '192.168.0.10', port: 30080, local: true }, { ip: '203.0.113.7' }).verdict).toBe('drop');
    const fromPod = decide(c, 'node-a', { ip: '192.168.0.10', port: 30080, local: true }, { ip: '10.244.0.9' });
    expect(fromPod.verdict).toBe('dnat');
    expect(fromPod.masquerade).toBe(false);
    const fromNode = decide(c, 'node-a', { ip: '192.168.0.10', port: 30080, local: true }, { ip: '192.168.0.10', node: true });
    expect(fromNode.masquerade).toBe(true);
  });

  it('enforces loadBalancerSourceRanges for the LB IP (KUBE-FW) only', () => {
    const catalog = buildServiceCatalog(
      inventoryOf([
        { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-a' }, status: { addresses: [{ type: 'InternalIP', address: '192.168.0.10' }] } },
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'web', namespace: 'default' },
          spec: { type: 'LoadBalancer', clusterIP: '10.96.0.20', loadBalancerSourceRanges: ['198.51.100.0/24'], ports: [{ name: 'http', port: 80, protocol: 'TCP', nodePort: 30080 }] },
          status: { loadBalancer: { ingress: [{ ip: '203.0.113.50' }] } },
        },
        { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'w', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } }, addressType: 'IPv4', ports: [{ name: 'http', port: 80, protocol: 'TCP' }], endpoints: [{ addresses: ['10.244.0.5'], nodeName: 'node-a' }] },
      ]),
    );
    expect(decide(catalog, 'node-a', { ip: '203.0.113.50', port: 80 }, { ip: '198.51.100.9' }).verdict).toBe('dnat');
    expect(decide(catalog, 'node-a', { ip: '203.0.113.50', port: 80 }, { ip: '192.0.2.1' }).verdict).toBe('drop');
    expect(decide(catalog, 'node-a', { ip: '192.168.0.10', port: 30080, local: true }, { ip: '192.0.2.1' }).verdict).toBe('dnat');
  });
});

describe('iptables rules for the same behaviours', () => {
  function rules(catalog: ServiceCatalog, nodeName: string): string[] {
    return [...iptablesSaveLines(planNode(buildProxyState(catalog, 4), catalog.nodes.find((n) => n.name === nodeName)!, config))];
  }

  it('writes 1/n, 1/(n-1), ... probabilities, the last rule unconditional', () => {
    const four: Ep[] = ['10.244.0.1', '10.244.0.2', '10.244.0.3', '10.244.0.4'].map((ip) => ({ ip, node: 'node-a' }));
    const svc = rules(cluster({}, four), 'node-a').filter((l) => l.startsWith('-A KUBE-SVC-') && l.includes('-> '));
    expect(svc.map((l) => /--probability (\S+)/.exec(l)?.[1] ?? 'last')).toEqual(['0.2500000000', '0.3333333333', '0.5000000000', 'last']);
  });

  it('writes ClientIP affinity checks for every endpoint before the random rules (default 10800 s)', () => {
    const svc = rules(cluster({ sessionAffinity: 'ClientIP' }, two), 'node-a').filter((l) => l.startsWith('-A KUBE-SVC-') && l.includes('->'));
    expect(svc.slice(0, 2).every((l) => l.includes('-m recent') && l.includes('--rcheck --seconds 10800 --reap'))).toBe(true);
    expect(svc.slice(2).every((l) => l.includes('statistic') || !l.includes('recent'))).toBe(true);
  });

  it('DROPs "has no local endpoints" in filter KUBE-SERVICES for internalTrafficPolicy Local', () => {
    const c = cluster({ internalTrafficPolicy: 'Local' }, [{ ip: '10.244.1.5', node: 'node-b' }]);
    expect(rules(c, 'node-a')).toContain('-A KUBE-SERVICES -m comment --comment "default/web:http has no local endpoints" -m tcp -p tcp -d 10.96.0.20 --dport 80 -j DROP');
  });

  it('ACCEPTs the health-check NodePort on every node', () => {
    const catalog = buildServiceCatalog(
      inventoryOf([
        { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-a' }, status: { addresses: [{ type: 'InternalIP', address: '192.168.0.10' }] } },
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 'lb', namespace: 'default' }, spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 32000, clusterIP: '10.96.0.30', ports: [{ port: 80, protocol: 'TCP', nodePort: 30090 }] } },
      ]),
    );
    expect(rules(catalog, 'node-a')).toContain('-A KUBE-NODEPORTS -m comment --comment "default/lb health check node port" -m tcp -p tcp --dport 32000 -j ACCEPT');
  });
});
