import { parseIp } from '@podnet/contracts';
import { serviceKey, type EndpointInfo, type ServiceCatalog, type ServiceInfo, type ServicePortInfo } from '../services/types';
import { endpointChainName, endpointString, portProtoHash, servicePortName } from './chain-names';

/** One endpoint of a service port as kube-proxy holds it (`endpointsInfo`). */
export interface ProxyEndpoint {
  readonly ip: string;
  readonly port: number;
  /** `ip:port` (`[ip]:port` for IPv6). */
  readonly endpoint: string;
  /** `KUBE-SEP-...`. */
  readonly chain: string;
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
  readonly nodeName?: string;
  readonly zoneHints: readonly string[];
  readonly nodeHints: readonly string[];
  readonly targetPod?: EndpointInfo['targetPod'];
}

/** A service port of one IP family as kube-proxy holds it (`servicePortInfo`), chain names precomputed. */
export interface ProxyServicePort {
  readonly service: ServiceInfo;
  readonly port: ServicePortInfo;
  /** `ns/name:port`. */
  readonly name: string;
  /** Lower-case protocol. */
  readonly protocol: 'tcp' | 'udp' | 'sctp';
  readonly clusterIP: string;
  readonly externalIPs: readonly string[];
  /** VIP-mode load balancer IPs of this family (ipMode Proxy is not captured). */
  readonly loadBalancerIPs: readonly string[];
  readonly loadBalancerSourceRanges: readonly string[];
  readonly nodePort: number;
  readonly healthCheckNodePort: number;
  readonly hash: string;
  readonly endpoints: readonly ProxyEndpoint[];
  /** The ready endpoints (node-independent), and whether any endpoint carries a topology hint. */
  readonly readyEndpoints: readonly ProxyEndpoint[];
  readonly hasHints: boolean;
}

/** Everything kube-proxy needs for one family, independent of the node (hashes computed once). */
export interface ProxyState {
  readonly family: 4 | 6;
  readonly ports: readonly ProxyServicePort[];
  readonly totalEndpoints: number;
  /** More than 1000 endpoints: kube-proxy drops per-endpoint comments (`largeClusterEndpointsThreshold`). */
  readonly largeClusterMode: boolean;
}

const NONE: readonly string[] = [];

/** What the endpoints of one service port (from one EndpointSlice port) share. */
interface EndpointContext {
  readonly servicePort: string;
  readonly protocol: string;
  readonly port: number;
}

/**
 * An endpoint as a view of its EndpointSlice entry: three references and a lazily computed KUBE-SEP chain name (a
 * SHA-256): traces of one Service never pay for the other 2.5 million hashes of a large cluster; a ruleset computes
 * each once. The fields are read from the slice entry rather than copied (a large cluster has millions of
 * endpoints: less to allocate and for the garbage collector to move).
 */
class LazyEndpoint implements ProxyEndpoint {
  private chainName: string | undefined = undefined;
  constructor(
    private readonly source: EndpointInfo,
    private readonly context: EndpointContext,
    readonly endpoint: string,
  ) {}

  get ip(): string {
    return this.source.addresses[0]!;
  }
  get port(): number {
    return this.context.port;
  }
  get ready(): boolean {
    return this.source.ready;
  }
  get serving(): boolean {
    return this.source.serving;
  }
  get terminating(): boolean {
    return this.source.terminating;
  }
  get nodeName(): string | undefined {
    return this.source.nodeName;
  }
  get zoneHints(): readonly string[] {
    return this.source.hints?.forZones ?? NONE;
  }
  get nodeHints(): readonly string[] {
    return this.source.hints?.forNodes ?? NONE;
  }
  get targetPod(): EndpointInfo['targetPod'] {
    return this.source.targetPod;
  }
  get chain(): string {
    this.chainName ??= endpointChainName(this.context.servicePort, this.context.protocol, this.endpoint);
    return this.chainName;
  }
}

function sameFamily(ip: string, family: 4 | 6): boolean {
  return parseIp(ip)?.family === family;
}

/**
 * The service ports kube-proxy programs for one IP family: every Service with a ClusterIP of that family
 * (headless and ExternalName Services are skipped, as `ShouldSkipService` does), each port with its endpoints from
 * the EndpointSlices of that family (first address of each endpoint, the port matched by name and protocol),
 * sorted by `ip:port` as kube-proxy's endpoints map is, and every chain hash computed once.
 *
 * @example
 * buildProxyState(catalog, 4).ports[0]?.hash // => 'XPGD46QRK7WJZT7O' for ns1/svc1:p80 tcp
 */
export function buildProxyState(catalog: ServiceCatalog, family: 4 | 6): ProxyState {
  const ports: ProxyServicePort[] = [];
  for (const svc of catalog.services) {
    if (svc.headless || svc.type === 'ExternalName') continue;
    // podnet adds `kubernetes` and `kube-dns` to a designed cluster for DNS; without known endpoints (EKS control-plane
    // ENIs, CoreDNS pods not in the inputs) their rules would only say REJECT, which no real cluster shows.
    if (svc.implicit && (catalog.slices.get(serviceKey(svc.namespace, svc.name)) ?? []).every((s) => s.endpoints.length === 0)) continue;
    const clusterIP = svc.clusterIPs.find((ip) => sameFamily(ip, family));
    if (!clusterIP) continue;
    const slices = (catalog.slices.get(serviceKey(svc.namespace, svc.name)) ?? []).filter((s) => s.addressType === (family === 4 ? 'IPv4' : 'IPv6'));
    for (const port of svc.ports) {
      const name = servicePortName(svc.namespace, svc.name, port.name);
      const protocol = port.protocol.toLowerCase() as 'tcp' | 'udp' | 'sctp';
      const seen = new Set<string>();
      const endpoints: ProxyEndpoint[] = [];
      for (const slice of slices) {
        const sp = slice.ports.find((p) => p.name === port.name && p.protocol === port.protocol);
        if (!sp) continue;
        const context: EndpointContext = { servicePort: name, protocol, port: sp.port };
        for (const ep of slice.endpoints) {
          const ip = ep.addresses[0];
          if (!ip) continue;
          const endpoint = endpointString(ip, sp.port);
          if (seen.has(endpoint)) continue;
          seen.add(endpoint);
          endpoints.push(new LazyEndpoint(ep, context, endpoint));
        }
      }
      endpoints.sort((a, b) => (a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : 0));
      ports.push({
        service: svc,
        port,
        name,
        protocol,
        clusterIP,
        externalIPs: svc.externalIPs.filter((ip) => sameFamily(ip, family)),
        loadBalancerIPs: svc.loadBalancerIngress.filter((i) => i.ip && i.ipMode === 'VIP' && sameFamily(i.ip, family)).map((i) => i.ip!),
        loadBalancerSourceRanges: svc.loadBalancerSourceRanges.filter((r) => sameFamily(r.split('/')[0] ?? '', family)),
        nodePort: port.nodePort ?? 0,
        healthCheckNodePort: svc.healthCheckNodePort ?? 0,
        hash: portProtoHash(name, protocol),
        endpoints,
        readyEndpoints: endpoints.every((e) => e.ready) ? endpoints : endpoints.filter((e) => e.ready),
        hasHints: endpoints.some((e) => e.zoneHints.length > 0 || e.nodeHints.length > 0),
      });
    }
  }
  ports.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0));
  let totalEndpoints = 0;
  for (const sp of ports) totalEndpoints += sp.endpoints.length;
  const largeClusterMode = totalEndpoints > 1000;
  return { family, ports, totalEndpoints, largeClusterMode };
}
