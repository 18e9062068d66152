import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '@podnet/contracts';
import { buildClusterModel, createServiceStage, createTracer, type TraceResult } from '../../src';
import { inventoryOf } from '../support/services-conformance';

// Traces through Services (issue 5 "Traces end to end"), with the behaviour of kube-proxy's iptables mode
// (shared/docs/kube-proxy.md §4, §11: DNAT in the first node's PREROUTING, no SNAT for pod -> ClusterIP,
// always SNAT for NodePort with externalTrafficPolicy Cluster, DROP for Local without local endpoints) and
// cluster DNS search lists (shared/docs/dns.md §3).
function cluster(extra: Record<string, unknown>[] = [], webSpec: Record<string, unknown> = {}) {
  const node = (name: string, ip: string, cidr: string) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: { podCIDR: cidr }, status: { addresses: [{ type: 'InternalIP', address: ip }] } });
  const pod = (name: string, nodeName: string, ip: string, labels: Record<string, string>) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels },
    spec: { nodeName, containers: [{ name: 'c', ports: [{ name: 'http', containerPort: 8080 }] }] },
    status: { phase: 'Running', podIP: ip, conditions: [{ type: 'Ready', status: 'True' }] },
  });
  const inventory = inventoryOf([
    node('node-a', '10.0.1.10', '10.244.0.0/24'),
    node('node-b', '10.0.1.11', '10.244.1.0/24'),
    pod('client', 'node-a', '10.244.0.9', { app: 'client' }),
    pod('web-1', 'node-b', '10.244.1.5', { app: 'web' }),
    pod('web-2', 'node-b', '10.244.1.6', { app: 'web' }),
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { type: 'NodePort', clusterIP: '10.96.0.50', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort: 30080 }], ...webSpec } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'empty', namespace: 'default' }, spec: { clusterIP: '10.96.0.51', selector: { app: 'none' }, ports: [{ port: 80 }] } },
    ...extra,
  ]);
  const model = buildClusterModel(inventory);
  const tracer = createTracer(model, { service: createServiceStage(model, inventory) });
  return (from: string, to: string, seed = 0): TraceResult => tracer.trace({ from, to, seed });
}

const actions = (r: TraceResult) => r.hops.map((h) => h.action);

describe('traces through Services', () => {
  it('pod -> ns/svc:port: DNAT to one of the endpoints in the first node, source kept', () => {
    const r = cluster()('default/client', 'default/web:80');
    expect(r.verdict).toBe('delivered');
    expect(['default/web-1', 'default/web-2']).toContain(r.endpoint);
    const dnat = r.hops.find((h) => h.action === 'dnat')!;
    expect(dnat.at).toBe('node/node-a');
    expect(dnat.detail).toContain('10.244.1.5:8080 on node-b p=0.5000');
    expect(dnat.detail).toContain('10.244.1.6:8080 on node-b p=0.5000');
    expect(actions(r)).not.toContain('snat');
    expect(r.hops.at(-1)?.packet.src).toBe('10.244.0.9');
  });

  it('chooses deterministically for a seed, and both endpoints over seeds', () => {
    const trace = cluster();
    expect(trace('default/client', 'default/web:80', 3).endpoint).toBe(trace('default/client', 'default/web:80', 3).endpoint);
    expect(new Set(Array.from({ length: 20 }, (_, s) => trace('default/client', 'default/web:80', s).endpoint)).size).toBe(2);
  });

  it('resolves a short DNS name through the pod search list (the queries are a hop)', () => {
    const r = cluster()('default/client', 'web.default:80');
    expect(r.verdict).toBe('delivered');
    expect(r.hops[0]?.detail).toContain('sent web.default.default.svc.cluster.local., web.default.svc.cluster.local.; NOERROR A 10.96.0.50');
  });

  it('is unresolved for a name that does not exist', () => {
    const r = cluster()('default/client', 'nosuch:80');
    expect(r.verdict).toBe('unresolved');
    expect(r.reason).toContain('NXDOMAIN');
  });

  it('rejects a Service without endpoints (REJECT, not a timeout)', () => {
    expect(cluster()('default/client', 'default/empty:80').verdict).toBe('rejected');
  });

  it('external -> NODE_IP:NODEPORT with externalTrafficPolicy Cluster: DNAT and SNAT to the node', () => {
    const r = cluster()('external:10.0.9.9', '10.0.1.10:30080');
    expect(r.verdict).toBe('delivered');
    expect(actions(r)).toContain('snat');
    expect(r.hops.at(-1)?.packet.src).toBe('10.0.1.10');
  });

  it('externalTrafficPolicy Local: the client IP is kept on a node with endpoints, dropped on one without', () => {
    const trace = cluster([], { externalTrafficPolicy: 'Local' });
    const kept = trace('external:10.0.9.9', '10.0.1.11:30080');
    expect(kept.verdict).toBe('delivered');
    expect(kept.hops.at(-1)?.packet.src).toBe('10.0.9.9');
    expect(trace('external:10.0.9.9', '10.0.1.10:30080').verdict).toBe('dropped');
  });
});

