import { parseIp, type EndpointSlice, type Endpoints, type Pod } from '@podnet/contracts';
import type { EndpointInfo, EndpointPortInfo, EndpointSliceInfo, IpFamilyName, ProxyNode, ServiceInfo, ServiceProtocol } from './types';

/** The label that ties an EndpointSlice to its Service. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** A pod as the EndpointSlice controller reads it, with addresses possibly assigned by the simulation. */
export interface PodEndpointSource {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly pod: Pod;
  /** Pod IPs (from status, or assigned by the simulation's IPAM). */
  readonly ips: readonly string[];
  readonly nodeName?: string;
  /** Readiness decided by the caller (a simulated pod without status is Running and Ready); default: its Ready condition. */
  readonly ready?: boolean;
}

function familyOf(ip: string): IpFamilyName | null {
  const p = parseIp(ip);
  return p ? (p.family === 4 ? 'IPv4' : 'IPv6') : null;
}

/** Pod readiness (`podutil.IsPodReady`): the Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** True when every selector pair is among the labels (Service selectors are plain maps). */
export function selectorMatches(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  for (const key of Object.keys(selector)) if (labels[key] !== selector[key]) return false;
  return true;
}

/**
 * Resolves a Service port's targetPort for one pod (`podutil.FindPort`): a number as is, a name through the
 * pod's container ports with the same protocol; null when the name is not found (the controller then leaves the
 * port out for that pod).
 *
 * @example
 * resolveTargetPort(pod, { targetPort: 'http', protocol: 'TCP' }) // => 8080
 */
export function resolveTargetPort(pod: Pod, port: { targetPort: number | string; protocol: ServiceProtocol }): number | null {
  if (typeof port.targetPort === 'number') return port.targetPort;
  for (const c of pod.spec.containers) {
    for (const cp of c.ports ?? []) {
      if (cp.name === port.targetPort && (cp.protocol ?? 'TCP') === port.protocol) return cp.containerPort;
    }
  }
  return null;
}

/**
 * The EndpointSlices the EndpointSlice controller builds for a selector Service (`pkg/controller/endpointslice`
 * `podToEndpoint`): pods in the Service's namespace whose labels match, skipping pods without an IP and pods in a
 * terminal phase; `serving` = pod Ready, `terminating` = deletionTimestamp set, `ready` = serving and not
 * terminating, or always true with `publishNotReadyAddresses`; `hostname` = `spec.hostname` only when
 * `spec.subdomain` equals the Service name; zone from the node's label. One slice per address family and set of
 * resolved ports.
 *
 * @example
 * controllerSlices(service, pods, nodes)[0]?.endpoints.length // => number of matching pods with an IP
 */
export function controllerSlices(service: ServiceInfo, pods: readonly PodEndpointSource[], nodes: readonly ProxyNode[]): EndpointSliceInfo[] {
  if (!service.selector) return [];
  const selector = service.selector;
  const zones = new Map(nodes.map((n) => [n.name, n.zone]));
  const families: IpFamilyName[] = service.ipFamilies.length > 0 ? [...service.ipFamilies] : ['IPv4'];
  const groups = new Map<string, { family: IpFamilyName; ports: EndpointPortInfo[]; endpoints: EndpointInfo[] }>();
  for (const p of pods) {
    if (p.namespace !== service.namespace) continue;
    if (!selectorMatches(selector, p.labels)) continue;
    const phase = p.pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    if (p.ips.length === 0) continue;
    const serving = p.ready ?? isPodReady(p.pod);
    const terminating = p.pod.metadata.deletionTimestamp !== undefined && p.pod.metadata.deletionTimestamp !== null;
    const ready = service.publishNotReadyAddresses || (serving && !terminating);
    const ports: EndpointPortInfo[] = [];
    for (const sp of service.ports) {
      const port = resolveTargetPort(p.pod, sp);
      if (port !== null) ports.push({ name: sp.name, port, protocol: sp.protocol });
    }
    const nodeName = p.nodeName ?? p.pod.spec.nodeName;
    const zone = nodeName ? zones.get(nodeName) : undefined;
    const hostname = p.pod.spec.hostname && p.pod.spec.subdomain === service.name ? p.pod.spec.hostname : undefined;
    for (const family of families) {
      const address = p.ips.find((ip) => familyOf(ip) === family);
      if (!address) continue;
      const key = `${family}|${ports.map((x) => `${x.name}/${x.protocol}/${x.port}`).join(',')}`;
      let group = groups.get(key);
      if (!group) {
        group = { family, ports, endpoints: [] };
        groups.set(key, group);
      }
      group.endpoints.push({
        addresses: [address],
        ready,
        serving,
        terminating,
        ...(hostname ? { hostname } : {}),
        ...(nodeName ? { nodeName } : {}),
        ...(zone ? { zone } : {}),
        targetPod: { namespace: p.namespace, name: p.name },
      });
    }
  }
  // trafficDistribution hints (EndpointSlice controller `trafficdist`): PreferClose/PreferSameZone give each ready
  // endpoint with a zone a hint for its own zone; PreferSameNode also a hint for its own node. `topology-mode: Auto`
  // overrides trafficDistribution; its proportional allocation is not modelled (no hints are written).
  const td = service.topologyModeAuto ? undefined : service.trafficDistribution;
  if (td === 'PreferClose' || td === 'PreferSameZone' || td === 'PreferSameNode') {
    for (const g of groups.values()) {
      g.endpoints = g.endpoints.map((e) =>
        e.ready && e.zone ? { ...e, hints: { forZones: [e.zone], forNodes: td === 'PreferSameNode' && e.nodeName ? [e.nodeName] : [] } } : e,
      );
    }
  }
  let n = 0;
  return [...groups.values()].map((g) => ({
    namespace: service.namespace,
    serviceName: service.name,
    name: `${service.name}-${(n++).toString().padStart(5, '0')}`,
    addressType: g.family,
    ports: g.ports,
    endpoints: g.endpoints,
    origin: 'controller' as const,
  }));
}

