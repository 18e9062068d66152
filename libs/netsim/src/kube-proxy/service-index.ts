import type { ProxyServicePort, ProxyState } from './service-ports';

/** How a packet reaches a service port. */
export type ServiceAccess = 'cluster-ip' | 'external-ip' | 'load-balancer' | 'node-port';

/** A service port found for a destination. */
export interface ServiceHit {
  readonly sp: ProxyServicePort;
  readonly access: ServiceAccess;
}

/** Lookup of service ports by `ip|proto|port` and NodePort, built once per family. */
export interface ServiceIndex {
  readonly byVip: ReadonlyMap<string, ServiceHit>;
  readonly byNodePort: ReadonlyMap<string, ProxyServicePort>;
}

function key(ip: string, protocol: string, port: number): string {
  return `${ip}|${protocol}|${port}`;
}

/**
 * Indexes a proxy state by ClusterIP, external IP and load-balancer IP (with protocol and port), and by NodePort.
 *
 * @example
 * findServiceByDestination(indexServices(state), '172.30.0.41', 'tcp', 80, false)?.sp.name // => 'ns1/svc1:p80'
 */
export function indexServices(state: ProxyState): ServiceIndex {
  const byVip = new Map<string, ServiceHit>();
  const byNodePort = new Map<string, ProxyServicePort>();
  for (const sp of state.ports) {
    byVip.set(key(sp.clusterIP, sp.protocol, sp.port.port), { sp, access: 'cluster-ip' });
    for (const ip of sp.externalIPs) if (!byVip.has(key(ip, sp.protocol, sp.port.port))) byVip.set(key(ip, sp.protocol, sp.port.port), { sp, access: 'external-ip' });
    for (const ip of sp.loadBalancerIPs) if (!byVip.has(key(ip, sp.protocol, sp.port.port))) byVip.set(key(ip, sp.protocol, sp.port.port), { sp, access: 'load-balancer' });
    if (sp.nodePort !== 0) byNodePort.set(`${sp.protocol}|${sp.nodePort}`, sp);
  }
  return { byVip, byNodePort };
}

/**
 * The service port a packet's destination selects, in KUBE-SERVICES order: VIP rules first, NodePorts only when
 * the destination is one of the node's own addresses (the last rule, `--dst-type LOCAL`).
 *
 * @example
 * findServiceByDestination(index, '192.168.0.2', 'tcp', 30080, true)?.access // => 'node-port'
 */
export function findServiceByDestination(index: ServiceIndex, ip: string, protocol: string, port: number, destinationIsLocal: boolean): ServiceHit | undefined {
  const hit = index.byVip.get(key(ip, protocol, port));
  if (hit) return hit;
  if (!destinationIsLocal) return undefined;
  const sp = index.byNodePort.get(`${protocol}|${port}`);
  return sp ? { sp, access: 'node-port' } : undefined;
}
