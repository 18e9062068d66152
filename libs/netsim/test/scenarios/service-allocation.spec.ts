import { describe, expect, it } from 'vitest';
import { parseIp } from '@podnet/contracts';
import { allocateServices, buildServiceCatalog, clusterIpBands, clusterIpRangeOffset, nodePortBands, nodePortRangeOffset, serviceRequest, type ServiceRequest } from '../../src';
import { inventoryWithDesign } from '../support/services-conformance';

// Expected values: kubernetes pkg/registry/core/service/ipallocator/bitmap.go and portallocator/allocator.go
// (calculateRangeOffset), the band table in kubernetes/website cluster-ip-allocation.md and service.md, as quoted
// in shared/docs/kube-proxy.md §1.
const ipv4 = (n: bigint) => [24, 16, 8, 0].map((s) => Number((n >> BigInt(s)) & 255n)).join('.');

function req(name: string, spec: Record<string, unknown>, namespace = 'default'): ServiceRequest {
  return serviceRequest({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { ports: [{ port: 80, protocol: 'TCP' }], ...spec } } as never);
}

describe('ClusterIP bands (cluster-ip-allocation.md)', () => {
  it.each([
    ['10.96.0.0/24', 16, '10.96.0.1', '10.96.0.16', '10.96.0.17', '10.96.0.254'],
    ['10.96.0.0/20', 256, '10.96.0.1', '10.96.1.0', '10.96.1.1', '10.96.15.254'],
    ['10.96.0.0/16', 256, '10.96.0.1', '10.96.1.0', '10.96.1.1', '10.96.255.254'],
    ['10.96.0.0/12', 256, '10.96.0.1', '10.96.1.0', '10.96.1.1', '10.111.255.254'],
    ['10.96.0.0/27', 16, '10.96.0.1', '10.96.0.16', '10.96.0.17', '10.96.0.30'],
  ])('%s: offset %i, static %s-%s, dynamic %s-%s', (cidr, offset, s1, s2, d1, d2) => {
    expect(clusterIpRangeOffset(cidr)).toBe(offset);
    const bands = clusterIpBands(cidr);
    expect(bands.static && [ipv4(bands.static.first), ipv4(bands.static.last)]).toEqual([s1, s2]);
    expect([ipv4(bands.dynamic.first), ipv4(bands.dynamic.last)]).toEqual([d1, d2]);
  });

  it('has no static band for a /28 (16 addresses or fewer)', () => {
    expect(clusterIpRangeOffset('10.96.0.0/28')).toBe(0);
    const bands = clusterIpBands('10.96.0.0/28');
    expect(bands.static).toBeNull();
    expect([ipv4(bands.dynamic.first), ipv4(bands.dynamic.last)]).toEqual(['10.96.0.1', '10.96.0.14']);
  });
});

describe('NodePort bands (service.md: static 30000-30085, dynamic 30086-32767)', () => {
  it('splits the default range at 86 ports', () => {
    expect(nodePortRangeOffset(2768)).toBe(86);
    const b = nodePortBands();
    expect([Number(b.static!.first), Number(b.static!.last), Number(b.dynamic.first), Number(b.dynamic.last)]).toEqual([30000, 30085, 30086, 32767]);
  });
  it('uses min(max(16, size/32), 128): 1000 ports -> 31, 12768 ports -> 128', () => {
    expect(nodePortRangeOffset(1000)).toBe(31);
    expect(nodePortRangeOffset(12768)).toBe(128);
    expect(nodePortRangeOffset(16)).toBe(0);
  });
});

