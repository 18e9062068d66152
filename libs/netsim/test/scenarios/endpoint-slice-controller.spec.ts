import { describe, expect, it } from 'vitest';
import { awsLoadBalancerInfo, buildServiceCatalog, type ServiceCatalog } from '../../src';
import { inventoryOf } from '../support/services-conformance';

// Expected values: kubernetes pkg/controller/endpointslice podToEndpoint / ShouldSetHostname and
// kubernetes/website dns-pod-service.md (hostname + subdomain), as summarised in shared/docs/dns.md §2.2.
function pod(name: string, opts: { ready?: boolean; ip?: string; hostname?: string; subdomain?: string; deleting?: boolean; phase?: string; ports?: { name: string; containerPort: number }[] } = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: 'db' }, ...(opts.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
    spec: { containers: [{ name: 'c', ports: opts.ports ?? [{ name: 'sql', containerPort: 5432 }] }], nodeName: 'n1', ...(opts.hostname ? { hostname: opts.hostname } : {}), ...(opts.subdomain ? { subdomain: opts.subdomain } : {}) },
    status: { phase: opts.phase ?? 'Running', ...(opts.ip ? { podIP: opts.ip } : {}), conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True' }] },
  };
}

function endpoints(catalog: ServiceCatalog) {
  return (catalog.slices.get('default/db') ?? []).flatMap((s) => s.endpoints.map((e) => ({ ip: e.addresses[0], ready: e.ready, serving: e.serving, terminating: e.terminating, hostname: e.hostname ?? null, port: s.ports[0]?.port })));
}

const svc = (extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: 'default' }, spec: { clusterIP: 'None', selector: { app: 'db' }, ports: [{ name: 'sql', port: 5432, targetPort: 'sql' }], ...extra } });

describe('EndpointSlices built from a selector, as the EndpointSlice controller builds them', () => {
  it('sets ready/serving/terminating from pod readiness and deletion, skips pods without IP or finished', () => {
    const catalog = buildServiceCatalog(
      inventoryOf([
        svc(),
        pod('a', { ip: '10.0.0.1' }),
        pod('b', { ip: '10.0.0.2', ready: false }),
        pod('c', { ip: '10.0.0.3', deleting: true }),
        pod('d'),
        pod('e', { ip: '10.0.0.5', phase: 'Succeeded' }),
      ]),
    );
    expect(endpoints(catalog)).toEqual([
      { ip: '10.0.0.1', ready: true, serving: true, terminating: false, hostname: null, port: 5432 },
      { ip: '10.0.0.2', ready: false, serving: false, terminating: false, hostname: null, port: 5432 },
      { ip: '10.0.0.3', ready: false, serving: true, terminating: true, hostname: null, port: 5432 },
    ]);
  });

  it('publishNotReadyAddresses makes every endpoint ready', () => {
    const catalog = buildServiceCatalog(inventoryOf([svc({ publishNotReadyAddresses: true }), pod('b', { ip: '10.0.0.2', ready: false })]));
    expect(endpoints(catalog)[0]?.ready).toBe(true);
  });

  it('copies spec.hostname only when spec.subdomain names the Service', () => {
    const catalog = buildServiceCatalog(inventoryOf([svc(), pod('a', { ip: '10.0.0.1', hostname: 'db-0', subdomain: 'db' }), pod('b', { ip: '10.0.0.2', hostname: 'db-1', subdomain: 'other' })]));
    expect(endpoints(catalog).map((e) => e.hostname)).toEqual(['db-0', null]);
  });

  it('resolves a named targetPort per pod', () => {
    const catalog = buildServiceCatalog(inventoryOf([svc(), pod('a', { ip: '10.0.0.1', ports: [{ name: 'sql', containerPort: 6432 }] })]));
    expect(endpoints(catalog)[0]?.port).toBe(6432);
  });

  it('never mutates its input', () => {
    const inventory = inventoryOf([svc(), pod('a', { ip: '10.0.0.1' })]);
    const before = JSON.stringify(inventory.services) + JSON.stringify(inventory.pods);
    buildServiceCatalog(inventory);
    expect(JSON.stringify(inventory.services) + JSON.stringify(inventory.pods)).toBe(before);
  });
});

describe('AWS load balancers (AWS Load Balancer Controller docs: NLB target types and client IP preservation)', () => {
  it('NLB instance targets with eTP Cluster: kube-proxy masquerades, the client IP is lost', () => {
    const info = awsLoadBalancerInfo({ 'service.beta.kubernetes.io/aws-load-balancer-type': 'external' }, undefined, 'Cluster');
    expect(info).toMatchObject({ kind: 'nlb', targetType: 'instance', clientIpPreserved: false });
  });
  it('NLB instance targets with eTP Local keep the client IP', () => {
    expect(awsLoadBalancerInfo({ 'service.beta.kubernetes.io/aws-load-balancer-type': 'external' }, undefined, 'Local').clientIpPreserved).toBe(true);
  });
  it('NLB IP targets go straight to pods; preserve_client_ip is off by default for TCP', () => {
    const ip = { 'service.beta.kubernetes.io/aws-load-balancer-type': 'external', 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip' };
    expect(awsLoadBalancerInfo(ip, undefined, 'Cluster')).toMatchObject({ targetType: 'ip', clientIpPreserved: false });
    expect(awsLoadBalancerInfo({ ...ip, 'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes': 'preserve_client_ip.enabled=true' }, undefined, 'Cluster').clientIpPreserved).toBe(true);
  });
  it('a Service without annotations gets an in-tree Classic LB, a proxy', () => {
    expect(awsLoadBalancerInfo({}, undefined, 'Local')).toMatchObject({ kind: 'clb', targetType: 'instance', clientIpPreserved: false });
  });
});

describe('trafficDistribution hints (EndpointSlice controller, service-traffic-distribution.md)', () => {
  it('PreferClose gives each ready endpoint a hint for its own zone', () => {
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', labels: { 'topology.kubernetes.io/zone': 'z1' } } };
    const catalog = buildServiceCatalog(inventoryOf([node, svc({ clusterIP: '10.96.0.9', trafficDistribution: 'PreferClose' }), pod('a', { ip: '10.0.0.1' }), pod('b', { ip: '10.0.0.2', ready: false })]));
    const eps = (catalog.slices.get('default/db') ?? []).flatMap((s) => s.endpoints);
    expect(eps.map((e) => e.hints?.forZones ?? null)).toEqual([['z1'], null]);
  });
});
