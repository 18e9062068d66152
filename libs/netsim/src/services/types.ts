/** Protocols a Service port may use. */
export type ServiceProtocol = 'TCP' | 'UDP' | 'SCTP';
/** The two IP families, named as the Kubernetes API names them. */
export type IpFamilyName = 'IPv4' | 'IPv6';

/** One port of a Service, after API defaulting (protocol TCP, targetPort = port). */
export interface ServicePortInfo {
  /** Port name; '' for the single unnamed port. */
  readonly name: string;
  readonly protocol: ServiceProtocol;
  readonly port: number;
  /** A number, or a container port name resolved per pod. */
  readonly targetPort: number | string;
  /** Allocated or requested NodePort (NodePort and LoadBalancer Services), else undefined. */
  readonly nodePort?: number;
  readonly appProtocol?: string;
}

/** One address a load balancer publishes in `status.loadBalancer.ingress`. */
export interface LoadBalancerIngress {
  readonly ip?: string;
  readonly hostname?: string;
  /** `VIP` (default): kube-proxy captures the IP; `Proxy`: it does not. */
  readonly ipMode: 'VIP' | 'Proxy';
}

/** How an AWS load balancer reaches the cluster (aws-load-balancer-controller / in-tree cloud provider). */
export interface AwsLoadBalancerInfo {
  readonly kind: 'nlb' | 'clb';
  /** `instance`: the LB targets every node's NodePort; `ip`: it targets pod IPs directly. */
  readonly targetType: 'instance' | 'ip';
  /** Whether the pod sees the client's own IP address. */
  readonly clientIpPreserved: boolean;
  /** Why, in words, with the annotation or default that decided it. */
  readonly reason: string;
}

/** A Service as podnet reasons about it: every field defaulted the way the API server does. */
export interface ServiceInfo {
  readonly namespace: string;
  readonly name: string;
  readonly type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  /** `clusterIP: None`. */
  readonly headless: boolean;
  /** ClusterIPs, primary family first (empty for headless and ExternalName). */
  readonly clusterIPs: readonly string[];
  readonly ipFamilies: readonly IpFamilyName[];
  readonly ports: readonly ServicePortInfo[];
  /** Null when the Service has no selector (endpoints come from manifests, or none). */
  readonly selector: Readonly<Record<string, string>> | null;
  readonly externalName?: string;
  readonly externalIPs: readonly string[];
  readonly loadBalancerIngress: readonly LoadBalancerIngress[];
  readonly loadBalancerSourceRanges: readonly string[];
  readonly externalTrafficPolicy: 'Cluster' | 'Local';
  readonly internalTrafficPolicy: 'Cluster' | 'Local';
  readonly healthCheckNodePort?: number;
  /** ClientIP affinity timeout in seconds, or null for `sessionAffinity: None`. */
  readonly sessionAffinitySeconds: number | null;
  readonly publishNotReadyAddresses: boolean;
  readonly trafficDistribution?: string;
  /** `service.kubernetes.io/topology-mode: Auto` (or the older topology-aware-hints annotation). */
  readonly topologyModeAuto: boolean;
  readonly annotations: Readonly<Record<string, string>>;
  readonly aws?: AwsLoadBalancerInfo;
  /** True when podnet added it (the `kubernetes` and `kube-dns` Services of a designed cluster). */
  readonly implicit: boolean;
}

/** One endpoint of an EndpointSlice, conditions resolved (nil ready = ready, as consumers read it). */
export interface EndpointInfo {
  readonly addresses: readonly string[];
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
  readonly hostname?: string;
  readonly nodeName?: string;
  readonly zone?: string;
  readonly hints?: { readonly forZones: readonly string[]; readonly forNodes: readonly string[] };
  readonly targetPod?: { readonly namespace: string; readonly name: string };
}

/** A port of an EndpointSlice: the Service port name with the resolved target port. */
export interface EndpointPortInfo {
  readonly name: string;
  readonly port: number;
  readonly protocol: ServiceProtocol;
}

/** An EndpointSlice (given or built by podnet as the EndpointSlice controller would). */
export interface EndpointSliceInfo {
  readonly namespace: string;
  readonly serviceName: string;
  readonly name: string;
  readonly addressType: IpFamilyName | 'FQDN';
  readonly ports: readonly EndpointPortInfo[];
  readonly endpoints: readonly EndpointInfo[];
  /** `manifest` (EndpointSlice objects), `endpoints` (converted v1 Endpoints) or `controller` (built from pods). */
  readonly origin: 'manifest' | 'endpoints' | 'controller';
}

/** A node as kube-proxy and the EndpointSlice controller see it. */
export interface ProxyNode {
  readonly name: string;
  /** InternalIP addresses (IPv4 first). */
  readonly addresses: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly zone?: string;
  readonly podCIDRs: readonly string[];
}

/** A problem the API server would refuse (a conflict) or podnet could not settle. */
export interface ServiceIssue {
  /** `Service/ns/name`. */
  readonly object: string;
  /** Field path as the API server names it, e.g. `spec.ports[0].nodePort`. */
  readonly field: string;
  readonly value?: string | number;
  readonly message: string;
}

/** Every Service with its endpoints, ready for kube-proxy, DNS and traces. */
export interface ServiceCatalog {
  readonly clusterDomain: string;
  readonly serviceCIDRs: readonly string[];
  readonly dnsIP: string;
  readonly services: readonly ServiceInfo[];
  /** EndpointSlices by `namespace/serviceName`. */
  readonly slices: ReadonlyMap<string, readonly EndpointSliceInfo[]>;
  readonly nodes: readonly ProxyNode[];
  readonly issues: readonly ServiceIssue[];
}

/** `namespace/name`, the key used throughout. */
export function serviceKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}
