import { clusterDnsIp, kubernetesServiceIp, serviceCidrs, type Inventory, type PodRecord } from '@podnet/contracts';
import { allocateServices } from './allocate';
import { controllerSlices, sliceFromManifest, slicesFromEndpoints, type PodEndpointSource } from './endpoint-slices';
import { inventoryNodes } from './nodes';
import { serviceRequest, type ServiceRequest } from './service-info';
import { serviceKey, type EndpointSliceInfo, type ProxyNode, type ServiceCatalog, type ServiceInfo } from './types';

/** Options for {@link buildServiceCatalog}. */
export interface CatalogOptions {
  /** Pod addresses assigned by the simulation (IPAM) for pods whose manifest has no `status.podIP`. */
  readonly podAddresses?: (pod: PodRecord) => { ips: readonly string[]; nodeName?: string } | undefined;
  /** Nodes to use instead of the inventory's Node manifests and design nodes (e.g. the simulation model's). */
  readonly nodes?: readonly ProxyNode[];
  /** Pods to build EndpointSlices from instead of the inventory's (e.g. the simulation model's, DaemonSets expanded). */
  readonly pods?: readonly PodEndpointSource[];
  /** Add the `default/kubernetes` and `kube-system/kube-dns` Services when absent. Default: only for a ClusterDesign. */
  readonly implicitServices?: boolean;
}

const CONTROL_PLANE_LABELS = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'];

function podIps(record: PodRecord): string[] {
  const status = record.pod.status;
  const list = (status?.podIPs ?? []).map((p) => p.ip).filter((ip) => ip !== '');
  if (list.length > 0) return list;
  return status?.podIP ? [status.podIP] : [];
}

function implicitRequests(inventory: Inventory, present: Set<string>): ServiceRequest[] {
  const out: ServiceRequest[] = [];
  const base = (name: string, namespace: string, ip: string, ports: ServiceInfo['ports'], selector: Record<string, string> | null): ServiceRequest => ({
    info: {
      namespace,
      name,
      type: 'ClusterIP',
      headless: false,
      clusterIPs: [ip],
      ipFamilies: [ip.includes(':') ? 'IPv6' : 'IPv4'],
      ports,
      selector,
      externalIPs: [],
      loadBalancerIngress: [],
      loadBalancerSourceRanges: [],
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster',
      sessionAffinitySeconds: null,
      publishNotReadyAddresses: false,
      topologyModeAuto: false,
      annotations: {},
      implicit: true,
    },
    requestedIPs: [ip],
    ipFamilyPolicy: 'SingleStack',
    familiesGiven: true,
    allocateLoadBalancerNodePorts: true,
  });
  if (!present.has('default/kubernetes')) {
    out.push(base('kubernetes', 'default', kubernetesServiceIp(inventory.design), [{ name: 'https', protocol: 'TCP', port: 443, targetPort: 6443 }], null));
  }
  if (!present.has('kube-system/kube-dns')) {
    out.push(
      base('kube-dns', 'kube-system', clusterDnsIp(inventory.design), [
        { name: 'dns', protocol: 'UDP', port: 53, targetPort: 53 },
        { name: 'dns-tcp', protocol: 'TCP', port: 53, targetPort: 53 },
        { name: 'metrics', protocol: 'TCP', port: 9153, targetPort: 9153 },
      ], { 'k8s-app': 'kube-dns' }),
    );
  }
  return out;
}

/**
 * Every Service of an inventory with allocated ClusterIPs/NodePorts and its EndpointSlices: taken from
 * EndpointSlice manifests when the Service has any, else from v1 Endpoints, else built from the pods its selector
 * matches (as the EndpointSlice controller would). A designed cluster also gets the `kubernetes` Service at the
 * first address of the service CIDR (endpoints: control-plane nodes on 6443) and `kube-dns` at the DNS address
 * (`cluster.dnsIP`, by convention the 10th). Conflicts the API server would refuse are in `issues` and the
 * refused Services are left out. Never mutates the inventory.
 *
 * @example
 * const catalog = buildServiceCatalog(inventory);
 * catalog.services.find((s) => s.name === 'kubernetes')?.clusterIPs // => ['10.96.0.1'] for a kubeadm-like design
 */
export function buildServiceCatalog(inventory: Inventory, options: CatalogOptions = {}): ServiceCatalog {
  const provider = inventory.design.network.provider;
  const requests = inventory.services.map((s) => serviceRequest(s, provider));
  const present = new Set(requests.map((r) => serviceKey(r.info.namespace, r.info.name)));
  const implicit = options.implicitServices ?? inventory.hasDesign;
  const all = implicit ? [...implicitRequests(inventory, present), ...requests] : requests;
  const cidrs = serviceCidrs(inventory.design);
  const { services, issues } = allocateServices(all, { serviceCIDRs: cidrs, enforceRange: inventory.hasDesign });
  const nodes = options.nodes ?? inventoryNodes(inventory);

  const manifestSlices = new Map<string, EndpointSliceInfo[]>();
  for (const slice of inventory.endpointSlices) {
    const info = sliceFromManifest(slice);
    if (!info) continue;
    const key = serviceKey(info.namespace, info.serviceName);
    manifestSlices.set(key, [...(manifestSlices.get(key) ?? []), info]);
  }
  const endpointsObjects = new Map(inventory.endpoints.map((e) => [serviceKey(e.metadata.namespace ?? 'default', e.metadata.name), e]));
  const pods: readonly PodEndpointSource[] = options.pods ?? inventory.pods.map((p) => {
    const own = podIps(p);
    const assigned = own.length === 0 ? options.podAddresses?.(p) : undefined;
    const nodeName = assigned?.nodeName ?? p.pod.spec.nodeName;
    return { namespace: p.namespace, name: p.name, labels: p.labels, pod: p.pod, ips: own.length > 0 ? own : [...(assigned?.ips ?? [])], ...(nodeName ? { nodeName } : {}) };
  });

  const slices = new Map<string, readonly EndpointSliceInfo[]>();
  for (const svc of services) {
    const key = serviceKey(svc.namespace, svc.name);
    const fromManifest = manifestSlices.get(key);
    const ep = endpointsObjects.get(key);
    if (fromManifest) slices.set(key, fromManifest);
    else if (ep) slices.set(key, slicesFromEndpoints(ep));
    else if (svc.selector) slices.set(key, controllerSlices(svc, pods, nodes));
    else if (svc.implicit && svc.name === 'kubernetes') {
      const apiservers = nodes.filter((n) => CONTROL_PLANE_LABELS.some((l) => l in n.labels) && n.addresses[0]);
      if (apiservers.length > 0) {
        slices.set(key, [{
          namespace: 'default',
          serviceName: 'kubernetes',
          name: 'kubernetes',
          addressType: 'IPv4',
          ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
          endpoints: apiservers.map((n) => ({ addresses: [n.addresses[0]!], ready: true, serving: true, terminating: false, nodeName: n.name })),
          origin: 'controller',
        }]);
      }
    }
  }
  return {
    clusterDomain: inventory.design.cluster.clusterDomain,
    serviceCIDRs: cidrs,
    dnsIP: clusterDnsIp(inventory.design),
    services,
    slices,
    nodes,
    issues,
  };
}

/** Finds a Service of a catalog by namespace and name. */
export function findService(catalog: ServiceCatalog, namespace: string, name: string): ServiceInfo | undefined {
  return catalog.services.find((s) => s.namespace === namespace && s.name === name);
}
