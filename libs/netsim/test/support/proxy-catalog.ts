import type { EndpointInfo, EndpointSliceInfo, ProxyNode, ServiceCatalog, ServiceInfo } from '../../src/services/types';

/** A dotted quad from its 32-bit value. */
export const dotted = (n: number) => `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

/** A ClusterIP Service with kube-proxy's defaults (Cluster traffic policies, no affinity), `fields` over them. */
export function serviceInfo(namespace: string, name: string, fields: Partial<ServiceInfo> & Pick<ServiceInfo, 'clusterIPs' | 'ports'>): ServiceInfo {
  return {
    namespace, name, type: 'ClusterIP', headless: false, ipFamilies: ['IPv4'], selector: { app: name }, externalIPs: [], loadBalancerIngress: [],
    loadBalancerSourceRanges: [], externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster', sessionAffinitySeconds: null,
    publishNotReadyAddresses: false, topologyModeAuto: false, annotations: {}, implicit: false, ...fields,
  };
}

/** A ready, serving endpoint on `node`. */
export function readyEndpoint(address: string, node: string): EndpointInfo {
  return { addresses: [address], ready: true, serving: true, terminating: false, nodeName: node };
}

/** A catalog of these Services and their slices (keyed by Service), on `nodes`. */
export function proxyCatalog(nodes: ProxyNode[], services: ServiceInfo[], slices: EndpointSliceInfo[]): ServiceCatalog {
  const bySvc = new Map<string, EndpointSliceInfo[]>();
  for (const s of slices) bySvc.set(`${s.namespace}/${s.serviceName}`, [...(bySvc.get(`${s.namespace}/${s.serviceName}`) ?? []), s]);
  return { clusterDomain: 'cluster.local', serviceCIDRs: ['10.96.0.0/12', 'fd00:96::/112'], dnsIP: '10.96.0.10', services, slices: bySvc, nodes, issues: [] };
}