describe('allocation as kube-apiserver does it', () => {
  const opts = { serviceCIDRs: ['10.96.0.0/24'], enforceRange: true };

  it('puts dynamic ClusterIPs and NodePorts in the upper band', () => {
    const many = Array.from({ length: 50 }, (_, i) => req(`s${i}`, { type: 'NodePort' }));
    const { services, issues } = allocateServices(many, opts);
    expect(issues).toEqual([]);
    for (const s of services) {
      const ip = parseIp(s.clusterIPs[0]!)!.value & 255n;
      expect(ip).toBeGreaterThanOrEqual(17n);
      expect(s.ports[0]!.nodePort).toBeGreaterThanOrEqual(30086);
    }
    expect(new Set(services.map((s) => s.clusterIPs[0])).size).toBe(50);
  });

  it('accepts a requested value in either band and refuses a taken or out-of-range one with the API server message', () => {
    const { services, issues } = allocateServices(
      [
        req('a', { clusterIP: '10.96.0.5', type: 'NodePort', ports: [{ port: 80, protocol: 'TCP', nodePort: 30001 }] }),
        req('b', { clusterIP: '10.96.0.5' }),
        req('c', { clusterIP: '10.97.0.5' }),
        req('d', { type: 'NodePort', ports: [{ port: 80, protocol: 'TCP', nodePort: 30001 }] }),
        req('e', { type: 'NodePort', ports: [{ port: 80, protocol: 'TCP', nodePort: 40000 }] }),
      ],
      opts,
    );
    expect(services.map((s) => s.name)).toEqual(['a']);
    expect(issues.map((i) => `${i.object} ${i.field}: ${i.message}`)).toEqual([
      'Service/default/b spec.clusterIPs[0]: failed to allocate IP 10.96.0.5: provided IP is already allocated',
      'Service/default/c spec.clusterIPs[0]: failed to allocate IP 10.97.0.5: the provided IP (10.97.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/24',
      'Service/default/d spec.ports[0].nodePort: provided port is already allocated',
      'Service/default/e spec.ports[0].nodePort: provided port is not in the valid range. The range of valid ports is 30000-32767',
    ]);
  });

  it('allocates healthCheckNodePort only for LoadBalancer with externalTrafficPolicy Local', () => {
    const { services } = allocateServices([req('lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local' }), req('lb2', { type: 'LoadBalancer' })], opts);
    expect(services[0]!.healthCheckNodePort).toBeGreaterThanOrEqual(30086);
    expect(services[1]!.healthCheckNodePort).toBeUndefined();
    const bad = allocateServices([req('np', { type: 'NodePort', healthCheckNodePort: 31000 })], opts);
    expect(bad.issues[0]?.field).toBe('spec.healthCheckNodePort');
  });

  it('does not allocate NodePorts for allocateLoadBalancerNodePorts: false', () => {
    const { services } = allocateServices([req('lb', { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false })], opts);
    expect(services[0]!.ports[0]!.nodePort).toBeUndefined();
  });

  it('gives dual-stack Services one ClusterIP per family by ipFamilyPolicy, and refuses RequireDualStack on a single-stack cluster', () => {
    const dual = allocateServices([req('d', { ipFamilyPolicy: 'PreferDualStack' })], { serviceCIDRs: ['10.96.0.0/16', 'fd00:10:96::/112'], enforceRange: true });
    expect(dual.services[0]!.ipFamilies).toEqual(['IPv4', 'IPv6']);
    expect(dual.services[0]!.clusterIPs).toHaveLength(2);
    const single = allocateServices([req('d', { ipFamilyPolicy: 'RequireDualStack' })], opts);
    expect(single.issues[0]?.message).toBe('this cluster is not configured for dual-stack services');
  });

  it('is deterministic and independent of input order', () => {
    const a = allocateServices([req('x', {}), req('y', {})], opts).services.map((s) => s.clusterIPs[0]);
    const b = allocateServices([req('y', {}), req('x', {})], opts).services.map((s) => s.clusterIPs[0]);
    expect(b).toEqual([a[1], a[0]]);
  });
});

describe('a designed cluster gets the kubernetes Service at .1 and kube-dns at .10 (kubeadm convention)', () => {
  it('adds both with kubeadm defaults', () => {
    const design = { apiVersion: 'podnet.dev/v1alpha1', kind: 'ClusterDesign', metadata: { name: 'd' }, cluster: { serviceCIDRs: ['10.96.0.0/12'] } };
    const catalog = buildServiceCatalog(inventoryWithDesign(design));
    expect(catalog.services.find((s) => s.name === 'kubernetes')?.clusterIPs).toEqual(['10.96.0.1']);
    const dns = catalog.services.find((s) => s.name === 'kube-dns')!;
    expect(dns.clusterIPs).toEqual(['10.96.0.10']);
    expect(dns.ports.map((p) => `${p.name}/${p.protocol}/${p.port}`)).toEqual(['dns/UDP/53', 'dns-tcp/TCP/53', 'metrics/TCP/9153']);
  });
});
