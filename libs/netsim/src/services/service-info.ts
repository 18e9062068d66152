import { parseIp, type Service } from '@podnet/contracts';
import { awsLoadBalancerInfo } from './aws-load-balancer';
import type { IpFamilyName, LoadBalancerIngress, ServiceInfo, ServicePortInfo, ServiceProtocol } from './types';

/** Default and maximum ClientIP affinity timeout (k8s.io/api core/v1 `DefaultClientIPServiceAffinitySeconds`). */
export const DEFAULT_AFFINITY_SECONDS = 10800;

/** A Service before allocation: what the manifest asked for. */
export interface ServiceRequest {
  readonly info: ServiceInfo;
  /** The requested ClusterIPs (from `clusterIPs`, else `clusterIP`), '' entries removed. */
  readonly requestedIPs: readonly string[];
  readonly ipFamilyPolicy: 'SingleStack' | 'PreferDualStack' | 'RequireDualStack';
  /** Whether the ipFamilies were given (else they follow the requested IPs or the cluster's primary family). */
  readonly familiesGiven: boolean;
  readonly allocateLoadBalancerNodePorts: boolean;
}

function familyOf(ip: string): IpFamilyName | null {
  const parsed = parseIp(ip);
  return parsed ? (parsed.family === 4 ? 'IPv4' : 'IPv6') : null;
}

function readIngress(status: unknown): LoadBalancerIngress[] {
  const lb = (status as { loadBalancer?: { ingress?: unknown } } | undefined)?.loadBalancer;
  const list = Array.isArray(lb?.ingress) ? (lb.ingress as unknown[]) : [];
  const out: LoadBalancerIngress[] = [];
  for (const item of list) {
    if (typeof item !== 'object' || item === null) continue;
    const rec = item as Record<string, unknown>;
    const ip = typeof rec['ip'] === 'string' ? rec['ip'] : undefined;
    const hostname = typeof rec['hostname'] === 'string' ? rec['hostname'] : undefined;
    const ipMode = rec['ipMode'] === 'Proxy' ? 'Proxy' : 'VIP';
    out.push({ ...(ip ? { ip } : {}), ...(hostname ? { hostname } : {}), ipMode });
  }
  return out;
}

/**
 * Reads a Service manifest with the API server's defaults: type ClusterIP, protocol TCP, targetPort = port,
 * traffic policies Cluster, affinity timeout 10800 s, `clusterIP: None` = headless. ClusterIPs are not
 * allocated here (see {@link allocateServices}).
 *
 * @example
 * serviceRequest({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { ports: [{ port: 80, protocol: 'TCP' }] } }, 'generic').info.ports[0]?.targetPort // => 80
 */
export function serviceRequest(svc: Service, provider: 'aws' | 'generic' = 'generic'): ServiceRequest {
  const spec = svc.spec;
  const namespace = svc.metadata.namespace ?? 'default';
  const type = spec.type ?? 'ClusterIP';
  const annotations = svc.metadata.annotations ?? {};
  const requested = (spec.clusterIPs && spec.clusterIPs.length > 0 ? spec.clusterIPs : spec.clusterIP ? [spec.clusterIP] : []).filter((ip) => ip !== '');
  const headless = type !== 'ExternalName' && requested[0] === 'None';
  const requestedIPs = headless || type === 'ExternalName' ? [] : requested;
  const ports: ServicePortInfo[] = (spec.ports ?? []).map((p) => ({
    name: p.name ?? '',
    protocol: (p.protocol ?? 'TCP') as ServiceProtocol,
    port: p.port,
    targetPort: p.targetPort ?? p.port,
    ...(p.nodePort !== undefined ? { nodePort: p.nodePort } : {}),
    ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}),
  }));
  const familiesGiven = Array.isArray(spec.ipFamilies) && spec.ipFamilies.length > 0;
  const families: IpFamilyName[] = familiesGiven
    ? [...(spec.ipFamilies ?? [])]
    : (requestedIPs.map(familyOf).filter((f): f is IpFamilyName => f !== null));
  const eTP = spec.externalTrafficPolicy ?? 'Cluster';
  const affinity = spec.sessionAffinity === 'ClientIP' ? (spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_AFFINITY_SECONDS) : null;
  const topologyMode = annotations['service.kubernetes.io/topology-mode'] ?? annotations['service.kubernetes.io/topology-aware-hints'];
  const info: ServiceInfo = {
    namespace,
    name: svc.metadata.name,
    type,
    headless,
    clusterIPs: requestedIPs,
    ipFamilies: families,
    ports,
    selector: spec.selector && Object.keys(spec.selector).length > 0 && type !== 'ExternalName' ? { ...spec.selector } : null,
    ...(type === 'ExternalName' && spec.externalName ? { externalName: spec.externalName } : {}),
    externalIPs: [...(spec.externalIPs ?? [])],
    loadBalancerIngress: type === 'LoadBalancer' ? readIngress(svc.status) : [],
    loadBalancerSourceRanges: type === 'LoadBalancer' ? [...(spec.loadBalancerSourceRanges ?? [])] : [],
    externalTrafficPolicy: type === 'NodePort' || type === 'LoadBalancer' || (spec.externalIPs?.length ?? 0) > 0 ? eTP : 'Cluster',
    internalTrafficPolicy: spec.internalTrafficPolicy ?? 'Cluster',
    ...(spec.healthCheckNodePort !== undefined ? { healthCheckNodePort: spec.healthCheckNodePort } : {}),
    sessionAffinitySeconds: affinity,
    publishNotReadyAddresses: spec.publishNotReadyAddresses ?? false,
    ...(spec.trafficDistribution ? { trafficDistribution: spec.trafficDistribution } : {}),
    topologyModeAuto: topologyMode === 'Auto' || topologyMode === 'auto',
    annotations: { ...annotations },
    ...(provider === 'aws' && type === 'LoadBalancer'
      ? { aws: awsLoadBalancerInfo(annotations, spec.loadBalancerClass, eTP, ports[0]?.protocol ?? 'TCP') }
      : {}),
    implicit: false,
  };
  return {
    info,
    requestedIPs,
    ipFamilyPolicy: spec.ipFamilyPolicy ?? 'SingleStack',
    familiesGiven,
    allocateLoadBalancerNodePorts: spec.allocateLoadBalancerNodePorts ?? true,
  };
}
