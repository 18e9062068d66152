import { describe, expect, it } from 'vitest';
import { buildProxyState, buildServiceCatalog, DEFAULT_KUBE_PROXY_CONFIG, nftablesLines, planNode } from '../../src';
import { inventoryOf } from '../support/services-conformance';

// Golden: kube-proxy's nftables unit-test expectations for ns1/svc1:p80 (ClusterIP 172.30.0.41, one endpoint
// 10.180.0.1:80, cluster CIDR 10.0.0.0/8), kubernetes pkg/proxy/nftables/proxier_test.go:
//   add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 ip daddr 172.30.0.41 tcp dport 80 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
//   add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 }
//   add rule ip kube-proxy endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 ip saddr 10.180.0.1 jump mark-for-masquerade
//   add rule ip kube-proxy endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 meta l4proto tcp dnat to 10.180.0.1:80
//   add element ip kube-proxy service-ips { 172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80 }
const EXPECTED: Record<string, string[]> = {
  'service-ULMVA6XW-ns1/svc1/tcp/p80': [
    'ip daddr 172.30.0.41 tcp dport 80 ip saddr != 10.0.0.0/8 jump mark-for-masquerade',
    'numgen random mod 1 vmap { 0 : goto endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 }',
  ],
  'endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80': ['ip saddr 10.180.0.1 jump mark-for-masquerade', 'meta l4proto tcp dnat to 10.180.0.1:80'],
};

describe('golden: kube-proxy nftables rules for ns1/svc1:p80 (kube-proxy unit-test expectations)', () => {
  const catalog = buildServiceCatalog(
    inventoryOf([
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node1' }, status: { addresses: [{ type: 'InternalIP', address: '192.168.0.2' }] } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc1', namespace: 'ns1' }, spec: { clusterIP: '172.30.0.41', ports: [{ name: 'p80', port: 80, protocol: 'TCP' }] } },
      { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'svc1-1', namespace: 'ns1', labels: { 'kubernetes.io/service-name': 'svc1' } }, addressType: 'IPv4', ports: [{ name: 'p80', port: 80, protocol: 'TCP' }], endpoints: [{ addresses: ['10.180.0.1'] }] },
    ]),
  );
  const lines = [...nftablesLines(planNode(buildProxyState(catalog, 4), catalog.nodes[0]!, { ...DEFAULT_KUBE_PROXY_CONFIG, clusterCIDRs: ['10.0.0.0/8'] }), ['172.30.0.0/16'])];

  /** The rules of `chain NAME { ... }` in the nft -f text. */
  function chain(name: string): string[] {
    const start = lines.indexOf(`\tchain ${name} {`);
    if (start < 0) return [];
    const end = lines.indexOf('\t}', start);
    return lines.slice(start + 1, end).map((l) => l.trim());
  }

  it('names chains and writes rules as kube-proxy does', () => {
    for (const [name, rules] of Object.entries(EXPECTED)) expect(chain(name)).toEqual(rules);
  });

  it('maps the ClusterIP to the service chain in service-ips', () => {
    expect(lines.join('\n')).toContain('elements = { 172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80 }');
  });
});