/**
 * An EndpointSlice manifest as consumers read it: `ready` nil = true, `serving` nil = ready,
 * `terminating` nil = false; ports default to TCP and the unnamed port ''.
 *
 * @example
 * sliceFromManifest(slice).endpoints[0]?.ready // => true when conditions are absent
 */
export function sliceFromManifest(slice: EndpointSlice): EndpointSliceInfo | null {
  const serviceName = slice.metadata.labels?.[SERVICE_NAME_LABEL];
  if (!serviceName) return null;
  const endpoints: EndpointInfo[] = (slice.endpoints ?? []).map((e) => {
    const ready = e.conditions?.ready ?? true;
    const hints = e.hints ? { forZones: (e.hints.forZones ?? []).map((z) => z.name), forNodes: (e.hints.forNodes ?? []).map((z) => z.name) } : undefined;
    const target = e.targetRef?.kind === 'Pod' && e.targetRef.name ? { namespace: e.targetRef.namespace ?? slice.metadata.namespace ?? 'default', name: e.targetRef.name } : undefined;
    return {
      addresses: [...e.addresses],
      ready,
      serving: e.conditions?.serving ?? true,
      terminating: e.conditions?.terminating ?? false,
      ...(e.hostname ? { hostname: e.hostname } : {}),
      ...(e.nodeName ? { nodeName: e.nodeName } : {}),
      ...(e.zone ? { zone: e.zone } : {}),
      ...(hints ? { hints } : {}),
      ...(target ? { targetPod: target } : {}),
    };
  });
  const ports: EndpointPortInfo[] = (slice.ports ?? [])
    .filter((p) => p.port !== undefined)
    .map((p) => ({ name: p.name ?? '', port: p.port!, protocol: (p.protocol ?? 'TCP') as ServiceProtocol }));
  return {
    namespace: slice.metadata.namespace ?? 'default',
    serviceName,
    name: slice.metadata.name,
    addressType: slice.addressType,
    ports,
    endpoints,
    origin: 'manifest',
  };
}

/**
 * A v1 Endpoints object converted as the EndpointSlice mirroring controller does: `addresses` ready,
 * `notReadyAddresses` not ready (and not serving), one slice per subset and family.
 *
 * @example
 * slicesFromEndpoints(ep)[0]?.origin // => 'endpoints'
 */
export function slicesFromEndpoints(ep: Endpoints): EndpointSliceInfo[] {
  const out: EndpointSliceInfo[] = [];
  const namespace = ep.metadata.namespace ?? 'default';
  (ep.subsets ?? []).forEach((subset, i) => {
    const ports: EndpointPortInfo[] = (subset.ports ?? []).map((p) => ({ name: p.name ?? '', port: p.port, protocol: (p.protocol ?? 'TCP') as ServiceProtocol }));
    const all = [
      ...(subset.addresses ?? []).map((a) => ({ a, ready: true })),
      ...(subset.notReadyAddresses ?? []).map((a) => ({ a, ready: false })),
    ];
    for (const family of ['IPv4', 'IPv6'] as const) {
      const endpoints: EndpointInfo[] = all
        .filter(({ a }) => familyOf(a.ip) === family)
        .map(({ a, ready }) => ({
          addresses: [a.ip],
          ready,
          serving: ready,
          terminating: false,
          ...(a.hostname ? { hostname: a.hostname } : {}),
          ...(a.nodeName ? { nodeName: a.nodeName } : {}),
        }));
      if (endpoints.length > 0) out.push({ namespace, serviceName: ep.metadata.name, name: `${ep.metadata.name}-${i}-${family}`, addressType: family, ports, endpoints, origin: 'endpoints' });
    }
  });
  return out;
}
