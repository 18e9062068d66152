import type { ClusterDesign } from '../design/cluster-design.schema';
import type { JsonPath } from '../errors/errors';
import type { AdminNetworkPolicy, BaselineAdminNetworkPolicy, NetworkPolicy } from '../k8s/netpol.schema';
import type { Gateway, GatewayClass, HTTPRoute, Ingress, IngressClass } from '../k8s/ingress.schema';
import type { ConfigMap, Namespace, Node, Pod, PodTemplateSpec } from '../k8s/pod.schema';
import type { EndpointSlice, Endpoints, Service } from '../k8s/service.schema';

/** Where an object came from: file, path inside the document, line. */
export interface SourceRef {
  file: string;
  path: JsonPath;
  line?: number;
}

/** A pod's workload: its top owner (Deployment, StatefulSet, DaemonSet, Job, CronJob, ...) or the pod itself. */
export interface WorkloadRef {
  kind: string;
  name: string;
}

/** A pod with the facts every analysis needs, next to its (namespace-filled) manifest. */
export interface PodRecord {
  namespace: string;
  name: string;
  labels: Readonly<Record<string, string>>;
  workload: WorkloadRef;
  pod: Pod;
  /** True when podnet created the pod from a controller's template. */
  generated: boolean;
  source: SourceRef;
}

/** A controller (or bare pod) as a workload, with its pod template when it has one. */
export interface WorkloadRecord {
  namespace: string;
  kind: string;
  name: string;
  replicas: number;
  template?: PodTemplateSpec;
  /** Pods in the inventory that belong to it (after expansion). */
  podNames: string[];
  source?: SourceRef;
}

/** Objects of a kind podnet does not read, reported once per kind. */
export interface SkippedKind {
  apiVersion: string;
  kind: string;
  count: number;
  first: SourceRef;
}

/** Everything read from the inputs: the design (explicit or generic default) and the normalized objects. */
export interface Inventory {
  design: ClusterDesign;
  /** False when no ClusterDesign was given and a generic cluster is assumed (cli-contract.md). */
  hasDesign: boolean;
  namespaces: Namespace[];
  nodes: Node[];
  pods: PodRecord[];
  workloads: WorkloadRecord[];
  /** DaemonSets are expanded per node by the simulation (nodes may come from node groups). */
  daemonSets: WorkloadRecord[];
  services: Service[];
  endpointSlices: EndpointSlice[];
  endpoints: Endpoints[];
  networkPolicies: NetworkPolicy[];
  adminNetworkPolicies: AdminNetworkPolicy[];
  baselineAdminNetworkPolicies: BaselineAdminNetworkPolicy[];
  ingresses: Ingress[];
  ingressClasses: IngressClass[];
  gatewayClasses: GatewayClass[];
  gateways: Gateway[];
  httpRoutes: HTTPRoute[];
  configMaps: ConfigMap[];
  skipped: SkippedKind[];
  /** Source of each object by `Kind/namespace/name` (cluster-scoped: `Kind//name`). */
  sources: ReadonlyMap<string, SourceRef>;
  warnings: string[];
}