describe('the health-check NodePort (LoadBalancer with externalTrafficPolicy Local)', () => {
  // kubernetes pkg/proxy/healthcheck/service_health.go: 200 with local endpoints, 503 without (kube-proxy.md §8).
  const lb = [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'lb', namespace: 'default' }, spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 32100, clusterIP: '10.96.0.60', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort: 30090 }] } }];
  it('answers 200 on a node with local endpoints and 503 on one without', () => {
    const trace = cluster(lb);
    const ok = trace('external:10.0.9.9', '10.0.1.11:32100');
    expect(ok.verdict).toBe('delivered');
    expect(ok.reason).toContain('200');
    expect(trace('external:10.0.9.9', '10.0.1.10:32100').reason).toContain('503');
  });
});

describe('http://host/path from outside (examples/eks-vpc-cni: ingress-nginx behind an NLB with IP targets)', () => {
  // AWS Load Balancer Controller docs: NLB IP targets send to pod IPs directly; ingress-nginx terminates HTTP and
  // proxies to the backend's endpoints in a second connection.
  it('reaches the ingress-nginx controller pod through the NLB, and names the backend endpoint it proxies to', () => {
    const root = new URL('../../../../', import.meta.url).pathname;
    const design = `${root}examples/eks-vpc-cni/design.yaml`;
    const inventory = loadInputs([{ name: design, text: readFileSync(design, 'utf8') }], { resolveFile: (p) => ({ name: p, text: readFileSync(`${root}examples/eks-vpc-cni/${p}`, 'utf8') }) });
    const model = buildClusterModel(inventory);
    const r = createTracer(model, { service: createServiceStage(model, inventory) }).trace({ from: 'external', to: 'http://shop.example.com/', seed: 0 });
    expect(r.verdict).toBe('delivered');
    expect(r.endpoint).toMatch(/^ingress-nginx\/ingress-nginx-controller-/);
    expect(r.hops[0]?.detail).toContain('Ingress shop/shop routes to Service shop/frontend:http');
    expect(r.hops.some((h) => h.detail.includes('AWS NLB (ip targets'))).toBe(true);
  });
});

describe('kube-proxy mode differences in traces (virtual-ips.md, kube-proxy.md §9-§10)', () => {
  function withMode(mode: string) {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-proxy', namespace: 'kube-system' }, data: { 'config.conf': `mode: "${mode}"\nclusterCIDR: 10.244.0.0/16\n` } };
    return cluster([cm]);
  }
  it('iptables: an unused port of a ClusterIP is silently lost; nftables rejects it; IPVS answers RST from kube-ipvs0', () => {
    expect(withMode('iptables')('default/client', '10.96.0.50:81').verdict).toBe('dropped');
    expect(withMode('nftables')('default/client', '10.96.0.50:81').verdict).toBe('rejected');
    expect(withMode('ipvs')('default/client', '10.96.0.50:81').verdict).toBe('rejected');
  });
  it('IPVS answers ping to a ClusterIP; iptables does not', () => {
    expect(withMode('ipvs')('default/client', '10.96.0.50').verdict).toBe('delivered');
    expect(withMode('iptables')('default/client', '10.96.0.50').verdict).toBe('dropped');
  });
});
